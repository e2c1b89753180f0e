"""Records of filing attempts (Rule 103.06): windows of some courts stop writes there only; every
submission that does not end in a receipt is recorded with a reference the filer sees at once
(refused, maintenance, server error, database down through the journal, a lost answer); the
filer's list, page and API; the signed record PDF and its public verification."""

import io
from contextlib import ExitStack
from datetime import timedelta
from unittest import mock

import pypdfium2
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client

from efiling.accounts.models import ApiToken, Role
from efiling.accounts.tokens import api_token_create
from efiling.availability.attempt_record import NotGenuine, record_pdf, record_verify
from efiling.availability.attempts import JOURNAL, attempt_local_time, attempts_journal_import
from efiling.availability.maintenance import window_stopping, windows_forget
from efiling.availability.models import FilingAttempt, MaintenanceWindow
from efiling.availability.outages import PLANNED, outages_between
from efiling.core import clock
from efiling.core.journal import journal_append, journal_pending
from efiling.filings import services
from efiling.filings.models import Envelope, Status
from tests import factories
from tests.database_down import database_down
from tests.filings.helpers import new_case_draft, with_lead_document

SIGN = {"idempotency_key": "k1", "signature": "/s/ Avery Lawson"}
Kind = FilingAttempt.Kind


@pytest.fixture(autouse=True)
def own_journals(settings, tmp_path):
    """Each test its own journals (they live in the data folder)."""
    settings.DATA_DIR = str(tmp_path / "data")


def _window(courts=None, hours=2) -> MaintenanceWindow:
    window = MaintenanceWindow.objects.create(
        starts_at=clock.now() - timedelta(minutes=5),
        ends_at=clock.now() + timedelta(hours=hours),
        all_courts=courts is None,
        message="Storage replacement.",
        posted_at=clock.now() - timedelta(days=5),
    )
    if courts:
        window.courts.set(courts)
    windows_forget()  # read again at once (maintenance_post does it on commit)
    return window


def _api(user) -> Client:
    name = f"firm {ApiToken.objects.filter(user=user).count()}"
    token = api_token_create(user=user, name=name, scope=ApiToken.Scope.FILE)[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _submit_api(client, envelope, key="api-1", signature="/s/ Avery Lawson"):
    return client.post(
        f"/api/v1/envelopes/{envelope.public_id}/submit",
        {"signature": signature},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_a_window_of_some_courts_stops_filing_there_only_recorded_nothing_stored(
    new_case_envelope, attorney, signed_in, pdf, court, other_court
):
    envelope = with_lead_document(new_case_envelope, attorney, pdf)
    with time_machine.travel(clock.now(), tick=False):
        _window([court])
        page = signed_in.post(f"/filings/{envelope.public_id}/review/", SIGN)
        api = _submit_api(_api(attorney), envelope)
        editing = signed_in.post(f"/filings/{envelope.public_id}/fees/", {"waiver": "on"})
        elsewhere = window_stopping(MaintenanceWindow.Function.FILING, court=other_court)
    text = page.content.decode()
    assert page.status_code == 503 and page["Retry-After"] == str(2 * 60 * 60)
    assert f"in the {court.name} are stopped for planned maintenance until" in text
    assert "(CST)" in text or "(CDT)" in text  # the end in the court's local time
    attempts = list(FilingAttempt.objects.order_by("occurred_at", "pk"))
    assert [a.kind for a in attempts] == [Kind.MAINTENANCE, Kind.MAINTENANCE]
    assert attempts[0].reference in text and "My filing attempts" in text
    assert attempts[0].court == court and str(attempts[0].envelope_public_id) == str(
        envelope.public_id
    )
    assert api.status_code == 503 and api["Retry-After"] == str(2 * 60 * 60)
    assert api.json()["code"] == "maintenance"
    assert api.json()["attempt_reference"] == attempts[1].reference
    assert editing.status_code == 503  # other changes of the court's drafts too
    assert elsewhere is None
    envelope = Envelope.objects.get(pk=envelope.pk)
    assert envelope.status == Status.DRAFT and not envelope.confirmation_number
    assert not envelope.fee_waiver_requested and envelope.filings.first().documents.count() == 1


def test_a_window_of_every_court_lets_the_submission_reach_its_record(
    new_case_envelope, attorney, signed_in, pdf
):
    envelope = with_lead_document(new_case_envelope, attorney, pdf)
    _window()
    page = signed_in.post(f"/filings/{envelope.public_id}/review/", SIGN)
    created = signed_in.post("/api/v1/envelopes", {}, content_type="application/json")
    assert page.status_code == 503 and "Retry-After" in page
    assert FilingAttempt.objects.get().kind == Kind.MAINTENANCE
    assert created.status_code == 503 and "attempt_reference" not in created.json()


def test_a_refused_submission_is_recorded_with_its_message(
    new_case_envelope, attorney, signed_in, pdf
):
    envelope = with_lead_document(new_case_envelope, attorney, pdf)
    page = signed_in.post(
        f"/filings/{envelope.public_id}/review/", {**SIGN, "signature": "/s/ Nobody"}
    )
    api = _submit_api(_api(attorney), envelope, signature="/s/ Nobody")
    assert page.status_code == 422 and api.status_code == 422
    first, second = FilingAttempt.objects.order_by("occurred_at", "pk")
    assert first.kind == second.kind == Kind.REFUSED and first.status_code == 422
    assert 'Sign by typing "/s/ Avery Lawson" exactly.' in first.what_went_wrong
    assert first.reference in page.content.decode()
    assert api.json()["attempt_reference"] == second.reference
    assert first.operation == "Submit (review page)" and second.operation == "ReviewFiling"


def test_a_server_error_is_recorded_and_its_reference_shown(new_case_envelope, attorney, pdf):
    envelope = with_lead_document(new_case_envelope, attorney, pdf)
    page_client = Client(raise_request_exception=False)
    page_client.force_login(attorney)
    api_client = _api(attorney)
    api_client.raise_request_exception = False
    with mock.patch.object(services, "envelope_submit", side_effect=RuntimeError("bug")):
        page = page_client.post(f"/filings/{envelope.public_id}/review/", SIGN)
        api = _submit_api(api_client, envelope)
    first, second = FilingAttempt.objects.order_by("occurred_at", "pk")
    assert first.kind == second.kind == Kind.SERVER_ERROR and first.status_code == 500
    assert page.status_code == 500 and first.reference in page.content.decode()
    assert api.status_code == 500 and api.json()["attempt_reference"] == second.reference
    assert "server error" in first.what_went_wrong


@pytest.mark.django_db(transaction=True)
def test_an_attempt_the_database_outage_stopped_is_journaled_and_imported(
    court, attorney, new_case_envelope, pdf
):
    envelope = with_lead_document(new_case_envelope, attorney, pdf)
    client = factories.client_for(attorney)
    client.raise_request_exception = False
    outage = ExitStack()

    def database_goes(**kwargs):
        outage.enter_context(database_down())
        raise OperationalError("connection refused")

    with outage, mock.patch.object(services, "envelope_submit", side_effect=database_goes):
        page = client.post(f"/filings/{envelope.public_id}/review/", SIGN)
        pending = journal_pending(JOURNAL)
    assert page.status_code == 503
    [entry] = pending
    assert entry["reference"] in page.content.decode()
    assert entry["kind"] == Kind.DATABASE_DOWN and entry["user_id"] == attorney.pk
    assert not FilingAttempt.objects.exists()
    listed = client.get("/attempts/")  # the database is back: the list imports first
    assert entry["reference"] in listed.content.decode()
    attempt = FilingAttempt.objects.get()
    assert attempt.journaled and attempt.reference == entry["reference"]
    assert str(attempt.envelope_public_id) == str(envelope.public_id)
    assert attempts_journal_import() == 0 and FilingAttempt.objects.count() == 1


def test_a_retry_that_replays_a_lost_answer_is_recorded(new_case_envelope, attorney, pdf):
    envelope = with_lead_document(new_case_envelope, attorney, pdf)
    client = _api(attorney)
    first = _submit_api(client, envelope)
    retry = _submit_api(client, envelope)
    assert first.status_code == retry.status_code == 200
    assert "Attempt-Reference" not in first
    attempt = FilingAttempt.objects.get()
    assert retry["Attempt-Reference"] == attempt.reference and attempt.kind == Kind.LOST_RESPONSE
    assert first.json()["confirmation_number"] in attempt.what_went_wrong


def test_a_filer_lists_only_their_own_attempts(court, attorney, new_case_envelope, pdf):
    envelope = with_lead_document(new_case_envelope, attorney, pdf)
    other = factories.user(Role.ATTORNEY, first_name="Robin", last_name="Other")
    theirs_envelope = with_lead_document(new_case_draft(court, other), other, pdf)
    _submit_api(_api(attorney), envelope, signature="/s/ Nobody")
    not_theirs = _submit_api(_api(other), envelope, signature="/s/ Nobody")
    assert not_theirs.status_code == 404 and "attempt_reference" not in not_theirs.json()
    _submit_api(_api(other), theirs_envelope, signature="/s/ Nobody")
    mine, theirs = FilingAttempt.objects.order_by("occurred_at", "pk")
    assert theirs.user == other and theirs.court == court
    page = factories.client_for(attorney).get("/attempts/").content.decode()
    assert mine.reference in page and theirs.reference not in page
    listed = _api(attorney).get("/api/v1/filing-attempts").json()["items"]
    assert [item["reference"] for item in listed] == [mine.reference]
    assert listed[0]["court"] == court.code and listed[0]["kind"] == "refused"
    clerk = factories.client_for(factories.court_staff(Role.CLERK, court))
    assert clerk.get("/attempts/").status_code == 403
    assert clerk.get("/attempts/record.pdf?from=2026-01-01&to=2026-01-31").status_code == 403
    assert Client().get("/attempts/").status_code == 302
    assert Client().get("/attempts/verify/").status_code == 200


def test_the_signed_record_verifies_and_a_changed_byte_fails(
    court, attorney, new_case_envelope, pdf
):
    envelope = with_lead_document(new_case_envelope, attorney, pdf)
    window = _window([court])
    _submit_api(_api(attorney), envelope)
    today = clock.local_date(clock.now(), court.time_zone)
    record = record_pdf(user=attorney, first=today - timedelta(days=1), last=today)
    verified = record_verify(record)
    assert len(pypdfium2.PdfDocument(record)) >= 1  # readers skip the signature line
    text = "".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(record))
    local = attempt_local_time(FilingAttempt.objects.get())
    # the attempt's time to the second, as the list shows it; "maintenance" never split
    assert clock.clock_time(local, seconds=True) in text.replace("\r\n", " ")
    assert "maintenance" in text.replace("\r\n", " ") and "ma\r\nintenance" not in text
    attempt = FilingAttempt.objects.get()
    assert verified.payload["attempts"] == 1 and verified.payload["references"] == [
        attempt.reference
    ]
    assert verified.payload["outages"] == 1 and verified.payload["filer"] == "Avery Lawson"
    [outage] = outages_between(window.starts_at, window.ends_at)
    assert outage.kind == PLANNED and court.name in outage.affected
    for at in (10, len(record) // 2, len(record) - 5, len(record) - 40):
        changed = bytearray(record)
        changed[at] ^= 0x01
        with pytest.raises(NotGenuine):
            record_verify(bytes(changed))
    renamed = record.replace(b"Lawson", b"Lawsom")
    for tampered in (record + b"x", record[:-1], b" " + record, renamed):
        with pytest.raises(NotGenuine):
            record_verify(tampered)


def test_the_verification_page(court, attorney, signed_in):
    today = clock.local_date(clock.now(), court.time_zone)
    download = signed_in.get(f"/attempts/record.pdf?from={today}&to={today}")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    record = download.content
    # a wrong range: the list page again with the error on its field (issue 15's trial: a
    # bare "Not valid" page)
    backwards = signed_in.get(f"/attempts/record.pdf?from={today}&to=2020-01-01")
    page = backwards.content.decode()
    assert backwards.status_code == 422 and "The range ends before it starts." in page
    assert 'href="#record-to"' in page and "<title>Error: My filing attempts" in page
    assert 'value="2020-01-01"' in page
    public = Client()

    def verify(content: bytes, name="record.pdf"):
        return public.post("/attempts/verify/", {"record": SimpleUploadedFile(name, content)})

    genuine = verify(record)
    assert genuine.status_code == 200 and "Genuine" in genuine.content.decode()
    assert "Avery Lawson" in genuine.content.decode()
    changed = bytearray(record)
    changed[len(record) // 3] ^= 0x20
    refused = verify(bytes(changed))
    assert refused.status_code == 422 and "Not genuine" in refused.content.decode()
    assert verify(b"hello").status_code == 422
    assert public.post("/attempts/verify/", {}).status_code == 422
    assert verify(b"%PDF-" + b"0" * (5 * 1024 * 1024)).status_code == 413
    bad_range = signed_in.get(f"/attempts/record.pdf?from={today}&to=2020-01-01")
    assert bad_range.status_code == 422
    assert signed_in.get("/attempts/record.pdf?from=yesterday&to=x").status_code == 422


def test_the_housekeeping_imports_what_the_journal_kept(attorney, court):
    """`efiling import_attempts` (every five minutes from `efiling serve`) imports what the
    outage left in the journal, once."""
    entry = {
        "reference": "FA-TEST-0001",
        "occurred_at": clock.now().isoformat(),
        "user_id": attorney.pk,
        "court_id": court.pk,
        "case_number": "",
        "envelope_public_id": None,
        "operation": "ReviewFiling",
        "kind": Kind.DATABASE_DOWN,
        "status_code": 503,
        "what_went_wrong": "The database did not answer.",
    }
    journal_append(JOURNAL, entry)
    out = io.StringIO()
    call_command("import_attempts", stdout=out)
    assert "1 filing attempt(s) imported" in out.getvalue()
    call_command("import_attempts", stdout=io.StringIO())
    attempt = FilingAttempt.objects.get()
    assert attempt.reference == "FA-TEST-0001" and attempt.journaled and attempt.court == court


def test_the_record_lists_incidents_with_the_planned_windows(court):
    """outages_between: planned windows and incidents (an open one too), by start."""
    from efiling.availability.incidents import incident_close, incident_open
    from efiling.availability.outages import INCIDENT

    administrator = factories.court_staff(Role.COURT_ADMINISTRATOR, court)
    now = clock.now()
    closed = incident_open(
        actor=administrator,
        started_at=now - timedelta(hours=5),
        courts=[court],
        all_courts=False,
        affects_filing=True,
        affects_public_search=False,
        description="Uploads failed.",
    )
    incident_close(actor=administrator, incident=closed, ended_at=now - timedelta(hours=4))
    incident_open(
        actor=administrator,
        started_at=now - timedelta(hours=1),
        courts=[court],
        all_courts=False,
        affects_filing=True,
        affects_public_search=True,
        description="Search is slow.",
    )
    outages = outages_between(now - timedelta(days=1), now + timedelta(minutes=1))
    assert [(o.kind, o.description, o.end is None) for o in outages] == [
        (INCIDENT, "Uploads failed.", False),
        (INCIDENT, "Search is slow.", True),
    ]
    assert court.name in outages[0].affected and "filing" in outages[0].affected
    assert outages_between(now - timedelta(hours=3), now - timedelta(hours=2)) == []
