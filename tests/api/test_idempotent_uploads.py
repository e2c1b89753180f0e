"""UploadDocument with an Idempotency-Key (issue 10): the key is claimed before the PDF is
checked (outside any transaction) and its answer recorded in the transaction that records the
document. A second request while the first is being checked hears 409, on SQLite and
PostgreSQL alike; a claim left by a dead request lapses; a slow request whose claim was taken
over changes nothing; a lost COMMIT acknowledgement is answered 503 and the retry replays."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client

from efiling.accounts.models import ApiToken
from efiling.accounts.tokens import api_token_create
from efiling.api import idempotency
from efiling.api.models import IdempotencyRecord
from efiling.core import clock
from efiling.courts.models import CourtPolicy
from efiling.filings import documents
from efiling.filings.models import Document
from tests.documents import builders
from tests.filings.helpers import stored_files
from tests.lost_commit import commit_acknowledgement_lost


@pytest.fixture
def client(attorney):
    raw = api_token_create(user=attorney, name="firm software", scope=ApiToken.Scope.FILE)[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def petition(tmp_path):
    return builders.text_pdf(tmp_path / "petition.pdf", pages=1, text="IN THE CIRCUIT COURT")


def _upload(client, envelope, body: bytes, key: str | None = "upload-1", name="petition.pdf"):
    filing = envelope.filings.get()
    extra = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(
        f"/api/v1/envelopes/{envelope.public_id}/filings/{filing.pk}/documents"
        f"?kind=attachment&file_name={name}",
        body,
        content_type="application/pdf",
        **extra,
    )


@pytest.mark.django_db
def test_a_retry_replays_and_another_file_with_the_key_is_422(client, new_case_envelope, petition):
    first = _upload(client, new_case_envelope, petition.read_bytes())
    again = _upload(client, new_case_envelope, petition.read_bytes())
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    other = _upload(client, new_case_envelope, petition.read_bytes() + b"\n% another file\n")
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    assert Document.objects.count() == 1


@pytest.mark.django_db
def test_a_retry_replays_even_when_the_first_upload_used_up_the_room(
    client, new_case_envelope, petition, court
):
    size = len(petition.read_bytes())
    CourtPolicy.objects.filter(court=court).update(
        maximum_allowed_attachment_size=size, maximum_allowed_message_size=size + 10
    )
    first = _upload(client, new_case_envelope, petition.read_bytes())
    assert first.status_code == 201, first.content
    again = _upload(client, new_case_envelope, petition.read_bytes())
    assert again.status_code == 201 and again.json() == first.json()
    fresh = _upload(client, new_case_envelope, petition.read_bytes(), key="upload-2")
    assert fresh.status_code == 413  # a new upload finds no room
    assert Document.objects.count() == 1


@pytest.mark.django_db
def test_a_refused_upload_leaves_no_claim(client, new_case_envelope, petition, tmp_path):
    refused = _upload(client, new_case_envelope, b"Dear Clerk, not a PDF")
    assert refused.status_code == 422
    assert not IdempotencyRecord.objects.exists()
    assert _upload(client, new_case_envelope, petition.read_bytes()).status_code == 201


@pytest.mark.django_db
def test_a_claim_left_by_a_dead_request_lapses(
    client, new_case_envelope, petition, monkeypatch, settings
):
    """The process died mid-check: its claim could not be dropped."""

    def killed(**kwargs):
        raise SystemExit("the worker was killed")

    with monkeypatch.context() as patch:
        patch.setattr(documents, "document_check", killed)
        patch.setattr(idempotency, "idempotency_release", lambda claim: None)
        with pytest.raises(SystemExit):
            _upload(client, new_case_envelope, petition.read_bytes())
    assert IdempotencyRecord.objects.get().status_code is None
    busy = _upload(client, new_case_envelope, petition.read_bytes())
    assert busy.status_code == 409 and busy.json()["code"] == "idempotency_key_in_flight"
    later = clock.now() + timedelta(seconds=idempotency.CLAIM_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        taken_over = _upload(client, new_case_envelope, petition.read_bytes())
    assert taken_over.status_code == 201, taken_over.content
    assert Document.objects.count() == 1 and len(stored_files(settings)) == 1


class _HeldCheck:
    """The first PDF check waits until released: its request is in flight meanwhile."""

    def __init__(self, monkeypatch):
        self.started, self.release = threading.Event(), threading.Event()
        self._check, self._calls = documents.document_check, 0
        monkeypatch.setattr(documents, "document_check", self)

    def __call__(self, **kwargs):
        self._calls += 1
        if self._calls == 1:
            self.started.set()
            assert self.release.wait(30)
        return self._check(**kwargs)


def _in_thread(function):
    answers = []

    def run():
        try:
            answers.append(function())
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, answers


@pytest.mark.django_db(transaction=True)
def test_a_second_request_while_the_first_is_checked_is_409(
    courts, client, new_case_envelope, petition, monkeypatch, settings
):
    held = _HeldCheck(monkeypatch)
    body = petition.read_bytes()
    thread, answers = _in_thread(lambda: _upload(client, new_case_envelope, body))
    try:
        assert held.started.wait(30)
        busy = _upload(client, new_case_envelope, body)
        assert busy.status_code == 409 and busy.json()["code"] == "idempotency_key_in_flight"
    finally:
        held.release.set()
        thread.join(60)
    assert answers[0].status_code == 201, answers[0].content
    replay = _upload(client, new_case_envelope, body)
    assert replay.status_code == 201 and replay.json() == answers[0].json()
    assert Document.objects.count() == 1 and len(stored_files(settings)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_slow_request_whose_claim_was_taken_over_changes_nothing(
    courts, client, new_case_envelope, petition, monkeypatch, settings
):
    held = _HeldCheck(monkeypatch)
    body = petition.read_bytes()
    thread, answers = _in_thread(lambda: _upload(client, new_case_envelope, body))
    try:
        assert held.started.wait(30)
        past = clock.now() - timedelta(seconds=idempotency.CLAIM_SECONDS + 1)
        IdempotencyRecord.objects.update(created_at=past)  # as if it had hung that long
        retry = _upload(client, new_case_envelope, body)
        assert retry.status_code == 201, retry.content
    finally:
        held.release.set()
        thread.join(60)
    slow = answers[0]
    assert slow.status_code == 409 and slow.json()["code"] == "idempotency_key_in_flight"
    assert Document.objects.count() == 1
    assert [p.name for p in stored_files(settings)] == [
        Document.objects.get().storage_name.rsplit("/", 1)[-1]
    ]  # the slow request's stored file went again
    assert _upload(client, new_case_envelope, body).json() == retry.json()


@pytest.mark.django_db(transaction=True)
def test_a_lost_commit_acknowledgement_is_503_and_the_retry_replays(
    courts, client, new_case_envelope, petition, settings
):
    body = petition.read_bytes()
    with commit_acknowledgement_lost("filings_document") as lost:
        lost_answer = _upload(client, new_case_envelope, body)
    assert lost == [True]
    assert lost_answer.status_code == 503
    assert lost_answer.json()["code"] == "database_unavailable"
    document = Document.objects.get()  # it was committed, and its file kept
    assert len(stored_files(settings)) == 1
    retry = _upload(client, new_case_envelope, body)
    assert retry.status_code == 201 and retry.json()["id"] == document.pk
    assert Document.objects.count() == 1
