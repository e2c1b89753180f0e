"""Requests to the help desk: the help page, the contact form signed in and out, the help desk's
answer and who is told, who sees the thread."""

import smtplib
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.mail.backends import locmem
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from efiling.accounts.models import Role
from efiling.audit.models import AuditEvent
from efiling.helpdesk.models import HelpTicket
from efiling.helpdesk.services import NO_SUCH_TICKET, ticket_token
from efiling.service.delivery import message_queue, notice_delivery_attempt
from efiling.service.models import Notice, NoticeDelivery
from tests import factories
from tests.conftest import link_in


@pytest.fixture
def desk(db):
    return factories.user(Role.HELP_DESK)


def _contact(client, **fields):
    data = {"subject": "Cannot upload", "body": "The upload stops at 50%."}
    data.update(fields)
    return client.post(reverse("help-contact"), data)


@pytest.mark.parametrize(
    ("instant", "words"),
    [
        (datetime(2026, 11, 25, 16, 0, tzinfo=UTC), "open now"),  # Wednesday 10 a.m.
        (datetime(2026, 11, 26, 16, 0, tzinfo=UTC), "closed now"),  # Thanksgiving 10 a.m.
        (datetime(2026, 6, 19, 15, 0, tzinfo=UTC), "closed now"),  # Juneteenth 10 a.m.
    ],
)
def test_the_help_page_says_whether_the_desk_is_open(
    courts, pinned_clock, settings, instant, words
):
    pinned_clock(instant)
    page = Client().get(reverse("help")).content.decode()
    assert f"The help desk is <strong>{words}</strong>" in page
    assert settings.EFILING_HELP_DESK_EMAIL in page
    assert settings.EFILING_HELP_DESK_PHONE in page
    assert "best hours" in page
    assert "Rule 103.06" in page
    assert 'href="/help/"' in page  # the footer's link, on every page


def test_signed_out_request_mails_a_private_link_and_the_answer(
    desk, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _contact(Client(), name="Pat Doe", email="pat@example.test")
    assert response.status_code == 200
    ticket = HelpTicket.objects.get()
    assert ticket.requester is None and ticket.email == "pat@example.test"
    [created] = mailoutbox
    link = link_in(created.body)
    assert link == reverse("help-ticket-by-link", args=[ticket_token(ticket)])
    assert "The upload stops at 50%." in Client().get(link).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        answered = factories.client_for(desk).post(
            reverse("help-desk-answer", args=[ticket.public_id]), {"body": "Try a smaller file."}
        )
    assert answered.status_code == 302
    assert link_in(mailoutbox[1].body) == link
    page = Client().get(link).content.decode()
    assert "Try a smaller file." in page
    assert Client().post(link, {"body": "That worked."}).status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == HelpTicket.Status.AWAITING_HELP_DESK
    assert AuditEvent.objects.filter(action="help_ticket.created", actor_id=None).exists()


def test_signed_out_request_needs_name_and_e_mail(db):
    response = _contact(Client())
    assert response.status_code == 400
    assert not HelpTicket.objects.exists()


def test_a_made_up_or_altered_link_is_not_found(
    desk, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _contact(Client(), name="Pat Doe", email="pat@example.test")
    link = link_in(mailoutbox[0].body)
    altered = link[:-2] + ("A" if link[-2] != "A" else "B") + "/"
    for path in (altered, reverse("help-ticket-by-link", args=["made-up"])):
        response = Client().get(path)
        assert response.status_code == 404
        assert NO_SUCH_TICKET in response.content.decode()


def test_signed_in_request_is_answered_with_a_notice(attorney, desk, mailoutbox):
    client = factories.client_for(attorney)
    response = _contact(client)
    ticket = HelpTicket.objects.get()
    assert response.url == reverse("help-ticket", args=[ticket.public_id])
    assert ticket.requester == attorney and ticket.email == attorney.email
    assert mailoutbox == []  # signed in: the account's pages, no link by e-mail
    factories.client_for(desk).post(
        reverse("help-desk-answer", args=[ticket.public_id]),
        {"body": "Done.", "close": "on"},
    )
    notice = Notice.objects.get(recipient=attorney, kind=Notice.Kind.HELP_DESK)
    assert notice.link == reverse("help-ticket", args=[ticket.public_id])
    page = client.get(notice.link).content.decode()
    assert "Done." in page and "This request is closed" in page
    assert client.post(notice.link, {"body": "One more thing"}).status_code == 409


def test_another_users_ticket_reads_as_a_missing_one(attorney, db):
    _contact(factories.client_for(attorney))
    ticket = HelpTicket.objects.get()
    other = factories.client_for(factories.user(Role.ATTORNEY))
    theirs = other.get(reverse("help-ticket", args=[ticket.public_id]))
    missing = other.get(reverse("help-ticket", args=["00000000-0000-4000-8000-000000000000"]))
    assert theirs.status_code == missing.status_code == 404
    assert NO_SUCH_TICKET in theirs.content.decode()
    assert theirs.content.decode().count(NO_SUCH_TICKET) == missing.content.decode().count(
        NO_SUCH_TICKET
    )
    # nor by the signed-out link's route: an account's ticket has none
    assert (
        Client().get(reverse("help-ticket-by-link", args=[ticket_token(ticket)])).status_code == 404
    )


def test_the_contact_form_is_throttled_per_address(db, settings, mailoutbox):
    settings.EFILING_HELP_TICKET_RATE = "2/h"
    client = Client()
    for _ in range(3):  # a form sent back for correction uses none of the limit (trial 15)
        assert _contact(client, name="Pat", email="").status_code == 400
    for _ in range(2):
        assert _contact(client, name="Pat", email="pat@example.test").status_code == 200
    refused = _contact(client, name="Pat", email="pat@example.test")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert HelpTicket.objects.count() == 2


def test_the_help_desk_home_lists_the_waiting_requests(attorney, desk):
    _contact(factories.client_for(attorney), subject="Where is my receipt?")
    page = factories.client_for(desk).get(reverse("my-home")).content.decode()
    assert "Where is my receipt?" in page


def test_a_failing_mail_server_neither_loses_the_e_mail_nor_fails_the_request(
    desk, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    """The contact form's and the answer's e-mails go through the notices' queue: queued with
    the ticket, tried after the commit, kept and retried when the mail server fails."""

    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("the mail server went away")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        response = _contact(Client(), name="Pat Doe", email="pat@example.test")
    assert response.status_code == 200 and "pat@example.test" in response.content.decode()
    ticket = HelpTicket.objects.get()
    delivery = NoticeDelivery.objects.get(address="pat@example.test")
    assert delivery.recipient is None and not delivery.notices.exists()
    assert delivery.state == NoticeDelivery.State.QUEUED and delivery.attempts == 1
    assert "went away" in delivery.last_error and delivery.next_attempt_at is not None
    assert delivery.subject == "Your request to the e-filing help desk: Cannot upload"
    with django_capture_on_commit_callbacks(execute=True):
        answered = factories.client_for(desk).post(
            reverse("help-desk-answer", args=[ticket.public_id]), {"body": "Try again."}
        )
    assert answered.status_code == 302  # the answer is saved, its e-mail queued
    assert NoticeDelivery.objects.filter(address="pat@example.test").count() == 2
    monkeypatch.undo()
    with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1)):
        assert notice_delivery_attempt(delivery.pk) == "sent"
    [mail] = mailoutbox
    assert mail.to == ["pat@example.test"] and mail.subject == delivery.subject
    assert link_in(mail.body) == reverse("help-ticket-by-link", args=[ticket_token(ticket)])
    assert mail.extra_headers["Message-ID"] == delivery.message_id
    delivery.refresh_from_db()
    assert delivery.state == NoticeDelivery.State.SENT


def test_a_message_of_its_own_has_a_text(db):
    with transaction.atomic(), pytest.raises(ValueError):
        message_queue(address="pat@example.test", subject="Hello", body="")
    with pytest.raises(IntegrityError), transaction.atomic():
        NoticeDelivery.objects.create(
            address="pat@example.test", message_id="<x@y>", created_at=datetime.now(UTC)
        )
