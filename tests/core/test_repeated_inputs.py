"""A value that takes one value, sent more than once, is refused, never read as its last:
every single-valued field of every AccessibleForm (walking them all, as test_form_inputs
does), and the query parameters and posted buttons views read (efiling.core.query). A
parameter no view reads (utm_* and the like) stays ignored."""

import pytest
from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from efiling.core.forms import REPEATED_FIELD
from tests import factories
from tests.core.test_form_inputs import FORMS, build  # noqa: F401 (build is a fixture)


def _multiple(field: forms.Field) -> bool:
    widget = field.widget
    return getattr(widget, "allow_multiple_selected", False) or isinstance(
        widget, forms.MultipleHiddenInput
    )


def _keys(form, name, field) -> list[str]:
    key = form.add_prefix(name)
    if isinstance(field.widget, forms.MultiWidget):
        return [f"{key}{suffix}" for suffix in field.widget.widgets_names]
    return [key]


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FORMS, ids=lambda c: c.__name__)
def test_every_single_valued_field_of_every_form_refuses_a_repeat(cls, build):  # noqa: F811
    fields = build(cls).fields
    for name, field in fields.items():
        if field.disabled:
            continue
        data, files = QueryDict(mutable=True), MultiValueDict()
        template = build(cls)
        for key in _keys(template, name, field):
            if isinstance(field, forms.FileField):
                files.setlist(key, ["a", "b"])
            else:
                data.setlist(key, ["1", "2"])
        form = build(cls, data)
        if files:
            form.files = files
        form.is_valid()
        said = [str(e) for e in form.errors.get(name, [])]
        where = f"{cls.__name__}.{name}"
        if _multiple(field):
            assert REPEATED_FIELD not in said, where
        else:
            assert said == [REPEATED_FIELD], (where, said)


@pytest.mark.django_db
def test_a_choice_sent_twice_changes_nothing(attorney):
    client = factories.client_for(attorney)
    before = attorney.notice_mail
    other = "digest" if before != "digest" else "at_once"
    response = client.post(
        reverse("notice-preferences"),
        f"notice_mail={other}&notice_mail={before}&digest_hour=7",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (400, 422)
    assert "Sent more than once: choose one." in response.content.decode()
    attorney.refresh_from_db()
    assert attorney.notice_mail == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "query", "name"),
    [
        ("notices", "case=1&case=2", "case"),
        ("notices", "page=1&page=1", "page"),
        ("filing-start", "case=A&case=B", "case"),
    ],
)
def test_a_query_parameter_given_twice_is_refused_naming_it(attorney, route, query, name):
    response = factories.client_for(attorney).get(f"{reverse(route)}?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert f"query parameter {name} is given 2 times" in page


@pytest.mark.django_db
def test_a_posted_button_given_twice_is_refused(attorney, court):
    case = factories.case(court, counsel=[attorney])
    response = factories.client_for(attorney).post(
        reverse("case-tracking", args=[case.pk]), {"action": ["track", "untrack"]}
    )
    assert response.status_code == 400
    assert "field action is given 2 times" in response.content.decode()


@pytest.mark.django_db
def test_parameters_no_view_reads_stay_ignored(attorney):
    client = factories.client_for(attorney)
    assert client.get(reverse("notices") + "?utm_source=mail&utm_source=x").status_code == 200
