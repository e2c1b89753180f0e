from django.test import Client

from efiling.accounts import services
from efiling.accounts.models import BarStatus, NoticeEmail, Role
from efiling.accounts.permissions import Action, can, check
from efiling.audit.models import AuditEvent
from tests import factories
from tests.conftest import link_in


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


def _profile_form(user, **changes):
    data = {
        name: getattr(user, name)
        for name in (
            "first_name",
            "last_name",
            "email",
            "phone",
            "address_line1",
            "address_line2",
            "city",
            "state",
            "postal_code",
        )
    }
    data.update(changes)
    return data


def test_profile_change_is_saved_and_audited(db):
    user = factories.user(Role.ATTORNEY)
    client = _client_for(user)
    response = client.post(
        "/accounts/profile/", _profile_form(user, phone="816-555-0199", city="Kansas City")
    )
    assert response["Location"] == "/accounts/profile/"
    user.refresh_from_db()
    assert (user.phone, user.city) == ("816-555-0199", "Kansas City")
    event = AuditEvent.objects.filter(action="user.profile_changed").latest("id")
    assert event.details["changes"]["phone"] == ["573-555-0100", "816-555-0199"]
    assert event.actor_id == user.pk


def test_changing_the_email_needs_a_new_confirmation_before_filing(db, smtp_server):
    user = factories.user(Role.ATTORNEY)
    client = _client_for(user)
    client.post("/accounts/profile/", _profile_form(user, email="New@Firm.example"))
    user.refresh_from_db()
    assert user.email == "new@firm.example" and user.email_confirmed_at is None
    assert not can(user, Action.FILE_NEW_CASE)
    client.get(link_in(smtp_server.bodies_to("new@firm.example")[0]))
    user.refresh_from_db()
    assert can(user, Action.FILE_NEW_CASE)


def test_profile_refuses_an_email_of_another_account(db):
    other = factories.user(Role.STAFF)
    user = factories.user(Role.ATTORNEY)
    response = _client_for(user).post("/accounts/profile/", _profile_form(user, email=other.email))
    assert (
        response.status_code == 409
        and b"Another account uses this e-mail address" in response.content
    )


def test_extra_notice_addresses_are_confirmed_then_removable(db, smtp_server):
    user = factories.user(Role.ATTORNEY)
    client = _client_for(user)
    assert (
        client.post("/accounts/notice-emails/", {"email": "assistant@firm.example"}).status_code
        == 302
    )
    notice = NoticeEmail.objects.get(user=user)
    assert notice.confirmed_at is None
    response = Client().get(link_in(smtp_server.bodies_to("assistant@firm.example")[0]))
    assert response.status_code == 200
    notice.refresh_from_db()
    assert notice.confirmed_at is not None
    duplicate = client.post("/accounts/notice-emails/", {"email": "assistant@firm.example"})
    assert duplicate.status_code == 409
    own = client.post("/accounts/notice-emails/", {"email": user.email})
    assert own.status_code == 422
    client.post(f"/accounts/notice-emails/{notice.pk}/remove/")
    assert not NoticeEmail.objects.filter(user=user).exists()


def test_another_accounts_address_cannot_be_an_extra_notice_address(db, smtp_server):
    """Trial of issue 12: opposing counsel's address could be added, and once confirmed it
    received this attorney's notices and unsubscribe links."""
    opponent = factories.user(Role.ATTORNEY)
    user = factories.user(Role.ATTORNEY)
    response = _client_for(user).post("/accounts/notice-emails/", {"email": opponent.email.upper()})
    assert response.status_code == 422 and b"belongs to another account" in response.content
    assert not NoticeEmail.objects.exists() and not smtp_server.bodies_to(opponent.email)


def test_notice_addresses_are_limited(db, smtp_server):
    user = factories.user(Role.ATTORNEY)
    for n in range(services.MAX_NOTICE_EMAILS):
        services.notice_email_add(user=user, email=f"copy{n}@firm.example")
    response = _client_for(user).post(
        "/accounts/notice-emails/", {"email": "one.more@firm.example"}
    )
    assert response.status_code == 422 and b"at most 5" in response.content


def test_someone_else_cannot_remove_my_notice_address(db, smtp_server):
    owner = factories.user(Role.ATTORNEY)
    notice = services.notice_email_add(user=owner, email="copy@firm.example")
    _client_for(factories.user(Role.ATTORNEY)).post(f"/accounts/notice-emails/{notice.pk}/remove/")
    assert NoticeEmail.objects.filter(pk=notice.pk).exists()


def test_staff_files_only_while_authorized_by_an_attorney_in_good_standing(db):
    attorney = factories.user(Role.ATTORNEY)
    staff = factories.user(Role.STAFF)
    assert "No attorney in good standing" in check(staff, Action.FILE_NEW_CASE)
    client = _client_for(attorney)
    assert client.post("/accounts/staff/", {"email": staff.email.upper()}).status_code == 302
    assert can(staff, Action.FILE_NEW_CASE)
    attorney.bar_member.status = BarStatus.SUSPENDED
    attorney.bar_member.save()
    assert not can(staff, Action.FILE_NEW_CASE)
    attorney.bar_member.status = BarStatus.GOOD_STANDING
    attorney.bar_member.save()
    delegation = attorney.staff_delegations.get()
    client.post(f"/accounts/staff/{delegation.pk}/revoke/")
    assert not can(staff, Action.FILE_NEW_CASE)
    actions = list(
        AuditEvent.objects.filter(action__startswith="staff.").values_list("action", flat=True)
    )
    assert actions == ["staff.authorized", "staff.revoked"]


def test_only_staff_accounts_can_be_authorized(db):
    attorney = factories.user(Role.ATTORNEY)
    other_attorney = factories.user(Role.ATTORNEY)
    response = _client_for(attorney).post("/accounts/staff/", {"email": other_attorney.email})
    assert response.status_code == 422 and b"no staff account" in response.content
    staff = factories.staff_for(attorney)
    again = _client_for(attorney).post("/accounts/staff/", {"email": staff.email})
    assert again.status_code == 409


def test_an_attorney_cannot_revoke_another_attorneys_staff(db):
    attorney = factories.user(Role.ATTORNEY)
    staff = factories.staff_for(attorney)
    delegation = attorney.staff_delegations.get()
    _client_for(factories.user(Role.ATTORNEY)).post(f"/accounts/staff/{delegation.pk}/revoke/")
    assert can(staff, Action.FILE_NEW_CASE)


def test_suspended_attorney_still_signs_in_and_reads_but_cannot_file(db):
    attorney = factories.user(Role.ATTORNEY)
    attorney.bar_member.status = BarStatus.SUSPENDED
    attorney.bar_member.save()
    page = _client_for(attorney).get("/accounts/profile/")
    assert page.status_code == 200
    assert b"is not in good standing (suspended): filing is not allowed" in page.content
    assert can(attorney, Action.VIEW_OWN_FILINGS) and not can(attorney, Action.FILE_IN_CASE)


def test_signature_block(db):
    attorney = factories.user(Role.ATTORNEY, first_name="Avery", last_name="Lawson")
    block = attorney.signature_block.splitlines()
    assert block[:3] == [
        "/s/ Avery Lawson",
        "Avery Lawson",
        f"Missouri Bar No. {attorney.bar_member.bar_number}",
    ]
    assert attorney.email in block
