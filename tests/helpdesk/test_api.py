"""CreateHelpTicket: a signed-in caller's request to the help desk through the API."""

from django.test import Client

from efiling.accounts.models import Role
from efiling.accounts.tokens import api_token_create
from efiling.helpdesk.models import HelpTicket
from tests import factories


def _token_client(user) -> Client:
    _, secret = api_token_create(user=user, name="t", scope="file")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_a_signed_in_caller_creates_a_ticket(attorney):
    answer = _token_client(attorney).post(
        "/api/v1/help-tickets",
        {"subject": "Receipt", "body": "Where is it?\nLine two."},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    ticket = HelpTicket.objects.get()
    assert ticket.requester == attorney
    assert ticket.messages.get().body == "Where is it?\nLine two."
    assert answer.json()["link"].endswith(f"/help/requests/{ticket.public_id}/")


def test_signed_out_and_bad_input_are_refused_in_words(attorney):
    assert (
        Client()
        .post(
            "/api/v1/help-tickets", {"subject": "x", "body": "y"}, content_type="application/json"
        )
        .status_code
        == 401
    )
    client = _token_client(attorney)
    missing = client.post("/api/v1/help-tickets", {"subject": "x"}, content_type="application/json")
    assert missing.status_code == 422
    too_long = client.post(
        "/api/v1/help-tickets",
        {"subject": "x" * 201, "body": "y"},
        content_type="application/json",
    )
    assert too_long.status_code == 422 and "subject" in too_long.json()["detail"].lower()
    assert not HelpTicket.objects.exists()


def test_the_api_is_throttled_with_the_contact_form(attorney, settings):
    settings.EFILING_HELP_TICKET_RATE = "1/h"
    client = _token_client(attorney)
    body = {"subject": "x", "body": "y"}
    assert (
        client.post("/api/v1/help-tickets", body, content_type="application/json").status_code
        == 201
    )
    refused = client.post("/api/v1/help-tickets", body, content_type="application/json")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert HelpTicket.objects.count() == 1


def test_help_desk_accounts_may_write_too(db):
    desk = factories.user(Role.HELP_DESK)
    client = factories.client_for(desk)
    assert client.get("/help/requests/").status_code == 200
