"""ServeFiling (issue 12; decision 0014): a serve-only envelope created with CreateEnvelope
(serve_only true), assembled as any other, then served; and the answers that refuse it."""

import pytest
from django.test import Client

from efiling.accounts.models import ApiToken, Role
from efiling.accounts.tokens import api_token_create
from efiling.docket.services import review_queue
from efiling.service.models import ServiceRecord
from tests import factories
from tests.documents import builders

SIGNATURE = {"signature": "/s/ Avery Lawson"}


@pytest.fixture
def opposing(court):
    return factories.user(Role.ATTORNEY, first_name="Olive", last_name="Opposing")


@pytest.fixture
def case(court, attorney, opposing):
    return factories.case(court, counsel=[attorney, opposing], number="26SL-CC00042")


@pytest.fixture
def client(attorney):
    token = api_token_create(user=attorney, name="firm software", scope=ApiToken.Scope.FILE)[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _post(client, path, body=None, **headers):
    return client.post(path, body or {}, content_type="application/json", **headers)


def _create(client, number, *, serve_only=True):
    return _post(
        client,
        "/api/v1/envelopes",
        {"court": "SL", "case_number": number, "serve_only": serve_only},
    )


def _ready(client, case, tmp_path, code="INTERROG") -> str:
    """A serve-only envelope of `case` with one filing of `code` and its lead document: its URL."""
    created = _create(client, case.number)
    assert created.status_code == 201, created.content
    assert created.json()["serve_only"] is True
    url = f"/api/v1/envelopes/{created.json()['id']}"
    envelope = _post(client, f"{url}/filings", {"code": code})
    assert envelope.status_code == 201, envelope.content
    filing_id = envelope.json()["filings"][0]["id"]
    pdf = builders.text_pdf(tmp_path / "interrogatories.pdf", pages=2)
    upload = client.post(
        f"{url}/filings/{filing_id}/documents?kind=lead&file_name=interrogatories.pdf",
        pdf.read_bytes(),
        content_type="application/pdf",
    )
    assert upload.status_code == 201, upload.content
    return url


def test_serve_interrogatories_through_the_api(client, case, court, opposing, tmp_path):
    url = _ready(client, case, tmp_path)
    served = _post(client, f"{url}/serve", SIGNATURE, HTTP_IDEMPOTENCY_KEY="serve-1")
    assert served.status_code == 200, served.content
    body = served.json()
    assert body["status"] == "served" and body["status_label"] == "Served (not filed)"
    assert body["confirmation_number"] and body["fee_total_cents"] == 0
    assert body["filings"][0]["status"] == "served"
    retry = _post(client, f"{url}/serve", SIGNATURE, HTTP_IDEMPOTENCY_KEY="serve-1")
    assert retry.json()["confirmation_number"] == body["confirmation_number"]
    again = _post(client, f"{url}/serve", SIGNATURE, HTTP_IDEMPOTENCY_KEY="serve-2")
    assert again.status_code == 409
    status = client.get(url).json()
    assert status["status"] == "served"
    assert [r["email"] for r in status["service"]["records"]] == [opposing.email]
    assert client.get(status["service"]["certificate_url"]).status_code == 200
    assert ServiceRecord.objects.filter(person=opposing).count() == 1
    assert not review_queue(court=court).exists()


def test_serving_needs_an_idempotency_key(client, case, tmp_path):
    url = _ready(client, case, tmp_path)
    response = _post(client, f"{url}/serve", SIGNATURE)
    assert response.status_code == 400 and response.json()["code"] == "idempotency_key_missing"


def test_a_case_the_filer_is_not_part_of_is_answered_as_a_missing_one(client, court, opposing):
    theirs = factories.case(court, counsel=[opposing], number="26SL-CC00077")
    not_part = _create(client, theirs.number)
    missing = _create(client, "26SL-CC09999")
    assert not_part.status_code == missing.status_code == 404
    assert not_part.json()["detail"].replace(theirs.number, "N") == missing.json()[
        "detail"
    ].replace("26SL-CC09999", "N")


def test_a_new_case_cannot_be_served(client):
    response = _post(
        client,
        "/api/v1/envelopes",
        {"court": "SL", "case_type": "CC", "caption": "A v. B", "serve_only": True},
    )
    assert response.status_code == 422 and response.json()["field"] == "case_number"


def test_codes_go_to_their_own_kind_of_envelope(client, case):
    filed = _create(client, case.number, serve_only=False).json()
    refused = _post(client, f"/api/v1/envelopes/{filed['id']}/filings", {"code": "INTERROG"})
    assert refused.status_code == 422
    assert "served on the parties, not filed with the court" in refused.json()["detail"]
    served = _create(client, case.number).json()
    refused = _post(client, f"/api/v1/envelopes/{served['id']}/filings", {"code": "MOT"})
    assert refused.status_code == 422 and "File into this case" in refused.json()["detail"]


def test_a_serve_only_envelope_is_not_submitted_nor_a_filing_served(client, case, tmp_path):
    url = _ready(client, case, tmp_path)
    submitted = _post(client, f"{url}/submit", SIGNATURE, HTTP_IDEMPOTENCY_KEY="s-1")
    assert submitted.status_code == 409 and submitted.json()["code"] == "serve_only"
    filed = _create(client, case.number, serve_only=False).json()
    served = _post(
        client, f"/api/v1/envelopes/{filed['id']}/serve", SIGNATURE, HTTP_IDEMPOTENCY_KEY="s-2"
    )
    assert served.status_code == 409 and served.json()["code"] == "not_serve_only"
