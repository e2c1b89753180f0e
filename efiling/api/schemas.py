"""What every API input schema shares: text cleaned in the one place (efiling.core.text),
limits from the model columns, enums from the model choices, values in one plain form, and
the error shape.

Every str field of an input schema (body, query and path alike: scalar query and path
parameters are schemas too, through Query[...] and Path[...]) declares max_length, taken from
the column it lands in (`column(Party, "last_name")`), never a second literal; the validator
runs each through clean_text with that limit, so control characters, lone surrogates, bidi
and other invisible controls, U+FFFD, text with nothing visible or too many characters answer
422 naming the field. A secret (`secret=True`) is never trimmed or normalised. Dates must lie
in the calendar's years.

Nothing is read leniently:
- A JSON body is a `BodySchema`: a field it does not have is refused (pydantic's
  extra="forbid": the OpenAPI document says `additionalProperties: false`), and values are of
  their own JSON type (strict mode): no "1", 1.0 or true for a number, no "yes", 1 or "off" for
  a boolean. (The body itself is read by api.parser.StrictJsonParser.)
- A query or path value is text, so each scalar of another type is declared with the type
  that reads its one plain form: `PlainInt` (ASCII digits only: not "1.0", "+1", " 5", "5.0",
  "\uff15"), `PlainDate` (YYYY-MM-DD only: not a datetime, "20260101" or a number of seconds),
  `PlainBool` ("true" or "false"), `PlainUUID` (8-4-4-4-12 hexadecimal digits, as the API
  gives ids: not without dashes, in braces or as a URN).
tests/api/test_api_inputs.py walks the OpenAPI document to hold every field to all of this.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal, get_args
from uuid import UUID

from annotated_types import MaxLen
from django.db import models
from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import BeforeValidator, ConfigDict, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from efiling.core.columns import column_max_length
from efiling.core.errors import ValidationFailed
from efiling.core.text import INT_MAX, ISO_DATE, check_secret, clean_text, date_in_range


class ErrorOut(Schema):
    detail: str
    code: str = Field(description="A short, stable code, e.g. invalid, not_found, too_large.")
    field: str | None = Field(None, description="The input at fault, when one is.")
    add_funds_url: str | None = Field(
        None,
        description=(
            "With insufficient_funds: the page where the account's owner adds funds (or start a "
            "deposit with StartDeposit)."
        ),
    )
    attempt_reference: str | None = Field(
        None,
        description=(
            'ReviewFiling and ServeFiling: the reference (such as "FA-7K3M-Q9XD") of the filing '
            "attempt this answer recorded (Rule 103.06; GetFilingAttemptList lists them)."
        ),
    )


# Every operation can answer these (411: a body sent without a Content-Length, refused before
# any operation reads it; 503 with Retry-After: the database away, `database_unavailable`, or
# planned maintenance, `maintenance`, which stops every change in the courts a window covers and
# a covered court's public cases); an operation adds those its own rules give (415 where a body
# is read).
COMMON_ERRORS = {
    400: ErrorOut,
    411: ErrorOut,
    413: ErrorOut,
    414: ErrorOut,
    422: ErrorOut,
    500: ErrorOut,
    503: ErrorOut,
}


def errors(*statuses: int) -> dict:
    """The error answers an operation declares: the common ones and `statuses`."""
    return {**COMMON_ERRORS, **dict.fromkeys(statuses, ErrorOut)}


def choices(text_choices: type[models.TextChoices]) -> Any:
    """A Literal of a model's choices: the OpenAPI enum comes from the one list."""
    return Literal[tuple(text_choices.values)]


def column(model: type[models.Model], name: str, default: Any = ..., **kwargs) -> Any:
    """A str field limited to its column's max_length."""
    return Field(default, max_length=column_max_length(model, name), **kwargs)


def text(
    max_length: int, default: Any = ..., *, secret: bool = False, multiline: bool = False, **kwargs
) -> Any:
    """A str field whose limit is not a column (a search text, a key kept elsewhere);
    `secret`: kept exactly as sent (passwords, tokens, keys); `multiline`: may hold line
    breaks and tabs (a message)."""
    extra = {"x-secret": True} if secret else {"x-multiline": True} if multiline else None
    return Field(default, max_length=max_length, json_schema_extra=extra, **kwargs)


_WHOLE_NUMBER = re.compile("[0-9]{1,19}")
_UUID = re.compile("[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


def _plain(pattern: re.Pattern, words: str, example: str):
    """A BeforeValidator that lets text through only when all of it matches `pattern` (values
    that are not text, such as a default, pass to the type's own check)."""

    def check(value):
        if isinstance(value, str) and not pattern.fullmatch(value):
            raise PydanticCustomError("plain_form", f"must be {words}, for example {example}")
        return value

    return BeforeValidator(check)


def _plain_int(value):
    if isinstance(value, str) and (not _WHOLE_NUMBER.fullmatch(value) or int(value) > INT_MAX):
        raise PydanticCustomError(
            "plain_form", "must be a whole number in plain digits (0-9), for example 5"
        )
    return value


def _plain_bool(value):
    if isinstance(value, str):
        if value not in ("true", "false"):
            raise PydanticCustomError("plain_form", "must be true or false")
        return value == "true"
    return value


PlainInt = Annotated[int, BeforeValidator(_plain_int)]
PlainDate = Annotated[date, _plain(ISO_DATE, "a date written YYYY-MM-DD", "2026-03-02")]
PlainBool = Annotated[bool, BeforeValidator(_plain_bool)]
PlainUUID = Annotated[
    UUID,
    _plain(
        _UUID,
        "an id as the API gives it (8-4-4-4-12 hexadecimal digits)",
        "0b9e6a3c-5d2f-4e8a-9c1b-7f3e2d1a0b9c",
    ),
]


def _max_length(info) -> int | None:
    return next((m.max_length for m in info.metadata if isinstance(m, MaxLen)), None)


def _nested_schemas(annotation) -> list[type]:
    """The input schemas a field holds (`AddressIn | None`, `list[PartyIn]`)."""
    if isinstance(annotation, type) and issubclass(annotation, InputSchema):
        return [annotation]
    return [found for arg in get_args(annotation) for found in _nested_schemas(arg)]


def _nested_check(annotation, value, key: str) -> None:
    """Run a nested object's own checks (its text fields, its ranges) first, so that a refusal
    they raise names the field by its whole path ("address.city", "parties.1.name"), as
    pydantic's own refusals do; what pydantic refuses is left to the real validation."""
    schemas = _nested_schemas(annotation)
    if len(schemas) != 1:
        return
    items = value if isinstance(value, list) else [value]
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        path = f"{key}.{index}" if isinstance(value, list) else key
        try:
            schemas[0].model_validate(item)
        except ValidationFailed as refusal:
            refusal.field = f"{path}.{refusal.field}" if refusal.field else path
            raise
        except ValidationError:
            continue


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
            if isinstance(value, dict | list):
                _nested_check(info.annotation, value, key)
            if not isinstance(value, str):
                continue
            limit = _max_length(info)
            if limit is None:
                continue  # an enum: validated against its values
            # A field's `title`, when it has one, names it in the message ("The date and
            # time served is at most 16 characters."), else its name in words.
            extra = info.json_schema_extra or {}
            if extra.get("x-secret"):
                cleaned[key] = check_secret(value, field=key, max_length=limit, label=info.title)
            else:
                cleaned[key] = clean_text(
                    value,
                    field=key,
                    max_length=limit,
                    label=info.title,
                    multiline=bool(extra.get("x-multiline")),
                )
        return DjangoGetter(cleaned, cls, data._context) if wrapped else cleaned

    @model_validator(mode="after")
    def _values_in_range(self):
        """Dates within the calendar's years; whole numbers (alone or in a list) within what
        a database column holds, so that no id or count reaches a query as an overflow."""
        for name, info in type(self).model_fields.items():
            value, field = getattr(self, name), info.alias or name
            if isinstance(value, date):
                day = value.date() if isinstance(value, datetime) else value
                date_in_range(day, field=field)
            for number in value if isinstance(value, list | tuple) else (value,):
                whole = isinstance(number, int) and not isinstance(number, bool)
                if whole and not -INT_MAX <= number <= INT_MAX:
                    raise ValidationFailed(
                        f"{field} is out of range: no id or count here is larger than {INT_MAX:,}.",
                        field=field,
                    )
        return self


class BodySchema(InputSchema):
    """The base of every JSON request body: unknown fields are refused, naming them (a typo
    such as "case_nubmer" must not quietly start a new case), and every value must be of its
    own JSON type (strict: no "1", 1.0 or true for a number, no "yes", 1 or "off" for a
    boolean)."""

    model_config = ConfigDict(extra="forbid", strict=True)
