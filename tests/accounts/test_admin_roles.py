from django.test import Client

from efiling.accounts.models import CourtAssignment, Role
from efiling.audit.models import AuditEvent
from tests import factories


def test_administrator_assigns_a_clerk_to_a_court_and_it_is_audited(court):
    admin_user = factories.user(Role.COURT_ADMINISTRATOR, is_staff=True, is_superuser=True)
    clerk = factories.user(Role.CLERK)
    client = Client()
    client.force_login(admin_user)
    page = client.get(f"/admin/accounts/user/{clerk.pk}/change/")
    assert page.status_code == 200 and b"totp_secret" not in page.content
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name != "password"}
    data.update(
        {
            "is_active": "on",
            "court_assignments-TOTAL_FORMS": "1",
            "court_assignments-INITIAL_FORMS": "0",
            "court_assignments-0-court": str(court.pk),
            "court_assignments-0-created_at_0": "2026-11-27",
            "court_assignments-0-created_at_1": "09:00:00",
            "role": Role.CLERK,
        }
    )
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post(f"/admin/accounts/user/{clerk.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert CourtAssignment.objects.filter(user=clerk, court=court).exists()
    assert AuditEvent.objects.filter(action="courtassignment.created").exists()


def test_administrator_clears_a_lost_second_factor(db):
    import pyotp

    from efiling.accounts.two_factor import recovery_codes_generate
    from efiling.core import clock

    admin_user = factories.user(Role.COURT_ADMINISTRATOR, is_staff=True, is_superuser=True)
    judge = factories.user(
        Role.JUDGE, totp_secret=pyotp.random_base32(), totp_confirmed_at=clock.now()
    )
    recovery_codes_generate(user=judge)
    judge_session = Client()
    judge_session.force_login(judge)
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        "/admin/accounts/user/", {"action": "clear_second_factor", "_selected_action": [judge.pk]}
    )
    assert response.status_code == 302
    judge.refresh_from_db()
    assert not judge.has_two_factor and judge.recovery_codes.count() == 0
    assert judge_session.get("/accounts/profile/").status_code == 302  # signed out
    assert AuditEvent.objects.filter(
        action="user.two_factor_cleared", actor_id=admin_user.pk
    ).exists()
