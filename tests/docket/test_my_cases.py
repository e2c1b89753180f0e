"""Filers' own cases: the docket and its documents, any hour, for counsel of record only."""

from efiling.accounts.models import Role
from efiling.audit.models import AuditEvent
from efiling.docket import services as docket
from tests import factories
from tests.docket.conftest import stored_pdf_text
from tests.factories import client_for


def test_counsel_lists_finds_and_reads_their_case(accepted, attorney):
    client = client_for(attorney)
    case = accepted.case
    listing = client.get("/cases/").content.decode()
    assert f'href="/cases/{case.pk}/">{case.number}</a>' in listing
    assert 'aria-current="page">My cases' in listing
    assert "1 case match" in client.get("/cases/", {"q": "lawson"}).content.decode()
    assert "0 cases match" in client.get("/cases/", {"q": "nobody"}).content.decode()

    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert accepted.text in page and "Pat Lawson (Petitioner)" in page
    assert f"/filings/new/?court=SL&amp;case={case.number}" in page
    document = accepted.documents.first()
    pdf = client.get(f"/cases/documents/{document.pk}/")
    assert pdf.status_code == 200 and pdf["Content-Security-Policy"] == "sandbox"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    assert "Electronically Filed" in stored_pdf_text(document.stamped_storage_name)

    start = client.get(f"/filings/new/?court=SL&case={case.number}").content.decode()
    assert f'value="{case.number}"' in start


def test_sealed_entries_are_counsel_s_and_each_read_is_audited(accepted, attorney, clerk):
    docket.security_level_set(
        clerk=clerk, case=accepted.case, entry=accepted, level="sealed", reason="Order of 11/27"
    )
    client = client_for(attorney)
    assert accepted.text in client.get(f"/cases/{accepted.case_id}/").content.decode()
    document = accepted.documents.first()
    assert client.get(f"/cases/documents/{document.pk}/").status_code == 200
    viewed = AuditEvent.objects.filter(action="document.viewed", object_id=str(document.pk))
    assert viewed.get().actor_id == attorney.pk


def test_strangers_see_nothing(accepted):
    stranger = client_for(factories.user(Role.ATTORNEY))
    assert "0 cases, newest first." in stranger.get("/cases/").content.decode()
    assert stranger.get(f"/cases/{accepted.case_id}/").status_code == 404
    document = accepted.documents.first()
    assert stranger.get(f"/cases/documents/{document.pk}/").status_code == 404
    assert stranger.get("/cases/documents/999999/").status_code == 404


def test_court_staff_get_their_court_s_cases_without_a_file_link(accepted, clerk):
    client = client_for(clerk)
    assert accepted.case.number in client.get("/cases/").content.decode()
    page = client.get(f"/cases/{accepted.case_id}/").content.decode()
    assert accepted.text in page and "File into this case" not in page
