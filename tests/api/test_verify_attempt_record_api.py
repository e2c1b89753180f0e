"""VerifyFilingAttemptRecord: anyone (no sign-in) checks a record of filing attempts' PDF, sent
as the body itself or as the file "record" of a form: genuine, with who, the range, the
attempts and the signing key, as the verification page says; one byte changed is not genuine
(200, with the reason); not a PDF 422; another content type 415; over the cap 413 before
anything is read; no Content-Length 411; counted by the public throttle; nothing stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from efiling.availability.attempt_record import RECORD_MAX_BYTES, record_pdf
from efiling.core import clock, signing
from tests.api.test_retry_safety import _database

URL = "/api/v1/public/filing-attempt-records/verify"


@pytest.fixture
def record(court, attorney):
    today = clock.local_date(clock.now(), court.time_zone)
    return record_pdf(user=attorney, first=today, last=today), today


def _raw(content: bytes, client=None, **extra):
    return (client or Client()).post(URL, content, content_type="application/pdf", **extra)


def test_a_genuine_record_sent_as_the_body(record):
    pdf, today = record
    before = _database()
    answer = _raw(pdf)
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["genuine"] is True and body["reason"] == ""
    assert body["key_id"] == signing.signing_keys()[0].key_id
    assert body["filer"] == "Avery Lawson" and body["filer_email"]
    assert body["first_day"] == body["last_day"] == today.isoformat()
    assert body["time_zone"] == "America/Chicago"
    assert body["attempts"] == 0 and body["references"] == [] and body["outages"] == 0
    assert body["signed_at"]
    assert _database() == before  # a check stores nothing


def test_a_genuine_record_sent_as_a_form(record):
    pdf, _ = record
    answer = Client().post(URL, {"record": SimpleUploadedFile("record.pdf", pdf)})
    assert answer.status_code == 200 and answer.json()["genuine"] is True


def test_one_byte_changed_is_not_genuine_with_the_reason(record):
    pdf, _ = record
    changed = bytearray(pdf)
    changed[len(pdf) // 3] ^= 0x20
    answer = _raw(bytes(changed))
    assert answer.status_code == 200
    body = answer.json()
    assert body["genuine"] is False and body["reason"] and body["key_id"] == ""
    assert body["attempts"] == 0 and body["first_day"] is None


def test_bad_input_is_a_clear_4xx(record):
    pdf, _ = record
    not_pdf = _raw(b"hello")
    assert not_pdf.status_code == 422
    assert not_pdf.json()["code"] == "not_pdf" and not_pdf.json()["field"] == "record"
    json_body = Client().post(URL, {"record": "x"}, content_type="application/json")
    assert json_body.status_code == 415 and "application/pdf" in json_body.json()["detail"]
    big = _raw(b"%PDF-" + b"0" * RECORD_MAX_BYTES)
    assert big.status_code == 413 and "5 MB" in big.json()["detail"]
    no_file = Client().post(URL, {"other": SimpleUploadedFile("a.pdf", pdf)})
    assert no_file.status_code == 422 and no_file.json()["field"] == "record"
    big_form = Client().post(
        URL, {"record": SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * RECORD_MAX_BYTES)}
    )
    assert big_form.status_code == 413
    chunked = Client().generic("POST", URL, pdf, content_type="application/pdf", CONTENT_LENGTH="")
    assert chunked.status_code == 411


def test_a_record_over_the_memory_limit_for_bodies_is_still_read(record, settings):
    """The raw body is read from the stream, not request.body: a record up to the cap passes
    whatever DATA_UPLOAD_MAX_MEMORY_SIZE says."""
    pdf, _ = record
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = len(pdf) // 2
    assert _raw(pdf).json()["genuine"] is True


def test_it_is_throttled_like_the_public_api(record, settings):
    pdf, _ = record
    settings.EFILING_PUBLIC_RATE = "2/m"
    client = Client()
    assert [_raw(pdf, client).status_code for _ in range(3)] == [200, 200, 429]
    assert _raw(pdf, client).has_header("Retry-After")
