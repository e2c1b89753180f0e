"""The API can do what the filing wizard does (issue 10): an envelope's answer shows its parties
besides its filings and documents, and parties, filings, documents and whole drafts can be
removed, with the same rules as the pages (drafts only; a read-only token cannot)."""

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from efiling.accounts.models import ApiToken
from efiling.accounts.tokens import api_token_create
from efiling.audit.models import AuditEvent
from efiling.cases.models import Party
from efiling.filings.documents import document_add
from efiling.filings.models import Document, Envelope, Filing
from tests.filings.helpers import received_file, with_lead_document


@pytest.fixture
def tokens(attorney):
    file = api_token_create(user=attorney, name="firm", scope=ApiToken.Scope.FILE)[1]
    read = api_token_create(user=attorney, name="reader", scope=ApiToken.Scope.READ)[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {file}"), Client(HTTP_AUTHORIZATION=f"Bearer {read}")


@pytest.fixture
def draft(new_case_envelope, attorney, pdf):
    return with_lead_document(new_case_envelope, attorney, pdf)


def _url(envelope) -> str:
    return f"/api/v1/envelopes/{envelope.public_id}"


def test_get_filing_status_shows_the_parties(tokens, draft):
    parties = tokens[1].get(_url(draft)).json()["parties"]
    pat, acme = (Party.objects.get(pk=party["id"]) for party in parties)
    assert parties == [
        {
            "id": pat.pk,
            "kind": "person",
            "role": "petitioner",
            "first_name": "Pat",
            "middle_name": "",
            "last_name": "Lawson",
            "organization_name": "",
            "birth_year": None,
            "name": "Pat Lawson",
            "represented": True,
        },
        {
            "id": acme.pk,
            "kind": "organization",
            "role": "respondent",
            "first_name": "",
            "middle_name": "",
            "last_name": "",
            "organization_name": "Acme Corp.",
            "birth_year": None,
            "name": "Acme Corp.",
            "represented": False,
        },
    ]
    listed = tokens[1].get("/api/v1/envelopes").json()["items"][0]
    assert listed["parties"] == parties


def test_remove_party(tokens, draft):
    api, reader = tokens
    party = draft.parties.get(organization_name="Acme Corp.")
    assert reader.delete(f"{_url(draft)}/parties/{party.pk}").status_code == 403
    answer = api.delete(f"{_url(draft)}/parties/{party.pk}")
    assert answer.status_code == 200
    assert [p["name"] for p in answer.json()["parties"]] == ["Pat Lawson"]
    assert not Party.objects.filter(pk=party.pk).exists()
    assert AuditEvent.objects.filter(action="party.removed", object_id=str(party.pk)).exists()
    missing = api.delete(f"{_url(draft)}/parties/{party.pk}")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_remove_document_and_its_stored_file(
    tokens, draft, attorney, pdf, django_capture_on_commit_callbacks
):
    api, reader = tokens
    exhibit = document_add(
        envelope=draft,
        user=attorney,
        filing=draft.filings.get(),
        kind="attachment",
        title="Exhibit A",
        received=received_file(pdf("exhibit.pdf")),
    )
    assert reader.delete(f"{_url(draft)}/documents/{exhibit.pk}").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        answer = api.delete(f"{_url(draft)}/documents/{exhibit.pk}")
    assert answer.status_code == 200
    assert [d["title"] for d in answer.json()["filings"][0]["documents"]] == ["Petition"]
    assert not Document.objects.filter(pk=exhibit.pk).exists()
    assert not default_storage.exists(exhibit.storage_name)


def test_remove_filing_with_its_documents(tokens, draft, django_capture_on_commit_callbacks):
    api, _ = tokens
    filing = draft.filings.get()
    names = [d.storage_name for d in filing.documents.all()]
    with django_capture_on_commit_callbacks(execute=True):
        answer = api.delete(f"{_url(draft)}/filings/{filing.pk}")
    assert answer.status_code == 200 and answer.json()["filings"] == []
    assert not Filing.objects.filter(pk=filing.pk).exists()
    assert names and not any(default_storage.exists(name) for name in names)


def test_delete_draft(tokens, draft, django_capture_on_commit_callbacks):
    api, reader = tokens
    assert reader.delete(_url(draft)).status_code == 403
    names = list(Document.objects.filter(filing__envelope=draft).values_list("storage_name"))
    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(_url(draft)).status_code == 204
    assert not Envelope.objects.filter(pk=draft.pk).exists()
    assert not any(default_storage.exists(name) for (name,) in names)
    assert api.get(_url(draft)).status_code == 404


def test_a_submitted_envelope_cannot_be_taken_apart(tokens, submitted):
    api, _ = tokens
    party = submitted.parties.first()
    filing = submitted.filings.get()
    document = filing.documents.first()
    for path in (
        f"{_url(submitted)}/parties/{party.pk}",
        f"{_url(submitted)}/filings/{filing.pk}",
        f"{_url(submitted)}/documents/{document.pk}",
        _url(submitted),
    ):
        answer = api.delete(path)
        assert answer.status_code == 409, (path, answer.content)
    assert Document.objects.filter(pk=document.pk).exists()
