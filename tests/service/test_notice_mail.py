"""Notices by e-mail (issue 12): recorded with the notice, sent after the commit to a real SMTP
server, retried, refused, swept up after a lost task, digests and their unsubscribe link, and
never a word of sealed material."""

import socket
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import signing
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from efiling.accounts.models import NoticeEmail, NoticeMail, Role
from efiling.audit.models import AuditEvent
from efiling.cases.models import SecurityLevel
from efiling.core import clock
from efiling.docket.services import minute_entry_add
from efiling.service import delivery
from efiling.service.delivery import (
    FAILED,
    LEASE,
    MAX_ATTEMPTS,
    RETRY,
    SENT,
    SKIPPED,
    digest_due,
    notice_delivery_attempt,
)
from efiling.service.models import Notice, NoticeDelivery
from efiling.service.services import notices_record
from tests import factories
from tests.factories import client_for

State = NoticeDelivery.State
CAPTION = "Doe v. Quietwater Holdings"
TITLE = "Medical records of Jane Doe"


def _record(
    capture,
    recipients,
    *,
    case=None,
    subject="26SL-CC00001: order entered",
    body="Order.",
    kind=Notice.Kind.ORDER,
):
    """Record a notice in a transaction, running what it enqueues on commit."""
    with capture(execute=True), transaction.atomic():
        return notices_record(
            recipients=recipients, kind=kind, subject=subject, body=body, case=case
        )


def _whole(message) -> str:
    """Every header and part of a received message, decoded."""
    parts = [f"{name}: {value}" for name, value in message.items()]
    parts += [part.get_content() for part in message.walk() if not part.is_multipart()]
    return "\n".join(parts)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again: nothing listens there


@pytest.fixture
def extra_addresses(attorney):
    now = clock.now()
    NoticeEmail.objects.create(
        user=attorney, email="assistant@firm.example", created_at=now, confirmed_at=now
    )
    NoticeEmail.objects.create(user=attorney, email="unconfirmed@firm.example", created_at=now)


def test_a_notice_is_mailed_to_the_account_and_each_confirmed_address(
    smtp_server, attorney, court, extra_addresses, django_capture_on_commit_callbacks, settings
):
    settings.EFILING_SITE_URL = "https://efiling.courts.example"
    settings.DEFAULT_FROM_EMAIL = "notices@courts.example"
    case = factories.case(court, counsel=[attorney], number="26SL-CC00001")
    [notice] = _record(
        django_capture_on_commit_callbacks, [attorney], case=case, body="Order granting leave."
    )

    assert {m["To"] for m in smtp_server.messages} == {attorney.email, "assistant@firm.example"}
    deliveries = {d.address: d for d in NoticeDelivery.objects.all()}
    assert set(deliveries) == {attorney.email, "assistant@firm.example"}
    for message in smtp_server.messages:
        sent = deliveries[message["To"]]
        assert sent.state == State.SENT and sent.sent_at is not None and sent.attempts == 1
        assert message["Message-ID"] == sent.message_id
        assert message["Subject"] == "26SL-CC00001: order entered"
        assert message["From"] == (
            '"St. Louis County Circuit Court via efiling" <notices@courts.example>'
        )
        assert message.get_content_type() == "multipart/alternative"
        text = message.get_body(preferencelist=("plain",)).get_content()
        html = message.get_body(preferencelist=("html",)).get_content()
        link = f"https://efiling.courts.example/cases/{case.pk}/"
        assert "Order granting leave." in text and link in text
        assert "Order granting leave." in html and f'href="{link}"' in html
        assert "List-Unsubscribe" not in message  # only digests carry it
    assert list(notice.deliveries.order_by("address").values_list("state", flat=True)) == [
        State.SENT,
        State.SENT,
    ]


def test_nothing_is_mailed_when_the_event_rolls_back(
    smtp_server, attorney, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notices_record(recipients=[attorney], kind=Notice.Kind.ORDER, subject="S", body="B")
        raise RuntimeError("rolled back")
    assert smtp_server.messages == [] and not NoticeDelivery.objects.exists()


def test_in_app_only_and_disabled_accounts_get_no_mail(
    smtp_server, attorney, django_capture_on_commit_callbacks
):
    quiet = factories.user(notice_mail=NoticeMail.IN_APP)
    gone = factories.user(is_active=False)
    _record(django_capture_on_commit_callbacks, [attorney, quiet, gone])
    assert [m["To"] for m in smtp_server.messages] == [attorney.email]
    assert Notice.objects.count() == 3


def test_a_server_that_is_down_is_retried_with_backoff_and_the_same_message_id(
    smtp_server, attorney, settings, django_capture_on_commit_callbacks
):
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = _closed_port()
    _record(django_capture_on_commit_callbacks, [attorney])
    sent = NoticeDelivery.objects.get()
    assert sent.state == State.QUEUED and sent.attempts == 1
    assert "ConnectionRefusedError" in sent.last_error
    assert sent.next_attempt_at - clock.now() <= timedelta(seconds=30)
    assert sent.next_attempt_at - clock.now() > timedelta(seconds=25)

    assert notice_delivery_attempt(sent.pk) == SKIPPED  # not due yet: nothing is sent early
    settings.EMAIL_PORT = port
    with time_machine.travel(sent.next_attempt_at + timedelta(seconds=1), tick=False):
        assert notice_delivery_attempt(sent.pk) == SENT
    sent.refresh_from_db()
    assert sent.state == State.SENT and sent.attempts == 2 and sent.last_error == ""
    [message] = smtp_server.messages
    assert message["Message-ID"] == sent.message_id


def test_after_the_last_attempt_the_delivery_has_failed(
    attorney, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _closed_port()
    _record(django_capture_on_commit_callbacks, [attorney])
    sent = NoticeDelivery.objects.get()
    outcomes = []
    for _ in range(MAX_ATTEMPTS + 1):
        with time_machine.travel(sent.next_attempt_at or clock.now(), tick=False):
            outcomes.append(notice_delivery_attempt(sent.pk))
        sent.refresh_from_db()
    assert outcomes[:4] == [RETRY] * 4 and FAILED in outcomes and outcomes[-1] == SKIPPED
    assert sent.state == State.FAILED and sent.attempts == MAX_ATTEMPTS
    assert sent.next_attempt_at is None and "tried 6 times" in sent.last_error


class _Refusing:
    """An SMTP server's handler that refuses some recipients: 550 (for good) to addresses
    starting "gone", 451 (try later) to "busy" addresses the first time."""

    def __init__(self, mailbox):
        self.mailbox, self.busy_once = mailbox, set()

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address.startswith("gone"):
            return "550 5.1.1 No such mailbox"
        if address.startswith("busy") and address not in self.busy_once:
            self.busy_once.add(address)
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        return await self.mailbox.handle_DATA(server, session, envelope)


@pytest.fixture
def refusing_server(smtp_server, settings):
    from aiosmtpd.controller import Controller

    port = _closed_port()
    controller = Controller(_Refusing(smtp_server), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_PORT = port
    yield smtp_server
    controller.stop()


def test_a_refused_address_is_failed_at_once_and_a_busy_one_is_retried(
    refusing_server, attorney, django_capture_on_commit_callbacks
):
    gone = factories.user(email="gone@firm.example")
    busy = factories.user(email="busy@firm.example")
    _record(django_capture_on_commit_callbacks, [attorney, gone, busy])
    states = {d.address: d for d in NoticeDelivery.objects.all()}
    assert states[attorney.email].state == State.SENT
    refused = states["gone@firm.example"]
    assert refused.state == State.FAILED and refused.attempts == 1
    assert refused.next_attempt_at is None and "550" in refused.last_error
    waiting = states["busy@firm.example"]
    assert waiting.state == State.QUEUED and "451" in waiting.last_error
    with time_machine.travel(waiting.next_attempt_at, tick=False):
        assert notice_delivery_attempt(waiting.pk) == SENT
    assert sorted(m["To"] for m in refusing_server.messages) == [
        attorney.email,
        "busy@firm.example",
    ]


def test_the_sweep_sends_a_delivery_whose_task_was_lost(smtp_server, attorney):
    """The commit happened, the enqueue did not (the process stopped): the row waits, queued,
    and `resume_deliveries` sends it once it is overdue."""
    with transaction.atomic():  # on_commit callbacks are not run: the task is never enqueued
        notices_record(recipients=[attorney], kind=Notice.Kind.ORDER, subject="S", body="B")
    sent = NoticeDelivery.objects.get()
    call_command("resume_deliveries")
    assert smtp_server.messages == []  # not overdue yet: its task may still be on its way
    with time_machine.travel(clock.now() + delivery.RESUME_AFTER + timedelta(seconds=1)):
        call_command("resume_deliveries")
    sent.refresh_from_db()
    assert sent.state == State.SENT
    assert [m["Message-ID"] for m in smtp_server.messages] == [sent.message_id]


def test_a_worker_killed_after_the_server_accepted_sends_again_with_the_same_message_id(
    smtp_server, attorney, monkeypatch, django_capture_on_commit_callbacks
):
    """The one duplicate the design allows: the server accepted, the process stopped before
    recording it. The sweep sends again after the lease, under the same Message-ID."""
    finish = delivery._finish

    def killed(row, **fields):
        if fields.get("state") == State.SENT:
            raise KeyboardInterrupt("worker killed")
        return finish(row, **fields)

    monkeypatch.setattr(delivery, "_finish", killed)
    with pytest.raises(KeyboardInterrupt):
        _record(django_capture_on_commit_callbacks, [attorney])
    monkeypatch.setattr(delivery, "_finish", finish)
    sent = NoticeDelivery.objects.get()
    assert sent.state == State.QUEUED and len(smtp_server.messages) == 1

    with time_machine.travel(clock.now() + LEASE / 2):
        assert delivery.deliveries_resume() == []  # the lease holds: the attempt may be alive
    with time_machine.travel(clock.now() + LEASE + delivery.RESUME_AFTER + timedelta(seconds=5)):
        assert delivery.deliveries_resume() == [sent.pk]
    sent.refresh_from_db()
    assert sent.state == State.SENT and sent.attempts == 2
    first, second = smtp_server.messages
    assert first["Message-ID"] == second["Message-ID"] == sent.message_id


def test_a_sealed_cases_notice_email_has_neither_its_caption_nor_the_documents_title(
    smtp_server, attorney, court, django_capture_on_commit_callbacks
):
    case = factories.case(
        court,
        counsel=[attorney],
        number="26SL-CC00009",
        caption=CAPTION,
        security_level=SecurityLevel.SEALED,
    )
    clerk = factories.court_staff(Role.CLERK, court)
    with django_capture_on_commit_callbacks(execute=True):
        minute_entry_add(clerk=clerk, case=case, text=f"Order sealing {TITLE} ({CAPTION}).")
    [message] = smtp_server.messages
    whole = _whole(message)
    assert case.number in whole
    assert CAPTION not in whole and "Quietwater" not in whole
    assert TITLE not in whole and "Jane Doe" not in whole


# --- digests ---------------------------------------------------------------------------------

TEN_AM = datetime(2026, 12, 1, 16, 0, tzinfo=UTC)  # 10 a.m. in St. Louis


def test_the_digest_time_is_the_next_chosen_hour_in_central_time():
    assert digest_due(7, now=TEN_AM) == datetime(2026, 12, 2, 13, 0, tzinfo=UTC)
    assert digest_due(11, now=TEN_AM) == datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
    assert digest_due(10, now=TEN_AM) == datetime(2026, 12, 2, 16, 0, tzinfo=UTC)  # not now
    summer = datetime(2026, 7, 1, 16, 0, tzinfo=UTC)  # 11 a.m. daylight time
    assert digest_due(7, now=summer) == datetime(2026, 7, 2, 12, 0, tzinfo=UTC)


def test_the_digest_time_on_the_days_the_clocks_change():
    # March 14, 2027: 2 a.m. never happens in Central time; the digest goes at the first
    # instant after the skipped hour, 3 a.m. daylight time (8:00 UTC).
    spring_midnight = datetime(2027, 3, 14, 6, 0, tzinfo=UTC)
    assert digest_due(2, now=spring_midnight) == datetime(2027, 3, 14, 8, 0, tzinfo=UTC)
    assert digest_due(7, now=spring_midnight) == datetime(2027, 3, 14, 12, 0, tzinfo=UTC)
    # November 7, 2027: 1 a.m. happens twice; the digest goes at the first (daylight time,
    # 6:00 UTC), and once that has passed, not again at the second but the next day.
    autumn_midnight = datetime(2027, 11, 7, 5, 0, tzinfo=UTC)
    assert digest_due(1, now=autumn_midnight) == datetime(2027, 11, 7, 6, 0, tzinfo=UTC)
    second_one_thirty = datetime(2027, 11, 7, 7, 30, tzinfo=UTC)  # 1:30 a.m. standard time
    assert digest_due(1, now=second_one_thirty) == datetime(2027, 11, 8, 7, 0, tzinfo=UTC)


def test_a_digest_lists_the_days_notices_in_one_message_with_one_click_unsubscribe(
    smtp_server, court, django_capture_on_commit_callbacks, settings
):
    settings.EFILING_SITE_URL = "https://efiling.courts.example"
    reader = factories.user(notice_mail=NoticeMail.DIGEST, notice_digest_hour=7)
    case = factories.case(court, counsel=[reader], number="26SL-CC00002")
    with time_machine.travel(TEN_AM, tick=False):
        _record(django_capture_on_commit_callbacks, [reader], case=case, subject="First")
    with time_machine.travel(TEN_AM + timedelta(hours=5), tick=False):
        _record(django_capture_on_commit_callbacks, [reader], subject="Second", body="Hearing.")
    assert smtp_server.messages == []
    digest = NoticeDelivery.objects.get()
    assert digest.digest_due_at == datetime(2026, 12, 2, 13, 0, tzinfo=UTC)
    assert digest.notices.count() == 2

    with time_machine.travel(digest.digest_due_at + timedelta(seconds=1), tick=False):
        assert notice_delivery_attempt(digest.pk) == SENT
        _record(django_capture_on_commit_callbacks, [reader], subject="Third")
    [message] = smtp_server.messages
    assert message["Subject"] == "Court notices for Wednesday, December 2, 2026: 2 notices"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "First" in text and "Second" in text and "Hearing." in text and "Third" not in text
    assert message["From"] == "efiling <efiling@localhost>"  # notices of several courts
    unsubscribe = message["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe.startswith("https://efiling.courts.example/notices/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in text
    later = NoticeDelivery.objects.exclude(pk=digest.pk).get()  # the next day's digest
    assert later.digest_due_at == datetime(2026, 12, 3, 13, 0, tzinfo=UTC)

    # The mail provider's one-click POST: no session, no CSRF token; the reader clicks that
    # morning (the link works UNSUBSCRIBE_LINK_AGE, whatever day the suite runs).
    path = unsubscribe.removeprefix("https://efiling.courts.example")
    with time_machine.travel(digest.digest_due_at + timedelta(hours=1), tick=False):
        assert Client().get(path).status_code == 200  # a GET (a link checker) changes nothing
        reader.refresh_from_db()
        assert reader.notice_mail == NoticeMail.DIGEST
        answer = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200 and "no longer come by e-mail" in answer.content.decode()
    reader.refresh_from_db()
    later.refresh_from_db()
    assert reader.notice_mail == NoticeMail.IN_APP and later.state == State.CANCELLED
    event = AuditEvent.objects.filter(action="notice_preferences.set").latest("id")
    assert event.details["how"] == "unsubscribe link" and event.details["digests_cancelled"] == 1


def test_an_altered_unsubscribe_link_changes_nothing(attorney):
    path = delivery.unsubscribe_link(attorney, attorney.email)
    answer = Client().post(path[:-3] + "xyz/")
    assert answer.status_code == 422 and "not valid" in answer.content.decode()
    offered = Client().get(path[:-3] + "xyz/")  # no button that cannot work
    assert (
        offered.status_code == 422 and "Stop notice e-mail</button>" not in offered.content.decode()
    )
    attorney.refresh_from_db()
    assert attorney.notice_mail == NoticeMail.AT_ONCE


def test_an_extra_addresss_unsubscribe_link_stops_only_that_address(attorney, extra_addresses):
    """Trial of issue 12: one link, sent to every address, turned off the whole account's
    notice e-mail; now each digest's link names its own address."""
    attorney.notice_mail = NoticeMail.DIGEST
    attorney.save(update_fields=["notice_mail"])
    own = delivery.unsubscribe_link(attorney, attorney.email)
    extra = delivery.unsubscribe_link(attorney, "assistant@firm.example")
    assert own != extra
    offered = Client().get(extra).content.decode()
    assert (
        "Stop notices to this address</button>" in offered and "assistant@firm.example" in offered
    )
    answer = Client(enforce_csrf_checks=True).post(extra, {"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert "assistant@firm.example no longer receives" in answer.content.decode()
    attorney.refresh_from_db()
    assert attorney.notice_mail == NoticeMail.DIGEST  # the account's own choice is untouched
    assert not attorney.notice_emails.filter(email="assistant@firm.example").exists()
    event = AuditEvent.objects.filter(action="notice_email.removed").latest("id")
    assert event.details["how"] == "unsubscribe link"
    again = Client().post(extra)  # the address is gone: the link names nothing any more
    assert again.status_code == 422 and "not valid" in again.content.decode()
    unconfirmed = delivery.unsubscribe_link(attorney, "unconfirmed@firm.example")
    assert Client().post(unconfirmed).status_code == 422
    assert attorney.notice_emails.filter(email="unconfirmed@firm.example").exists()


def test_a_link_that_names_no_address_is_not_valid(attorney):
    token = signing.dumps({"user": attorney.pk}, salt=delivery.UNSUBSCRIBE_SALT)
    answer = Client().post(reverse("notice-unsubscribe", args=[token]))
    assert answer.status_code == 422
    attorney.refresh_from_db()
    assert attorney.notice_mail == NoticeMail.AT_ONCE


# --- preferences and the inbox ---------------------------------------------------------------


def test_preferences_are_saved_audited_and_checked(attorney):
    client = client_for(attorney)
    page = client.get("/notices/e-mail/").content.decode()
    assert "Each notice by e-mail at once" in page and 'value="at_once"' in page
    saved = client.post("/notices/e-mail/", {"notice_mail": "digest", "digest_hour": "18"})
    assert saved.status_code == 302
    attorney.refresh_from_db()
    assert (attorney.notice_mail, attorney.notice_digest_hour) == (NoticeMail.DIGEST, 18)
    event = AuditEvent.objects.filter(action="notice_preferences.set").latest("id")
    assert event.details["to"] == {"notice_mail": "digest", "digest_hour": 18}
    bad = client.post("/notices/e-mail/", {"notice_mail": "digest", "digest_hour": "24"})
    assert bad.status_code == 400 and "usa-error-message" in bad.content.decode()
    assert "My account" in client.get("/accounts/profile/").content.decode()
    assert "/notices/e-mail/" in client.get("/accounts/profile/").content.decode()


def test_the_inbox_shows_each_addresss_state_filters_by_case_and_marks_all_read(
    attorney, court, extra_addresses, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _closed_port()
    first = factories.case(court, counsel=[attorney], number="26SL-CC00003")
    second = factories.case(court, counsel=[attorney], number="26SL-CC00004")
    _record(django_capture_on_commit_callbacks, [attorney], case=first, subject="In the first")
    _record(django_capture_on_commit_callbacks, [attorney], case=second, subject="In second")
    client = client_for(attorney)
    page = client.get("/notices/").content.decode()
    assert f"{attorney.email}: <strong>queued</strong>" in page
    assert "assistant@firm.example: <strong>queued</strong>" in page
    assert "unconfirmed@firm.example" not in page
    only_first = client.get(f"/notices/?case={first.pk}").content.decode()
    assert "In the first" in only_first and "In second" not in only_first
    assert client.get("/notices/?case=x").status_code == 422

    assert client.post("/notices/read-all/", {"case": first.pk}).status_code == 302
    assert set(Notice.objects.filter(read_at__isnull=True).values_list("subject", flat=True)) == {
        "In second"
    }
    assert client.post("/notices/read-all/").status_code == 302
    assert not Notice.objects.filter(read_at__isnull=True).exists()
    other = factories.user()
    _record(django_capture_on_commit_callbacks, [other], subject="Not yours")
    client.post("/notices/read-all/")
    assert Notice.objects.get(subject="Not yours").read_at is None


@pytest.mark.parametrize("preference", [NoticeMail.DIGEST, NoticeMail.IN_APP])
def test_service_is_never_held_back_for_a_digest_or_left_unsent(
    preference, smtp_server, court, django_capture_on_commit_callbacks
):
    """Found by trying the system: opposing counsel on a daily digest were served only at the
    digest's hour (and not by e-mail at all with e-mail turned off)."""
    reader = factories.user(notice_mail=preference, notice_digest_hour=7)
    case = factories.case(court, counsel=[reader], number="26SL-CC00003")
    with time_machine.travel(TEN_AM, tick=False):
        _record(
            django_capture_on_commit_callbacks,
            [reader],
            case=case,
            subject="Served: Motion",
            kind=Notice.Kind.FILING_SERVED,
        )
        _record(django_capture_on_commit_callbacks, [reader], case=case, subject="Docketed")
    served = NoticeDelivery.objects.get(notices__kind=Notice.Kind.FILING_SERVED)
    assert served.digest_due_at is None
    assert [m["Subject"] for m in smtp_server.messages] == ["Served: Motion"]
    others = NoticeDelivery.objects.exclude(pk=served.pk)
    if preference == NoticeMail.DIGEST:
        assert others.get().digest_due_at is not None
    else:
        assert not others.exists()


def test_opening_a_notice_marks_it_read_and_goes_where_it_links(
    attorney, court, django_capture_on_commit_callbacks
):
    """Trial of issue 12: a notice opened from the inbox stayed unread."""
    case = factories.case(court, counsel=[attorney], number="26SL-CC00005")
    [notice] = _record(django_capture_on_commit_callbacks, [attorney], case=case)
    Notice.objects.filter(pk=notice.pk).update(link=f"/cases/{case.pk}/")
    client = client_for(attorney)
    inbox = client.get("/notices/").content.decode()
    assert f'href="/notices/{notice.pk}/open/"' in inbox and "(marks it read)" in inbox
    opened = client.get(f"/notices/{notice.pk}/open/")
    assert opened.status_code == 302 and opened["Location"] == f"/cases/{case.pk}/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    stranger = client_for(factories.user(Role.ATTORNEY))
    assert stranger.get(f"/notices/{notice.pk}/open/").status_code == 404


def test_the_inbox_keeps_line_breaks_and_says_when_a_case_filter_matches_nothing(
    attorney, court, django_capture_on_commit_callbacks
):
    case = factories.case(court, counsel=[attorney], number="26SL-CC00006")
    _record(django_capture_on_commit_callbacks, [attorney], case=case, body="First.\nSecond.")
    client = client_for(attorney)
    page = client.get("/notices/").content.decode()
    assert "First.<br>Second." in page
    other = client.get("/notices/?case=987654").content.decode()
    assert "None of your notices concerns the case you asked for" in other
    assert "First.<br>Second." in other  # all cases are shown instead
