import pytest
from django.test import Client

from efiling.accounts.models import ApiToken
from efiling.accounts.tokens import api_token_create
from efiling.filings.models import Document, Envelope, Status
from tests.documents import builders


def _api(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.fixture
def file_token(attorney):
    return api_token_create(user=attorney, name="firm software", scope=ApiToken.Scope.FILE)[1]


@pytest.fixture
def read_token(attorney):
    return api_token_create(user=attorney, name="reader", scope=ApiToken.Scope.READ)[1]


def _new_case(client) -> dict:
    response = client.post(
        "/api/v1/envelopes",
        {"court": "SL", "case_type": "CC", "caption": "Lawson v. Acme Corp."},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    envelope = response.json()
    url = f"/api/v1/envelopes/{envelope['id']}"
    for party in [
        {
            "kind": "person",
            "role": "petitioner",
            "first_name": "Pat",
            "last_name": "Lawson",
            "represented": True,
        },
        {"kind": "organization", "role": "respondent", "organization_name": "Acme Corp."},
    ]:
        assert (
            client.post(f"{url}/parties", party, content_type="application/json").status_code == 201
        )
    envelope = client.post(
        f"{url}/filings", {"code": "PET"}, content_type="application/json"
    ).json()
    return envelope


def _upload(client, envelope, path, *, kind="lead"):
    filing_id = envelope["filings"][0]["id"]
    return client.post(
        f"/api/v1/envelopes/{envelope['id']}/filings/{filing_id}/documents?kind={kind}&file_name={path.name}",
        path.read_bytes(),
        content_type="application/pdf",
    )


def test_file_a_new_case_through_the_api(file_token, tmp_path):
    client = _api(file_token)
    envelope = _new_case(client)
    document = _upload(client, envelope, builders.text_pdf(tmp_path / "petition.pdf", pages=2))
    assert document.status_code == 201 and document.json()["pages"] == 2
    fees = client.get(f"/api/v1/envelopes/{envelope['id']}/fees").json()
    assert fees["total_cents"] == fees["to_hold_cents"] == 14950
    submit = client.post(
        f"/api/v1/envelopes/{envelope['id']}/submit",
        {"signature": "/s/ Avery Lawson"},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="abc-1",
    )
    assert submit.status_code == 200, submit.content
    body = submit.json()
    assert body["status"] == "submitted" and body["confirmation_number"]
    retry = client.post(
        f"/api/v1/envelopes/{envelope['id']}/submit",
        {"signature": "/s/ Avery Lawson"},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="abc-1",
    )
    assert retry.json()["confirmation_number"] == body["confirmation_number"]
    status = client.get(f"/api/v1/envelopes/{envelope['id']}").json()
    assert status["filings"][0]["status"] == "submitted"
    assert [e["id"] for e in client.get("/api/v1/envelopes").json()["items"]] == [envelope["id"]]
    receipt = client.get(f"/api/v1/envelopes/{envelope['id']}/receipt.pdf")
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")
    cancelled = client.post(f"/api/v1/envelopes/{envelope['id']}/cancel")
    assert cancelled.json()["status"] == "cancelled"


def test_submit_needs_an_idempotency_key(file_token, tmp_path):
    client = _api(file_token)
    envelope = _new_case(client)
    _upload(client, envelope, builders.text_pdf(tmp_path / "p.pdf"))
    response = client.post(
        f"/api/v1/envelopes/{envelope['id']}/submit",
        {"signature": "/s/ Avery Lawson"},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["code"] == "idempotency_key_missing"


def test_oversized_upload_is_refused_from_its_declared_length(file_token, tmp_path, court):
    court.policy.maximum_allowed_attachment_size = 100_000
    court.policy.save()
    client = _api(file_token)
    envelope = _new_case(client)
    path = builders.pdf_padded_to(tmp_path / "big.pdf", 100_001)
    response = _upload(client, envelope, path)
    assert response.status_code == 413
    assert (
        "big.pdf is" in response.json()["detail"] and "100,001 bytes" in response.json()["detail"]
    )
    assert Document.objects.count() == 0


def test_not_a_pdf_is_refused_by_content(file_token, tmp_path):
    client = _api(file_token)
    envelope = _new_case(client)
    response = _upload(client, envelope, builders.renamed_text_file(tmp_path / "letter.pdf"))
    assert response.status_code == 422 and "Nothing was stored" in response.json()["detail"]


def test_read_token_cannot_file(read_token):
    response = _api(read_token).post(
        "/api/v1/envelopes",
        {"court": "SL", "case_type": "CC", "caption": "X v. Y"},
        content_type="application/json",
    )
    assert response.status_code == 403 and "read-only" in response.json()["detail"]


def test_someone_elses_envelope_is_not_found(file_token, court):
    from efiling.accounts.models import Role
    from efiling.courts.models import CaseType
    from efiling.filings import services
    from tests import factories

    other = factories.user(Role.ATTORNEY)
    envelope = services.draft_create(
        user=other, court=court, case_type=CaseType.objects.get(code="CC"), caption="A v. B"
    )
    assert _api(file_token).get(f"/api/v1/envelopes/{envelope.public_id}").status_code == 404
    assert Envelope.objects.get(pk=envelope.pk).status == Status.DRAFT


def test_bad_input_gets_clear_4xx(file_token):
    client = _api(file_token)
    assert (
        client.post(
            "/api/v1/envelopes",
            {"court": "ZZ", "case_type": "CC", "caption": "A"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert (
        client.post(
            "/api/v1/envelopes",
            {"court": "SL", "case_type": "QQ", "caption": "A"},
            content_type="application/json",
        ).status_code
        == 422
    )
    assert client.post(
        "/api/v1/envelopes", "not json", content_type="application/json"
    ).status_code in (400, 422)
    assert client.get("/api/v1/envelopes/not-a-uuid").status_code == 422
