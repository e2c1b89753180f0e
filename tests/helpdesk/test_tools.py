"""The help desk's tools: who may use them (every role), the audit record of each, the
two-person rule for clearing a second factor, and what a filing's look-up never shows."""

import pytest
from django.test import Client
from django.urls import reverse

from efiling.accounts.models import Role, SignInFailure
from efiling.accounts.permissions import ROLE_PERMISSIONS, Action, can
from efiling.accounts.signin import account_locked_until
from efiling.audit.models import AuditEvent
from efiling.core import clock
from efiling.core.errors import PermissionDenied, ValidationFailed
from efiling.helpdesk import resets, tools
from efiling.helpdesk.models import SecondFactorReset
from tests import factories

TOOLS = [
    Action.HELP_DESK_LOOKUP,
    Action.HELP_DESK_RESEND_CONFIRMATION,
    Action.HELP_DESK_UNLOCK_ACCOUNT,
    Action.HELP_DESK_CLEAR_SECOND_FACTOR,
    Action.ANSWER_HELP_TICKETS,
]


@pytest.fixture
def desk(db):
    return factories.user(Role.HELP_DESK)


def _lock(user, settings):
    SignInFailure.objects.bulk_create(
        SignInFailure(key=f"account:{user.email}", at=clock.now())
        for _ in range(settings.EFILING_SIGNIN_LOCK_AFTER)
    )


def _with_second_factor(user):
    user.totp_confirmed_at = clock.now()
    user.save(update_fields=["totp_confirmed_at"])
    return user


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", TOOLS)
def test_only_the_help_desk_and_system_administrators_use_the_tools(db, settings, role, action):
    settings.EFILING_SELF_REPRESENTED_ENABLED = True
    person = factories.user(role)
    assert can(person, action) is (role == Role.HELP_DESK)
    if role == Role.COURT_ADMINISTRATOR:
        assert action in ROLE_PERMISSIONS and not can(person, action)  # one court's: no
        system = factories.user(role, is_superuser=True, is_staff=True)
        assert can(system, action)


@pytest.mark.parametrize("role", [r for r in Role if r != Role.HELP_DESK])
def test_the_tool_pages_refuse_everyone_else(db, settings, role, attorney):
    settings.EFILING_SELF_REPRESENTED_ENABLED = True
    client = factories.client_for(factories.user(role))
    assert client.get(reverse("help-desk-account", args=[attorney.pk])).status_code == 403
    assert client.post(reverse("help-desk-unlock", args=[attorney.pk])).status_code == 403
    assert Client().get(reverse("help-desk-users")).status_code == 302  # signed out: sign in


def test_looking_up_a_user_shows_the_account_and_is_audited(desk, attorney, settings):
    _lock(attorney, settings)
    client = factories.client_for(desk)
    found = client.get(reverse("help-desk-users"), {"query": attorney.bar_member.bar_number})
    assert attorney.email in found.content.decode()
    attorney.bar_member.phone = "(573) 555-0142"
    attorney.bar_member.save()
    page = client.get(reverse("help-desk-account", args=[attorney.pk])).content.decode()
    assert "Locked" in page and "(573) 555-0142" in page and "confirmed" in page
    assert AuditEvent.objects.filter(action="helpdesk.users_searched", actor_id=desk.pk).exists()
    assert AuditEvent.objects.filter(
        action="helpdesk.user_looked_up", actor_id=desk.pk, object_id=str(attorney.pk)
    ).exists()


def test_unlocking_an_account_is_audited(desk, attorney, settings):
    _lock(attorney, settings)
    assert account_locked_until(email=attorney.email) is not None
    response = factories.client_for(desk).post(reverse("help-desk-unlock", args=[attorney.pk]))
    assert response.status_code == 302
    assert account_locked_until(email=attorney.email) is None
    assert AuditEvent.objects.filter(
        action="helpdesk.account_unlocked", actor_id=desk.pk, object_id=str(attorney.pk)
    ).exists()


def test_resending_the_confirmation_is_audited(desk, mailoutbox):
    person = factories.user(Role.ATTORNEY, confirmed=False)
    factories.client_for(desk).post(reverse("help-desk-resend-confirmation", args=[person.pk]))
    [message] = mailoutbox
    assert message.to == [person.email]
    assert AuditEvent.objects.filter(
        action="helpdesk.confirmation_resent", object_id=str(person.pk)
    ).exists()


def test_a_filing_look_up_shows_its_status_never_a_sealed_cases_caption(desk, submitted):
    client = factories.client_for(desk)
    number = submitted.confirmation_number
    page = client.get(reverse("help-desk-filing"), {"number": number}).content.decode()
    assert submitted.get_status_display() in page
    assert "petition.pdf" not in page and "/documents/" not in page
    assert AuditEvent.objects.filter(action="helpdesk.filing_looked_up").exists()
    assert client.get(reverse("help-desk-filing"), {"number": "E99-9999999"}).status_code == 404


def test_a_confidential_filing_look_up_does_not_name_the_case(desk, court, attorney):
    case = factories.case(court, counsel=[attorney], caption="Secret v. Sealed")
    case.security_level = "sealed"
    case.save()
    from efiling.filings.models import Envelope

    Envelope.objects.create(
        court=court,
        case=case,
        prepared_by=attorney,
        signer=attorney,
        status="submitted",
        status_changed_at=clock.now(),
        created_at=clock.now(),
        submitted_at=clock.now(),
        confirmation_number="E26-0000777",
    )
    found = tools.filing_look_up(actor=desk, confirmation_number="e26-0000777")
    assert found.filed_into == ""
    page = factories.client_for(desk).get(reverse("help-desk-filing"), {"number": "E26-0000777"})
    assert "Secret v. Sealed" not in page.content.decode()


def test_clearing_a_second_factor_takes_a_recorded_check_and_a_second_person(desk, attorney):
    _with_second_factor(attorney)
    attorney.bar_member.phone = "(573) 555-0142"
    attorney.bar_member.save()
    with pytest.raises(ValidationFailed, match="555-0142"):
        resets.second_factor_reset_request(
            actor=desk, user_id=attorney.pk, identity_check="Asked", roster_phone_called=False
        )
    reset = resets.second_factor_reset_request(
        actor=desk,
        user_id=attorney.pk,
        identity_check="Called back; she named her last filing's number.",
        roster_phone_called=True,
    )
    assert reset.roster_phone_called == "(573) 555-0142"
    with pytest.raises(PermissionDenied, match="second person"):
        resets.second_factor_reset_decide(actor=desk, reset_id=reset.pk, approve=True)
    attorney.refresh_from_db()
    assert attorney.has_two_factor
    colleague = factories.user(Role.HELP_DESK)
    resets.second_factor_reset_decide(actor=colleague, reset_id=reset.pk, approve=True)
    attorney.refresh_from_db()
    assert not attorney.has_two_factor
    reset.refresh_from_db()
    assert reset.status == SecondFactorReset.Status.DONE and reset.decided_by == colleague
    requested = AuditEvent.objects.get(action="helpdesk.second_factor_reset_requested")
    assert requested.details["identity_check"].startswith("Called back")
    assert requested.details["roster_phone_called"] == "(573) 555-0142"
    assert AuditEvent.objects.filter(
        action="helpdesk.second_factor_reset_approved", actor_id=colleague.pk
    ).exists()
    assert AuditEvent.objects.filter(action="user.two_factor_cleared").exists()


def test_an_attorney_without_a_roster_phone_cannot_be_reset_by_phone(desk, attorney):
    _with_second_factor(attorney)
    with pytest.raises(ValidationFailed, match="no phone number"):
        resets.second_factor_reset_request(
            actor=desk, user_id=attorney.pk, identity_check="x", roster_phone_called=True
        )


def test_the_two_person_rule_on_the_pages(desk, db):
    clerk = _with_second_factor(factories.user(Role.CLERK))
    client = factories.client_for(desk)
    client.post(
        reverse("help-desk-second-factor-reset", args=[clerk.pk]),
        {"identity_check": "Met in person with a state ID."},
    )
    reset = SecondFactorReset.objects.get()
    own = client.post(
        reverse("help-desk-second-factor-decide", args=[reset.pk]), {"decision": "approve"}
    )
    assert own.status_code == 403
    account = reverse("help-desk-account", args=[clerk.pk])
    assert "Another person approves it." in client.get(account).content.decode()
    system = factories.user(Role.COURT_ADMINISTRATOR, is_superuser=True, is_staff=True)
    home = factories.client_for(system).get(reverse("my-home")).content.decode()
    assert "second-factor resets waiting for a second person: 1" in home
    assert "Approve and clear" in factories.client_for(system).get(account).content.decode()
    approved = factories.client_for(system).post(
        reverse("help-desk-second-factor-decide", args=[reset.pk]), {"decision": "approve"}
    )
    assert approved.status_code == 302
    clerk.refresh_from_db()
    assert not clerk.has_two_factor


def test_the_notices_delivery_state_is_shown_without_their_words(desk, attorney):
    from django.db import transaction

    from efiling.service.services import notices_record

    with transaction.atomic():
        notices_record(
            recipients=[attorney], kind="maintenance", subject="Private words", body="Body"
        )
    page = factories.client_for(desk).get(reverse("help-desk-account", args=[attorney.pk]))
    text = page.content.decode()
    assert "Queued" in text and attorney.email in text
    assert "Private words" not in text


def test_the_look_up_shows_the_filing_attempts_never_a_hidden_cases_words(
    desk, attorney, court, other_court
):
    """The latest attempts, in their court's time, with reference, court, case and what went
    wrong; for a case that is not public, neither its number nor the words; no document (an
    attempt record has no field for one); another user's attempts not; audited with counts."""
    from efiling.availability.models import FilingAttempt

    sealed = factories.case(
        court, counsel=[attorney], caption="Secret v. Sealed", number="26SL-CC00777"
    )
    sealed.security_level = "sealed"
    sealed.save()
    public = factories.case(court, counsel=[attorney], number="26SL-CC00042")
    other_court.time_zone = "America/New_York"
    other_court.save(update_fields=["time_zone"])
    common = {"user": attorney, "operation": "ReviewFiling", "status_code": 422}
    at = clock.now()
    FilingAttempt.objects.create(
        reference="FA-AAAA-1111",
        occurred_at=at,
        court=court,
        case_number=public.number,
        kind="refused",
        what_went_wrong="The lead document is missing.",
        **common,
    )
    FilingAttempt.objects.create(
        reference="FA-BBBB-2222",
        occurred_at=at,
        court=court,
        case_number=sealed.number,
        kind="refused",
        what_went_wrong="Secret v. Sealed is closed to new filings.",
        **common,
    )
    FilingAttempt.objects.create(
        reference="FA-CCCC-3333",
        occurred_at=at,
        court=other_court,
        kind="maintenance",
        what_went_wrong="Planned maintenance until 6:00 a.m.",
        **common,
    )
    FilingAttempt.objects.create(
        reference="FA-DDDD-4444",
        occurred_at=at,
        user=factories.user(Role.ATTORNEY),
        operation="ReviewFiling",
        status_code=500,
        kind="server_error",
        what_went_wrong="Someone else's.",
    )
    page = factories.client_for(desk).get(reverse("help-desk-account", args=[attorney.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "FA-AAAA-1111" in text and public.number in text and "lead document is missing" in text
    assert "FA-BBBB-2222" in text and tools.WITHHELD in text
    assert sealed.number not in text and "Secret v. Sealed" not in text
    eastern = clock.to_local(at, "America/New_York").strftime("%Z")  # EST or EDT, as the day is
    assert "FA-CCCC-3333" in text and eastern in text  # the other court's own zone
    assert "FA-DDDD-4444" not in text
    event = AuditEvent.objects.get(action="helpdesk.user_looked_up", object_id=str(attorney.pk))
    assert event.details["attempts"] == 3
    fields = {f.name for f in FilingAttempt._meta.get_fields()}
    assert not {"document", "documents", "content", "file", "sha256"} & fields


def test_the_attempts_shown_are_the_latest(desk, attorney, monkeypatch):
    from datetime import timedelta

    from efiling.availability.models import FilingAttempt

    monkeypatch.setattr(tools, "ATTEMPTS_SHOWN", 2)
    for n in range(3):
        FilingAttempt.objects.create(
            reference=f"FA-EEEE-000{n}",
            occurred_at=clock.now() - timedelta(hours=n),
            user=attorney,
            operation="submit",
            status_code=503,
            kind="database_down",
            what_went_wrong="Down.",
        )
    seen = tools.attempts_seen(attorney, limit=2)
    assert [s.attempt.reference for s in seen] == ["FA-EEEE-0000", "FA-EEEE-0001"]
    assert tools.attempts_seen(factories.user(Role.ATTORNEY)) == []


def test_a_non_attorneys_page_asks_no_roster_call_and_one_request_at_a_time(desk, court):
    """Issue 15's trial: a court administrator's page spoke of "staff authorized by this
    attorney" and offered the bar roster's call; the request form stayed while one waited."""
    administrator = _with_second_factor(factories.court_staff(Role.COURT_ADMINISTRATOR, court))
    client = factories.client_for(desk)
    page_url = reverse("help-desk-account", args=[administrator.pk])
    page = client.get(page_url).content.decode()
    assert "Staff authorized by this attorney" not in page
    assert "bar roster's phone number" not in page
    assert "Ask for the second factor to be cleared" in page
    asked = client.post(
        reverse("help-desk-second-factor-reset", args=[administrator.pk]),
        {"identity_check": "Seen in person with her court ID."},
    )
    assert asked.status_code == 302
    page = client.get(page_url).content.decode()
    assert "Ask for the second factor to be cleared" not in page
    assert "waits for approval" in page
