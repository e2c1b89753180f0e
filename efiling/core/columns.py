"""The last line of defence for text columns: before any row of an efiling app is saved, each
text column is checked for NUL, lone surrogates and its max_length (and every string inside a
JSON column for NUL and lone surrogates, which PostgreSQL's jsonb refuses too), and the save is
refused with ValidationFailed (422) naming the field. Input is cleaned long before
(efiling.core.text, forms, API schemas); this guard makes sure that an input path someone forgot
never becomes a PostgreSQL DataError (a 500) or a value SQLite stores silently.

It guards data integrity, not a business rule, so it is a pre_save receiver (registered by
efiling.core's AppConfig). QuerySet.update(), bulk_create() and bulk_update() send no signal:
call sites that write user text that way call `text_columns_check` or `text_values_check`.
"""

from __future__ import annotations

import re

from django.db import models

from efiling.core.errors import ValidationFailed
from efiling.core.words import field_subject

APP_PREFIX = "efiling."
_SURROGATE = re.compile("[\ud800-\udfff]")


def column_max_length(model: type[models.Model], name: str) -> int:
    """The max_length of a text column: the one source for every input limit on it (forms and
    API schemas declare it rather than a second literal)."""
    return model._meta.get_field(name).max_length


def _problem(value: str, max_length: int | None) -> str | None:
    if "\x00" in value:
        return "holds a NUL character"
    if _SURROGATE.search(value):
        return "holds a character that is not valid Unicode (a lone surrogate)"
    if max_length is not None and len(value) > max_length:
        return f"is at most {max_length} characters ({len(value)} given)"
    return None


def _json_strings(value):
    """Every string inside a JSON value: keys, items and values, at any depth."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _json_strings(key)
            yield from _json_strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _json_strings(item)


def _check(field: models.Field, value) -> None:
    if isinstance(field, models.JSONField):
        for text in _json_strings(value):
            problem = _problem(text, None)
            if problem:
                raise ValidationFailed(
                    f"{field_subject(field.verbose_name)} {problem}.", field=field.name
                )
        return
    if not isinstance(field, (models.CharField, models.TextField)) or not isinstance(value, str):
        return
    problem = _problem(value, field.max_length)
    if problem:
        raise ValidationFailed(f"{field_subject(field.verbose_name)} {problem}.", field=field.name)


def text_columns_check(instance: models.Model, fields=None) -> None:
    """Refuse (ValidationFailed naming the field) a row whose text columns hold NUL, a lone
    surrogate or more than their max_length; `fields`: only these field names."""
    for field in instance._meta.concrete_fields:
        if fields is None or field.name in fields or field.attname in fields:
            _check(field, getattr(instance, field.attname, None))


def text_values_check(model: type[models.Model], values: dict) -> None:
    """The same check for the values of a QuerySet.update(**values)."""
    for name, value in values.items():
        _check(model._meta.get_field(name), value)


def guard_text_columns(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    """pre_save receiver: rows of the efiling apps only (fixtures loaded raw are trusted)."""
    if raw or not sender.__module__.startswith(APP_PREFIX):
        return
    text_columns_check(instance, update_fields)
