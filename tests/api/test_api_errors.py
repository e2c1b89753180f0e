"""The examples of issue 9 (every input gets a clear 4xx), each through the real API, and every
error answer of the API in its one JSON shape."""

import json
import logging

import pytest
from django.test import Client

from efiling.accounts.models import ApiToken
from efiling.accounts.tokens import api_token_create
from efiling.filings.models import Document
from tests.documents import builders


@pytest.fixture
def client(attorney):
    raw = api_token_create(user=attorney, name="firm software", scope=ApiToken.Scope.FILE)[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _shape(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["code"], str) and body["code"]
    if code:
        assert body["code"] == code, body
    return body


def _draft(client) -> dict:
    response = client.post(
        "/api/v1/envelopes",
        {"court": "SL", "case_type": "CC", "caption": "Lawson v. Acme Corp."},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def _with_filing(client, envelope, **fields) -> dict:
    response = client.post(
        f"/api/v1/envelopes/{envelope['id']}/filings",
        {"code": "PET", **fields},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return response.json()


@pytest.mark.django_db
def test_nul_in_a_path_is_a_400_in_the_api_shape(courts):
    body = _shape(Client().get("/api/v1/courts/S%00L/policy"), 400, "invalid_path")
    assert "NUL" in body["detail"]


@pytest.mark.django_db
def test_a_caption_of_zero_width_spaces_is_refused(client):
    response = client.post(
        "/api/v1/envelopes",
        {"court": "SL", "case_type": "CC", "caption": "\u200b\u200b\u200b"},
        content_type="application/json",
    )
    assert _shape(response, 422)["field"] == "caption"


@pytest.mark.django_db
def test_a_last_name_with_a_right_to_left_override_is_refused(client):
    envelope = _draft(client)
    for last_name in ("Law\u202eson", "Probe\ud800", "Pro\x00be"):
        response = client.post(
            f"/api/v1/envelopes/{envelope['id']}/parties",
            json.dumps({"kind": "person", "role": "petitioner", "last_name": last_name}),
            content_type="application/json",
        )
        assert _shape(response, 422)["field"] == "last_name"


@pytest.mark.django_db
def test_a_description_over_its_column_is_refused_not_cut(client):
    envelope = _draft(client)
    response = client.post(
        f"/api/v1/envelopes/{envelope['id']}/filings",
        {"code": "PET", "description": "x" * 201},
        content_type="application/json",
    )
    assert _shape(response, 422)["field"] == "description"
    assert client.get(f"/api/v1/envelopes/{envelope['id']}").json()["filings"] == []


def _upload(client, envelope, pdf_path, *, query: str, **extra):
    filing = envelope["filings"][0]["id"]
    return client.post(
        f"/api/v1/envelopes/{envelope['id']}/filings/{filing}/documents?{query}",
        pdf_path.read_bytes(),
        content_type=extra.pop("content_type", "application/pdf"),
        **extra,
    )


@pytest.mark.django_db
def test_a_240_character_file_name_without_a_title_gets_a_title_that_fits(client, tmp_path):
    """A 500 on PostgreSQL before: the fallback title outgrew its column."""
    envelope = _with_filing(client, _draft(client))
    words = ("Motion for leave to amend " * 10)[:236]
    name = f"{words}.pdf"
    assert len(name) == 240
    pdf = builders.text_pdf(tmp_path / "p.pdf", pages=1, text="IN THE CIRCUIT COURT")
    response = _upload(client, envelope, pdf, query=f"kind=lead&file_name={name}")
    assert response.status_code == 201, response.content
    document = Document.objects.get(pk=response.json()["id"])
    assert len(document.title) <= 200 and words.startswith(document.title + " ")
    assert document.original_name == " ".join(name.split())


@pytest.mark.django_db
def test_a_title_over_its_column_is_refused(client, tmp_path):
    envelope = _with_filing(client, _draft(client))
    pdf = builders.text_pdf(tmp_path / "p.pdf", pages=1, text="IN THE CIRCUIT COURT")
    response = _upload(client, envelope, pdf, query=f"kind=lead&file_name=p.pdf&title={'t' * 201}")
    assert _shape(response, 422)["field"] == "title"


@pytest.mark.django_db
def test_file_names_are_kept_clean(client, tmp_path):
    envelope = _with_filing(client, _draft(client))
    pdf = builders.text_pdf(tmp_path / "p.pdf", pages=1, text="IN THE CIRCUIT COURT")
    kept = []
    for name in ("..%5C..%5Cwindows%5Csystem32%5Cevil.pdf", "..", "invoice.exe"):
        response = _upload(client, envelope, pdf, query=f"kind=attachment&file_name={name}")
        assert response.status_code == 201, response.content
        kept.append(response.json()["original_name"])
    assert kept == ["evil.pdf", "document.pdf", "invoice.exe.pdf"]


@pytest.mark.django_db
def test_multipart_to_the_raw_upload_is_415_and_a_chunked_body_411(client, tmp_path):
    envelope = _with_filing(client, _draft(client))
    pdf = builders.text_pdf(tmp_path / "p.pdf", pages=1, text="IN THE CIRCUIT COURT")
    filing = envelope["filings"][0]["id"]
    url = f"/api/v1/envelopes/{envelope['id']}/filings/{filing}/documents?kind=lead&file_name=p"
    with open(pdf, "rb") as handle:
        multipart = client.post(url, {"file": handle})
    _shape(multipart, 415, "unsupported_media_type")
    chunked = client.generic(
        "POST",
        url,
        pdf.read_bytes(),
        content_type="application/pdf",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"CONTENT_LENGTH": ""},
    )
    _shape(chunked, 411, "length_required")
    assert client.get(f"/api/v1/envelopes/{envelope['id']}").json()["filings"][0]["documents"] == []


@pytest.mark.django_db
def test_unparseable_json_is_400_invalid_json(client):
    for body in ("not json", b"\xff\xfe{}"):
        response = client.post("/api/v1/envelopes", body, content_type="application/json")
        _shape(response, 400, "invalid_json")


@pytest.mark.django_db
def test_a_body_over_the_limit_is_413_in_the_api_shape(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(
        "/api/v1/envelopes",
        json.dumps({"court": "SL", "caption": "x" * 2000}),
        content_type="application/json",
    )
    _shape(response, 413, "too_large")


@pytest.mark.django_db
def test_a_query_string_too_long_is_414_in_the_api_shape(client):
    _shape(client.get("/api/v1/envelopes?status=" + "x" * 5000), 414, "uri_too_long")


@pytest.mark.django_db
def test_nul_in_a_query_parameter_is_400_naming_it_as_in_the_path(client):
    body = _shape(client.get("/api/v1/cases?court=S%00L"), 400, "invalid_query")
    assert body["field"] == "court"
    body = _shape(client.get("/api/v1/cases?court=%FF"), 400, "invalid_query")
    assert body["field"] == "court" and "UTF-8" in body["detail"]


@pytest.mark.django_db
def test_method_not_allowed_and_unknown_paths_answer_in_the_api_shape(client):
    response = client.delete("/api/v1/envelopes")
    _shape(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]
    _shape(client.get("/api/v1/no-such-thing"), 404, "not_found")


@pytest.mark.django_db
def test_an_unexpected_exception_is_a_logged_500_in_the_api_shape(monkeypatch, caplog, courts):
    import efiling.api.courts

    def broken(**kwargs):
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(efiling.api.courts, "courts_list", broken)
    with caplog.at_level(logging.ERROR, logger="efiling.api"):
        response = Client().get("/api/v1/courts")
    _shape(response, 500, "server_error")
    assert "the disk is on fire" not in response.content.decode()
    assert any(r.exc_info and "the disk is on fire" in str(r.exc_info[1]) for r in caplog.records)


@pytest.mark.django_db
def test_out_of_range_dates_answer_422(client, courts):
    for url in (
        "/api/v1/courts/SL/schedule?from=9999-12-31",
        "/api/v1/courts/SL/deadline?from=9999-12-31&days=30",
        "/api/v1/courts/SL/deadline?from=0001-01-01&days=30",
    ):
        assert _shape(client.get(url), 422)["field"] == "from", url


@pytest.mark.django_db
def test_the_receipt_is_sent_with_an_rfc_6266_file_name(client, submitted):
    from efiling.accounts.models import User

    owner = User.objects.get(pk=submitted.prepared_by_id)
    raw = api_token_create(user=owner, name="reader", scope=ApiToken.Scope.READ)[1]
    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get(
        f"/api/v1/envelopes/{submitted.public_id}/receipt.pdf"
    )
    number = submitted.confirmation_number
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"receipt-{number}.pdf\"; filename*=UTF-8''receipt-{number}.pdf"
    )
