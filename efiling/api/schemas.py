"""What every API input schema shares: text cleaned in the one place (efiling.core.text),
limits from the model columns, enums from the model choices, and the error shape.

Every str field of an input schema (body, query and path alike: scalar query and path
parameters are schemas too, through Query[...] and Path[...]) declares max_length, taken from
the column it lands in (`column(Party, "last_name")`), never a second literal; the validator
runs each through clean_text with that limit, so control characters, lone surrogates, bidi
controls, text with nothing visible or too many characters answer 422 naming the field.
A secret (`secret=True`) is never trimmed or normalised. Dates must lie in the calendar's
years. tests/api/test_api_inputs.py walks the OpenAPI document to hold every field to this.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from annotated_types import MaxLen
from django.db import models
from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import model_validator

from efiling.core.columns import column_max_length
from efiling.core.text import check_secret, clean_text, date_in_range


class ErrorOut(Schema):
    detail: str
    code: str = Field(description="A short, stable code, e.g. invalid, not_found, too_large.")
    field: str | None = Field(None, description="The input at fault, when one is.")


# Every operation can answer these; an operation adds those its own rules give.
COMMON_ERRORS = {400: ErrorOut, 413: ErrorOut, 414: ErrorOut, 422: ErrorOut, 500: ErrorOut}


def errors(*statuses: int) -> dict:
    """The error answers an operation declares: the common ones and `statuses`."""
    return {**COMMON_ERRORS, **dict.fromkeys(statuses, ErrorOut)}


def choices(text_choices: type[models.TextChoices]) -> Any:
    """A Literal of a model's choices: the OpenAPI enum comes from the one list."""
    return Literal[tuple(text_choices.values)]


def column(model: type[models.Model], name: str, default: Any = ..., **kwargs) -> Any:
    """A str field limited to its column's max_length."""
    return Field(default, max_length=column_max_length(model, name), **kwargs)


def text(max_length: int, default: Any = ..., *, secret: bool = False, **kwargs) -> Any:
    """A str field whose limit is not a column (a search text, a key kept elsewhere);
    `secret`: kept exactly as sent (passwords, tokens, keys)."""
    extra = {"x-secret": True} if secret else None
    return Field(default, max_length=max_length, json_schema_extra=extra, **kwargs)


def _max_length(info) -> int | None:
    return next((m.max_length for m in info.metadata if isinstance(m, MaxLen)), None)


class InputSchema(Schema):
    """The base of every input schema: see the module's docstring."""

    @model_validator(mode="before")
    @classmethod
    def _clean_text_fields(cls, data):
        # ninja's own root validator has wrapped the input in a DjangoGetter by now.
        wrapped = isinstance(data, DjangoGetter)
        source = data._obj if wrapped else data
        if not isinstance(source, dict):
            return data
        cleaned = dict(source)
        for name, info in cls.model_fields.items():
            key = info.alias or name
            value = cleaned.get(key)
            if not isinstance(value, str):
                continue
            limit = _max_length(info)
            if limit is None:
                continue  # an enum: validated against its values
            if (info.json_schema_extra or {}).get("x-secret"):
                cleaned[key] = check_secret(value, field=key, max_length=limit)
            else:
                cleaned[key] = clean_text(value, field=key, max_length=limit)
        return DjangoGetter(cleaned, cls, data._context) if wrapped else cleaned

    @model_validator(mode="after")
    def _dates_in_range(self):
        for name, info in type(self).model_fields.items():
            value = getattr(self, name)
            if isinstance(value, date):
                day = value.date() if isinstance(value, datetime) else value
                date_in_range(day, field=info.alias or name)
        return self
