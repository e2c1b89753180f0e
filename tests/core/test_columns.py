"""Derived from every text column of every model of the efiling apps: saving NUL, a lone
surrogate or one character over the column is refused with ValidationFailed naming the field,
on SQLite and PostgreSQL alike, and nothing is written."""

import pytest
from django.apps import apps
from django.db import models

from efiling.core.columns import text_values_check
from efiling.core.errors import ValidationFailed


def _text_columns():
    for model in apps.get_models():
        if not model.__module__.startswith("efiling."):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)):
                yield pytest.param(model, field, id=f"{model._meta.label}.{field.name}")


COLUMNS = list(_text_columns())
JSON_COLUMNS = [
    pytest.param(model, field, id=f"{model._meta.label}.{field.name}")
    for model in apps.get_models()
    if model.__module__.startswith("efiling.")
    for field in model._meta.concrete_fields
    if isinstance(field, models.JSONField)
]


def test_the_walk_finds_the_columns_it_must_guard():
    ids = {p.id for p in COLUMNS}
    assert {"cases.Party.last_name", "filings.Envelope.caption", "filings.Document.title"} <= ids
    assert len(ids) > 80


def _bad_values(field):
    yield "NUL", "a\x00b"
    yield "surrogate", "Probe\ud800"
    if field.max_length:
        yield "too long", "x" * (field.max_length + 1)


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "field"), COLUMNS)
def test_every_text_column_refuses_what_the_database_would_break_on(model, field):
    before = model._base_manager.count()
    for label, value in _bad_values(field):
        row = model(**{field.attname: value})
        with pytest.raises(ValidationFailed) as refused:
            row.save()
        assert refused.value.field == field.name, label
        assert refused.value.status == 422
        assert str(field.verbose_name) in refused.value.message
    assert model._base_manager.count() == before


@pytest.mark.parametrize(("model", "field"), COLUMNS[:5])
def test_values_for_queryset_update_are_checked_the_same_way(model, field):
    with pytest.raises(ValidationFailed):
        text_values_check(model, {field.name: "a\x00"})


def test_the_walk_finds_the_json_columns():
    assert {"filings.Document.redaction_findings", "audit.AuditEvent.details"} <= {
        p.id for p in JSON_COLUMNS
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "field"), JSON_COLUMNS)
def test_every_json_column_refuses_nul_and_surrogates_anywhere_inside(model, field):
    """PostgreSQL's jsonb refuses \u0000 (a DataError, a 500); SQLite would store it."""
    before = model._base_manager.count()
    for value in ({"excerpt": "a\x00b"}, [{"k": ["Probe\ud800"]}], {"x\x00": 1}):
        with pytest.raises(ValidationFailed) as refused:
            model(**{field.attname: value}).save()
        assert refused.value.field == field.name
    assert model._base_manager.count() == before
