"""A page whose form came back with errors starts its title with "Error: " (WCAG 2.1 3.3.1:
a screen reader reads the title first), whatever the form is called: base.html's
{% error_title_prefix %} looks at every form of the page (found by issue 15's trial on the
contact form, the maintenance and incident pages and the help desk's pages)."""

import re

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse

from efiling.accounts.models import Role
from tests import factories


def _title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


@pytest.mark.django_db
def test_a_form_with_errors_gives_the_title_its_prefix(client, court):
    assert _title(client.get(reverse("help-contact"))).startswith("Write to the help desk")
    refused = client.post(reverse("help-contact"), {"subject": "Locked out"})
    assert _title(refused).startswith("Error: "), _title(refused)
    administrator = factories.client_for(factories.court_staff(Role.COURT_ADMINISTRATOR, court))
    for name in ("courtadmin-maintenance", "courtadmin-incidents"):
        assert not _title(administrator.get(reverse(name))).startswith("Error: ")
        refused = administrator.post(reverse(name), {"start_date": "13/45/2026"})
        assert _title(refused).startswith("Error: "), name


class _Form(forms.Form):
    name = forms.CharField()


@pytest.mark.parametrize(
    ("value", "prefixed"),
    [
        (_Form(), False),
        (_Form(data={"name": "x"}), False),
        (_Form(data={}), True),
        (forms.formset_factory(_Form, min_num=1, validate_min=True)(data={}), True),
    ],
)
def test_the_prefix_looks_at_every_form_of_the_page(value, prefixed):
    rendered = Template("{% load titles %}{% error_title_prefix %}").render(
        Context({"any_name": value})
    )
    assert rendered == ("Error: " if prefixed else "")
