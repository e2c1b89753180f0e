"""A refusal because of the state of things (a Conflict: signed, decided, cancelled meanwhile)
is shown on every page the same way: 409, its message in a USWDS alert inside the normal page
frame, with the error's links and the way home; the API answers the same refusal as JSON."""

import json

import pytest
from django import forms
from django.test import RequestFactory

from efiling.core.errors import Conflict, ValidationFailed, error_links
from efiling.core.forms import AccessibleForm, add_domain_error
from efiling.core.middleware import DomainErrorMiddleware
from tests import factories


class NoteForm(AccessibleForm):
    note = forms.CharField(label="Note", max_length=50)


def test_a_conflict_about_the_input_stays_on_the_form():
    form = NoteForm({"note": "x"})
    form.is_valid()
    add_domain_error(form, Conflict("That note is taken.", field="note"))
    add_domain_error(form, ValidationFailed("Say more."))
    assert form.errors == {"note": ["That note is taken."], "__all__": ["Say more."]}


def test_a_conflict_about_the_state_goes_to_the_error_page():
    form = NoteForm({"note": "x"})
    form.is_valid()
    conflict = Conflict("This was already done.", field="other")
    with pytest.raises(Conflict) as raised:
        add_domain_error(form, conflict)
    assert raised.value is conflict


@pytest.mark.django_db
def test_the_error_page_shows_the_message_in_an_alert_with_links(rf: RequestFactory):
    request = rf.post("/court/anything/")
    request.user = factories.user()
    error = Conflict(
        "This proposed order was already signed.",
        links={"case_url": "/court/cases/1/", "order_url": "/court/cases/1/orders/2/"},
    )
    response = DomainErrorMiddleware(lambda r: None).process_exception(request, error)
    page = response.content.decode()
    assert response.status_code == 409
    assert "<h1>Not possible now</h1>" in page
    assert (
        '<div class="usa-alert usa-alert--warning" role="alert">\n  <div class="usa-alert__body">'
        '\n    <p class="usa-alert__text">This proposed order was already signed.</p>'
    ) in page
    assert '<a href="/court/cases/1/orders/2/">Read the signed order</a>' in page
    assert '<a href="/court/cases/1/">Case</a>' in page
    assert '<a href="/home/">Go to your home page</a>' in page
    assert "<header" in page and "</footer>" in page
    assert page.index("Read the signed order") < page.index(">Case<")


def test_links_on_pages_come_in_a_fixed_order_with_their_text():
    error = Conflict("x", links={"queue_url": "/q/", "add_funds_url": "/f/", "zebra_url": "/z/"})
    assert error_links(error) == [
        ("Go to the orders waiting for your signature", "/q/"),
        ("Add funds to your account", "/f/"),
        ("Zebra", "/z/"),
    ]


def test_the_api_answers_a_conflict_as_json(rf: RequestFactory):
    request = rf.post("/api/v1/anything")
    error = Conflict("Already done.", code="already_done", links={"order_url": "/o/"})
    response = DomainErrorMiddleware(lambda r: None).process_exception(request, error)
    assert response.status_code == 409
    body = {"detail": "Already done.", "code": "already_done", "order_url": "/o/"}
    assert json.loads(response.content) == body
