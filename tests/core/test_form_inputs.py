"""Derived from every AccessibleForm of the project (found by walking the subclasses after
importing every module): each CharField refuses control characters, lone surrogates, bidi
controls, nothing visible and one character over its max_length, naming the field; secrets
refuse NUL and surrogates but are kept as typed; numbers and integer keys take ASCII digits
only, whole numbers without a decimal point; dates only as YYYY-MM-DD within the calendar;
times "14:30" or "2:30 p.m."; a checkbox only as a checkbox sends it; nothing raises; every
refusal reads as English whatever the label ("Your electronic signature ...", 'The field
"Line 1: amount" ...')."""

import importlib
import inspect
import pkgutil
from datetime import time

import pytest
from django import forms

import efiling
from efiling.accounts.models import Role
from efiling.core.forms import AccessibleForm
from tests import factories
from tests.wording import assert_reads_well


def _all_forms() -> list[type[AccessibleForm]]:
    for module in pkgutil.walk_packages(efiling.__path__, "efiling."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)
    found, todo = set(), [AccessibleForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.add(sub)
            todo.append(sub)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


FORMS = _all_forms()


def _parameters(cls) -> set[str]:
    names = set()
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is not None:
            names |= set(inspect.signature(init).parameters)
    return names


@pytest.fixture
def build(court, attorney):
    case = factories.case(court, counsel=[attorney])
    judge = factories.court_staff(Role.JUDGE, court)
    context = {
        "court": court,
        "case": case,
        "judges": [judge],
        "signers": [attorney],
        "owners": [attorney],
        "codes": (),
        "entries": (),
        "courts": [court],
        "actions": ["case.viewed"],
        "hours": {0: (time(8, 0), time(17, 0))},
        "parties": [],
        "counties": ["Boone County"],
        "manner": "sheriff",
        "by_sheriff": True,
        "attorney": True,
    }

    def make(cls, data=None):
        kwargs = {k: v for k, v in context.items() if k in _parameters(cls)}
        if "user" in _parameters(cls):  # Django's password forms take the user first
            return cls(attorney, data, **kwargs)
        return cls(data, **kwargs)

    return make


def test_the_walk_finds_the_forms():
    names = {c.__name__ for c in FORMS}
    assert {"PartyForm", "SignInForm", "ReviewDecisionForm", "ScheduleForm"} <= names


def _text_cases(field: forms.CharField):
    yield "NUL", "a\x00b"
    yield "surrogate", "Probe\ud800"
    yield "bidi override", "Law\u202eson"
    yield "bidi isolate", "A\u2067b"
    yield "nothing visible", "\u200b\u200b"
    yield "only combining marks", "\u0301\u0301"
    yield "tag characters", "Smith\U000e0041"
    yield "interlinear annotation", "Smith\ufff9v"
    yield "not UTF-8 (decoded as U+FFFD)", "\ufffd\ufffdname"
    yield "private use", "Acme\ue000"
    yield "noncharacter", "Acme\ufdd0"
    if not isinstance(field.widget, forms.Textarea):
        yield "line separator", "Smith\u2028Jones"
    yield "too long", "x" * (field.max_length + 1)


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FORMS, ids=lambda c: c.__name__)
def test_every_field_of_every_form_refuses_bad_input_naming_it(cls, build):
    form = build(cls)
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if isinstance(field, forms.CharField):
            secret = form.is_secret(name)
            assert secret or field.max_length, f"{cls.__name__}.{name} declares no max_length"
            cases = (
                [("NUL", "a\x00b"), ("surrogate", "a\udc00"), ("not UTF-8", "pass\ufffd")]
                if secret
                else _text_cases(field)
            )
        elif isinstance(field, (forms.IntegerField, forms.DecimalField)) or (
            isinstance(field, forms.ModelChoiceField) and field.to_field_name is None
        ):
            cases = [
                ("superscript", "\u00b2"),
                ("arabic-indic", "\u0661"),
                ("fullwidth", "\uff15"),
                ("huge", "9" * 60),
                ("plus sign", "+5"),
                ("thousands separator", "1,000"),
            ]
            if not isinstance(field, forms.DecimalField):
                cases.append(("decimal point", "5.0"))
        elif isinstance(field, forms.DateField):
            cases = [
                ("far future", "9999-12-31"),
                ("year one", "0001-01-01"),
                ("fullwidth digit", "\uff12022-06-15"),
                ("arabic-indic digits", "\u0662\u0660\u0662\u0662-\u0660\u0666-\u0661\u0665"),
                ("US form", "6/15/22"),
                ("a date and time", "2026-01-01T00:00:00"),
                ("no dashes", "20260101"),
            ]
        elif isinstance(field, forms.TimeField):
            cases = [
                ("fullwidth", "\uff11\uff10:\uff10\uff10"),
                ("no colon", "1000"),
                ("13 p.m.", "13pm"),
                ("25 o'clock", "25:00"),
                ("60 minutes", "10:60"),
                ("a word", "noon"),
            ]
        elif isinstance(field, forms.BooleanField):
            cases = [("off", "off"), ("no", "no")]
        elif isinstance(field, forms.ChoiceField):
            cases = [("NUL", "a\x00"), ("bidi", "\u202e"), ("not UTF-8", "\ufffd")]
        else:
            continue
        for label, value in cases:
            bound = build(cls, {key: value})
            assert not bound.is_valid()
            assert name in bound.errors, f"{cls.__name__}.{name}: {label} accepted"
            for message in bound.errors[name]:
                assert_reads_well(message, str(field.label or name), f"{cls.__name__}.{name}")


STOCK_WORDS = ("Ensure this value", "Select a valid choice", "Ensure that there are")


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FORMS, ids=lambda c: c.__name__)
def test_numbers_out_of_bounds_and_unknown_choices_are_refused_in_the_fields_words(cls, build):
    """The trial met Django's stock refusals ("Ensure this value is greater than or equal to
    0.", "Select a valid choice. 4 is not one of the available choices.") and a "---------"
    list entry: every form says them in its field's words."""
    form = build(cls)
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if isinstance(field, (forms.IntegerField, forms.DecimalField)):
            cases = ["-1", "99999999999999", "1.999"]
        elif isinstance(field, forms.ChoiceField):
            cases = ["not-one-of-them", "999999"]
            assert "---------" not in str(form[name]), f"{cls.__name__}.{name} lists dashes"
        else:
            continue
        for value in cases:
            bound = build(cls, {key: value})
            bound.is_valid()
            for message in bound.errors.get(name, []):
                assert not message.startswith(STOCK_WORDS), f"{cls.__name__}.{name}: {message}"


@pytest.mark.django_db
def test_a_secret_is_kept_exactly_as_typed(build):
    from efiling.accounts.forms import SignInForm

    form = build(SignInForm, {"email": "a@example.com", "password": " pass word\u0301 "})
    assert form.is_valid() and form.cleaned_data["password"] == " pass word\u0301 "


@pytest.mark.django_db
def test_text_is_normalised_and_trimmed_and_real_names_keep_their_joiners(build):
    from efiling.filings.forms import PartyForm

    form = build(
        PartyForm,
        {
            "kind": "person",
            "role": "petitioner",
            "first_name": " Jose\u0301 ",
            "last_name": "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647",
        },
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["first_name"] == "Jos\u00e9"
    assert form.cleaned_data["last_name"] == "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647"
