"""The embedded mode keeps each message as a standard .eml file; system administrators read them."""

import email
import email.policy

import pytest
from django.core.mail import EmailMultiAlternatives, get_connection
from django.urls import reverse

from efiling.accounts.models import Role
from efiling.audit.models import AuditEvent
from efiling.core import clock
from efiling.core.mail import EmlFileBackend, sent_mail_names
from tests import factories
from tests.factories import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings, tmp_path):
    settings.EMAIL_BACKEND = "efiling.core.mail.EmlFileBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    return tmp_path / "mail"


def send(subject="Notice of filing", to="olive@firm.example"):
    message = EmailMultiAlternatives(
        subject, "Plain text body\nwith a link.", "Court via efiling <efiling@localhost>", [to]
    )
    message.attach_alternative("<p>HTML body</p>", "text/html")
    message.send()
    return message


def test_each_message_is_one_standard_eml_file(kept):
    send("First")
    send("Second", to="ada@firm.example")
    names = sent_mail_names(kept)
    assert len(names) == 2 and all(n.endswith(".eml") for n in names)
    assert not [p for p in kept.iterdir() if p.name.startswith(".")]  # nothing half-written
    with open(kept / names[0], "rb") as file:
        parsed = email.message_from_binary_file(file, policy=email.policy.default)
    assert parsed["Subject"] == "Second" and parsed["To"] == "ada@firm.example"
    assert parsed.get_body(("plain",)).get_content().startswith("Plain text body")
    assert parsed.get_body(("html",)).get_content().strip() == "<p>HTML body</p>"
    assert parsed["Message-ID"]
    assert EmlFileBackend(file_path=str(kept)).send_messages([]) == 0


def test_a_system_administrator_reads_sent_mail_and_it_is_audited(kept):
    send("Notice of filing in 26SL-CC00001")
    system = factories.user(Role.COURT_ADMINISTRATOR, is_superuser=True, is_staff=True)
    client = client_for(system)
    listing = client.get(reverse("courtadmin-sent-mail"))
    assert listing.status_code == 200
    assert b"1 message kept as files" in listing.content
    assert b"SentMail(" not in listing.content  # not shown again as page messages
    sent = listing.context["mails"][0].sent_at
    assert sent.tzinfo is not None and abs((sent - clock.now()).total_seconds()) < 120
    name = sent_mail_names(kept)[0]
    page = client.get(reverse("courtadmin-sent-message", args=[name]))
    assert page.status_code == 200
    assert b"Plain text body" in page.content and b"olive@firm.example" in page.content
    event = AuditEvent.objects.get(action="sent_mail.read")
    assert event.object_id == name and event.details["to"] == "olive@firm.example"
    for bad in ("..%2F..%2Fsecret_key", "20260101T000000.000000Z-0123456789ab.eml", "x.eml"):
        assert client.get(f"/court-admin/sent-mail/{bad}/").status_code == 404


def test_only_system_administrators(kept, court):
    send()
    administrator = factories.court_staff(Role.COURT_ADMINISTRATOR, court)
    assert client_for(administrator).get(reverse("courtadmin-sent-mail")).status_code == 403
    attorney = factories.user(Role.ATTORNEY)
    assert client_for(attorney).get(reverse("courtadmin-sent-mail")).status_code == 403


def test_with_a_mail_server_nothing_is_kept_and_the_page_says_so(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    system = factories.user(Role.COURT_ADMINISTRATOR, is_superuser=True, is_staff=True)
    client = client_for(system)
    page = client.get(reverse("courtadmin-sent-mail"))
    assert page.status_code == 200 and b"keeps no copy" in page.content
    name = "20260101T000000.000000Z-0123456789ab.eml"
    assert client.get(reverse("courtadmin-sent-message", args=[name])).status_code == 404


def test_the_default_backend_of_the_embedded_mode_keeps_eml_files(tmp_path):
    from config.env import email_from_url

    settings = email_from_url("", tmp_path)
    assert settings["EMAIL_BACKEND"] == "efiling.core.mail.EmlFileBackend"
    backend = get_connection(settings["EMAIL_BACKEND"], file_path=settings["EMAIL_FILE_PATH"])
    assert isinstance(backend, EmlFileBackend)
