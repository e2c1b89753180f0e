"""What the court keeps of an upload (issue 9): the court's page limit, earlier versions and
data after the end removed (the filer told what, and what the earlier version showed), and
the SHA-256 of the bytes received next to that of the bytes kept, on the receipt and in the API."""

import hashlib
import importlib
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
from django.apps import apps
from django.test import Client

from efiling.courts.models import CourtPolicy
from efiling.filings import migrations, services
from efiling.filings.documents import document_add
from efiling.filings.models import Document
from efiling.filings.receipt import KEPT_LABEL, RECEIVED_LABEL, receipt_text
from efiling.filings.receipt_data import receipt_data
from efiling.filings.storage import document_open
from tests.documents import builders
from tests.documents import hostile_builders as hostile
from tests.documents import structure_builders as structure
from tests.filings.helpers import received_file, stored_files, upload

SAMPLE = (
    Path(__file__).resolve().parents[1] / "documents" / "samples" / "earlier-revision-with-ssn.pdf"
)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def kept_bytes(document: Document) -> bytes:
    with document_open(document.storage_name) as handle:
        return handle.read()


def submit(envelope, attorney):
    return services.envelope_submit(
        envelope=envelope, user=attorney, signature="/s/ Avery Lawson", idempotency_key="k-1"
    )


# --- The court's page limit ---------------------------------------------------------------------


def test_the_courts_page_limit_refuses_a_longer_document(
    signed_in, new_case_envelope, pdf, settings
):
    CourtPolicy.objects.filter(court=new_case_envelope.court).update(maximum_page_count=3)
    response = upload(signed_in, new_case_envelope, pdf("long.pdf", pages=4))
    assert response.status_code in (400, 422)
    assert b"more than 3 pages, the most this court accepts in one document" in response.content
    assert b"Nothing was stored" in response.content
    assert Document.objects.count() == 0 and stored_files(settings) == []
    assert upload(signed_in, new_case_envelope, pdf("short.pdf", pages=3)).status_code == 302


def test_the_page_limit_is_on_the_policy_page_and_in_get_policy(court):
    CourtPolicy.objects.filter(court=court).update(maximum_page_count=1_500)
    client = Client()
    assert client.get("/api/v1/courts/SL/policy").json()["maximum_page_count"] == 1_500
    page = client.get(f"/courts/{court.code}/policy/")
    assert b"Pages per document</dt><dd>at most 1500" in page.content


def test_the_default_policy_allows_two_thousand_pages(court):
    assert court.policy.maximum_page_count == 2_000


# --- Hidden content removed, the filer told -----------------------------------------------------


def test_an_earlier_version_with_an_ssn_is_not_kept_and_the_filer_is_told(
    signed_in, new_case_envelope
):
    assert upload(signed_in, new_case_envelope, SAMPLE).status_code == 302
    document = Document.objects.get()
    assert document.cleaned
    assert any("Removed 1 earlier version of the document" in note for note in document.notes)
    [note] = [n for n in document.notes if n.startswith("An earlier version")]
    assert "what looks like a Social Security number (***-**-6789, page 1)" in note
    assert "a full date of birth (**/**/1980, page 1)" in note
    assert "Check your source file" in note
    assert document.redaction_findings == []  # the page itself is redacted: nothing to confirm

    kept = kept_bytes(document)
    assert kept.count(b"%%EOF") == 1 and b"123-45-6789" not in kept
    assert (document.received_sha256, document.received_size) == (
        sha256(SAMPLE),
        SAMPLE.stat().st_size,
    )
    assert document.sha256 == hashlib.sha256(kept).hexdigest() != document.received_sha256
    assert document.size == len(kept)
    page = signed_in.get(f"/filings/{new_case_envelope.public_id}/documents/")
    assert b"An earlier version of this document inside the file showed" in page.content


def test_without_the_redaction_check_the_removal_is_still_told(new_case_envelope, attorney):
    CourtPolicy.objects.filter(court=new_case_envelope.court).update(redaction_check=False)
    document = document_add(
        envelope=new_case_envelope,
        user=attorney,
        filing=new_case_envelope.filings.first(),
        kind="lead",
        title="Petition",
        received=received_file(SAMPLE),
    )
    assert any("Removed 1 earlier version" in note for note in document.notes)
    assert not any(note.startswith("An earlier version") for note in document.notes)


def test_a_zip_joined_to_the_pdf_is_not_stored(signed_in, new_case_envelope, tmp_path):
    source = builders.text_pdf(tmp_path / "petition.pdf", pages=2)
    path = structure.with_appended(tmp_path / "joined.pdf", source, structure.zip_bytes())
    assert upload(signed_in, new_case_envelope, path).status_code == 302
    document = Document.objects.get()
    assert any("bytes of other data after the end of the PDF" in n for n in document.notes)
    kept = tmp_path / "kept.pdf"
    kept.write_bytes(kept_bytes(document))
    assert not zipfile.is_zipfile(kept)
    assert document.received_sha256 == sha256(path) != document.sha256


# --- Received and kept on the receipt and in the API --------------------------------------------


def test_the_receipt_gives_both_digests_only_where_they_differ(
    signed_in, new_case_envelope, attorney, pdf
):
    envelope = new_case_envelope
    filing = envelope.filings.first()
    assert upload(signed_in, envelope, SAMPLE).status_code == 302
    assert upload(signed_in, envelope, pdf("exhibit.pdf"), kind="attachment").status_code == 302
    cleaned, plain = Document.objects.filter(filing=filing).order_by("position")
    assert cleaned.kept_differs and not plain.kept_differs
    assert plain.received_sha256 == plain.sha256
    envelope = submit(envelope, attorney)

    page = signed_in.get(f"/filings/{envelope.public_id}/receipt/").content.decode()
    assert f'{RECEIVED_LABEL}</small><br><code class="hash">{cleaned.received_sha256}' in page
    assert f'{KEPT_LABEL}</small><br><code class="hash">{cleaned.sha256}' in page
    assert page.count(RECEIVED_LABEL) == 1  # the exhibit, kept as sent, has one digest
    assert plain.sha256 in page

    text = receipt_text(receipt_data(envelope))
    assert f"   {RECEIVED_LABEL}: {cleaned.received_sha256}\n" in text
    assert f"   {KEPT_LABEL}: {cleaned.sha256}\n" in text
    assert f"   SHA-256: {plain.sha256}\n" in text
    pdf_bytes = signed_in.get(f"/filings/{envelope.public_id}/receipt.pdf").content
    document = pdfium.PdfDocument(pdf_bytes)
    try:
        words = " ".join(" ".join(p.get_textpage().get_text_range().split()) for p in document)
    finally:
        document.close()
    assert f"{RECEIVED_LABEL}: {cleaned.received_sha256}" in words
    assert f"{KEPT_LABEL}: {cleaned.sha256}" in words
    assert f"SHA-256: {plain.sha256}" in words


def test_the_api_gives_the_digest_received_and_kept(signed_in, new_case_envelope):
    assert upload(signed_in, new_case_envelope, SAMPLE).status_code == 302
    body = signed_in.get(f"/api/v1/envelopes/{new_case_envelope.public_id}").json()
    [document] = body["filings"][0]["documents"]
    stored = Document.objects.get()
    assert document["received_sha256"] == sha256(SAMPLE) == stored.received_sha256
    assert document["received_size"] == SAMPLE.stat().st_size
    assert document["sha256"] == stored.sha256 != document["received_sha256"]


def test_existing_documents_count_what_they_kept_as_received(new_case_envelope, attorney, pdf):
    """The migration's step for rows written before the received digest was recorded."""
    document = document_add(
        envelope=new_case_envelope,
        user=attorney,
        filing=new_case_envelope.filings.first(),
        kind="lead",
        title="Petition",
        received=received_file(pdf()),
    )
    Document.objects.filter(pk=document.pk).update(received_sha256="", received_size=0)
    [module] = Path(migrations.__file__).parent.glob("*_document_received_sha256.py")
    migration = importlib.import_module(f"efiling.filings.migrations.{module.stem}")
    migration.received_is_kept(apps, None)
    document.refresh_from_db()
    assert (document.received_sha256, document.received_size) == (document.sha256, document.size)


# --- Issue 9, second round: content no page shows, text outside the pages ----------------------


def test_the_probes_earlier_draft_kept_as_an_xobject_is_not_in_the_kept_copy(
    new_case_envelope, attorney, tmp_path
):
    """The probe h4: 123-45-6789 stayed in the kept copy (and the stamped public copy) while
    the note said the earlier version was removed."""
    path = hostile.earlier_content_kept_as_xobject_pdf(tmp_path / "h4.pdf")
    document_add(
        envelope=new_case_envelope,
        user=attorney,
        filing=new_case_envelope.filings.first(),
        kind="lead",
        title="Petition",
        received=received_file(path),
    )
    document = Document.objects.get()
    assert document.cleaned
    assert hostile.SSN not in kept_bytes(document)
    assert any(note.startswith("Removed 1 item that no page showed") for note in document.notes)


def test_a_zip_in_a_stream_nothing_refers_to_is_not_stored(signed_in, new_case_envelope, tmp_path):
    path = hostile.orphan_stream_pdf(tmp_path / "orphan.pdf", structure.zip_bytes(2_000))
    assert upload(signed_in, new_case_envelope, path).status_code == 302
    document = Document.objects.get()
    assert document.cleaned
    with document_open(document.storage_name) as handle:
        assert not zipfile.is_zipfile(handle)


def test_a_number_in_the_documents_properties_must_be_confirmed_like_one_on_a_page(
    signed_in, new_case_envelope, attorney, tmp_path
):
    path = hostile.document_properties_pdf(tmp_path / "p.pdf", Subject=b"SSN " + hostile.SSN)
    assert upload(signed_in, new_case_envelope, path).status_code == 302
    document = Document.objects.get()
    assert document.redaction_findings == [
        {
            "page": 0,
            "kind": "ssn",
            "excerpt": "***-**-6789",
            "where": "in the document's properties (Subject)",
        }
    ]
    problems = services.envelope_problems(new_case_envelope)
    assert any("the redaction check found possible personal data" in p for p in problems)
    page = signed_in.get(f"/filings/{new_case_envelope.public_id}/documents/").content.decode()
    assert "in the document&#x27;s properties (Subject): Social Security number ***-**-6789" in page
