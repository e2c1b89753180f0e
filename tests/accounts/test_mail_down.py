"""Every page that sends mail while the mail server is down (issue 11's kind: a 500 once):
what was saved stays saved, and the answer is a 503 that says so and how to get the e-mail
later. Password reset (Django's form logs the failure) answers as usual."""

import socket

import pytest
from django.test import Client

from efiling.accounts.models import NoticeEmail, Role, User
from tests import factories
from tests.accounts.test_registration import _form


@pytest.fixture
def mail_down(settings):
    """A real SMTP backend pointed at a port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2


def _said(response) -> str:
    return response.content.decode()


def test_registration_keeps_the_account_and_says_how_to_confirm(db, mail_down):
    member = factories.bar_member(first_name="Avery", last_name="Lawson")
    response = Client().post("/accounts/register/", _form(bar_number=member.bar_number))
    assert response.status_code == 503
    assert "The e-mail could not be sent just now. Your account is saved." in _said(response)
    assert "Forgot your password?" in _said(response)
    assert User.objects.filter(email="avery@lawson.example", email_confirmed_at=None).exists()


def test_an_extra_notice_address_stays_on_the_list_unconfirmed(db, mail_down):
    user = factories.user(Role.ATTORNEY)
    response = factories.client_for(user).post(
        "/accounts/notice-emails/", {"email": "assistant@firm.example"}
    )
    assert response.status_code == 503
    assert "The address is on your list, not yet confirmed" in _said(response)
    assert NoticeEmail.objects.filter(user=user, confirmed_at=None).count() == 1


def test_a_court_staff_account_is_created_and_the_person_can_ask_for_a_link(court, mail_down):
    admin = factories.court_staff(Role.COURT_ADMINISTRATOR, court)
    response = factories.client_for(admin).post(
        "/court-admin/SL/users/",
        {
            "form": "create",
            "new-first_name": "Clara",
            "new-last_name": "Clerk",
            "new-email": "clara@court.test",
            "new-role": "clerk",
        },
    )
    assert response.status_code == 503
    assert "The account of Clara Clerk is created." in _said(response)
    assert User.objects.filter(email="clara@court.test", role=Role.CLERK).exists()


def test_password_reset_answers_as_usual(db, mail_down):
    user = factories.user(Role.ATTORNEY)
    response = Client().post("/accounts/password-reset/", {"email": user.email})
    assert response.status_code == 302
