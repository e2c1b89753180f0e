import threading
from pathlib import Path

import pytest
from django.db import connections
from django.test import Client

from efiling.audit.models import AuditEvent
from efiling.core.counters import counter_peek
from efiling.core.errors import Conflict, DomainError, ValidationFailed
from efiling.filings import closing, services
from efiling.filings.documents import document_add, redaction_confirm
from efiling.filings.models import Document, Envelope, Status
from efiling.filings.parties import party_add
from efiling.filings.receipt_data import receipt_data
from efiling.filings.service_list import service_entries
from efiling.payments.models import LedgerEntry
from efiling.payments.services import balance, ledger_check, payment_account_for
from tests.documents import builders
from tests.filings.helpers import received_file, stored_files, upload, with_lead_document

MB = 1024 * 1024


def test_new_case_from_upload_to_receipt_through_the_pages(
    signed_in, new_case_envelope, attorney, pdf, settings
):
    envelope = new_case_envelope
    response = upload(signed_in, envelope, pdf("petition.pdf", pages=3))
    assert response.status_code == 302
    filing = envelope.filings.first()
    for n in (1, 2):
        assert (
            upload(signed_in, envelope, pdf(f"exhibit-{n}.pdf"), kind="attachment").status_code
            == 302
        )
    assert filing.documents.count() == 3
    fees_page = signed_in.get(f"/filings/{envelope.public_id}/fees/")
    assert b"$149.50" in fees_page.content
    review = signed_in.get(f"/filings/{envelope.public_id}/review/")
    key = review.context["form"]["idempotency_key"].value()
    response = signed_in.post(
        f"/filings/{envelope.public_id}/review/",
        {"signature": "/s/ Avery Lawson", "idempotency_key": key},
    )
    assert response.status_code == 302 and response["Location"].endswith("/receipt/")
    envelope.refresh_from_db()
    assert envelope.status == Status.SUBMITTED and envelope.confirmation_number.startswith("E")
    assert envelope.submitted_at is not None
    receipt = signed_in.get(response["Location"])
    assert envelope.confirmation_number.encode() in receipt.content
    for document in filing.documents.all():
        assert document.sha256.encode() in receipt.content
    pdf_response = signed_in.get(f"/filings/{envelope.public_id}/receipt.pdf")
    assert pdf_response["Content-Type"] == "application/pdf" and pdf_response.content.startswith(
        b"%PDF"
    )
    account = payment_account_for(attorney)
    assert balance(account).held == 14950 and ledger_check(account) == []
    assert len(stored_files(settings)) == 3


def test_retried_submission_returns_the_same_receipt(new_case_envelope, attorney, pdf):
    envelope = with_lead_document(new_case_envelope, attorney, pdf)
    first = services.envelope_submit(
        envelope=envelope, user=attorney, idempotency_key="k-1", signature="/s/ Avery Lawson"
    )
    again = services.envelope_submit(
        envelope=Envelope.objects.get(pk=envelope.pk),
        user=attorney,
        idempotency_key="k-1",
        signature="/s/ Avery Lawson",
    )
    assert again.confirmation_number == first.confirmation_number
    assert LedgerEntry.objects.filter(kind="hold").count() == 1
    assert Envelope.objects.filter(status=Status.SUBMITTED).count() == 1
    with pytest.raises(Conflict):
        services.envelope_submit(
            envelope=envelope, user=attorney, idempotency_key="k-2", signature="/s/ Avery Lawson"
        )


def test_idempotency_key_rules(new_case_envelope, attorney, pdf, court):
    envelope = with_lead_document(new_case_envelope, attorney, pdf)
    with pytest.raises(DomainError) as missing:
        services.envelope_submit(
            envelope=envelope, user=attorney, idempotency_key="", signature="/s/ Avery Lawson"
        )
    assert missing.value.status == 400
    services.envelope_submit(
        envelope=envelope, user=attorney, idempotency_key="same", signature="/s/ Avery Lawson"
    )
    other = services.draft_create(
        user=attorney, court=court, case_type=envelope.case_type, caption="Other v. Case"
    )
    with pytest.raises(ValidationFailed, match="already used for another submission"):
        services.envelope_submit(
            envelope=other, user=attorney, idempotency_key="same", signature="/s/ Avery Lawson"
        )


def test_submission_refuses_incomplete_envelopes_and_bad_signatures(
    new_case_envelope, attorney, pdf
):
    with pytest.raises(ValidationFailed, match="upload its lead document"):
        services.envelope_submit(
            envelope=new_case_envelope,
            user=attorney,
            idempotency_key="a",
            signature="/s/ Avery Lawson",
        )
    with_lead_document(new_case_envelope, attorney, pdf)
    with pytest.raises(ValidationFailed, match='Sign by typing "/s/ Avery Lawson"'):
        services.envelope_submit(
            envelope=new_case_envelope, user=attorney, idempotency_key="a", signature="Avery"
        )
    assert Envelope.objects.get(pk=new_case_envelope.pk).status == Status.DRAFT


def test_failed_fee_hold_leaves_nothing_behind(new_case_envelope, attorney, pdf):
    """Atomicity at the last step: the hold fails, so no confirmation number is used, no status
    changes, and the counter is not advanced (no gap)."""
    envelope = with_lead_document(new_case_envelope, attorney, pdf)
    account = payment_account_for(attorney)
    LedgerEntry.objects.create(
        account=account,
        kind="hold",
        amount_cents=balance(account).available,
        reference="other",
        created_at=envelope.created_at,
    )
    year_key = f"confirmation:{envelope.created_at.year}"
    before = counter_peek(year_key)
    with pytest.raises(ValidationFailed, match="available"):
        services.envelope_submit(
            envelope=envelope, user=attorney, idempotency_key="k", signature="/s/ Avery Lawson"
        )
    envelope.refresh_from_db()
    assert (envelope.status, envelope.confirmation_number, envelope.submitted_at) == (
        Status.DRAFT,
        None,
        None,
    )
    assert counter_peek(year_key) == before
    assert not AuditEvent.objects.filter(action="envelope.submitted").exists()


def test_fee_waiver_holds_nothing(new_case_envelope, attorney, pdf):
    envelope = with_lead_document(new_case_envelope, attorney, pdf)
    services.fee_waiver_set(envelope=envelope, user=attorney, requested=True)
    submitted = services.envelope_submit(
        envelope=envelope, user=attorney, idempotency_key="w", signature="/s/ Avery Lawson"
    )
    assert submitted.fee_hold is None and submitted.fee_total_cents == 14950
    assert balance(payment_account_for(attorney)).held == 0


def test_cancel_before_review_releases_the_fee(new_case_envelope, attorney, pdf):
    envelope = services.envelope_submit(
        envelope=with_lead_document(new_case_envelope, attorney, pdf),
        user=attorney,
        idempotency_key="c",
        signature="/s/ Avery Lawson",
    )
    closing.envelope_cancel(envelope=envelope, user=attorney)
    account = payment_account_for(attorney)
    assert balance(account).held == 0 and ledger_check(account) == []
    assert Envelope.objects.get(pk=envelope.pk).status == Status.CANCELLED
    with pytest.raises(Conflict, match="can be cancelled"):
        closing.envelope_cancel(envelope=envelope, user=attorney)


def test_cancel_is_refused_once_review_started(new_case_envelope, attorney, pdf):
    from efiling.filings.workflow import envelope_transition

    envelope = services.envelope_submit(
        envelope=with_lead_document(new_case_envelope, attorney, pdf),
        user=attorney,
        idempotency_key="r",
        signature="/s/ Avery Lawson",
    )
    envelope_transition(envelope=envelope, to=Status.UNDER_REVIEW)
    with pytest.raises(Conflict, match="not started to review"):
        closing.envelope_cancel(envelope=envelope, user=attorney)


@pytest.mark.parametrize("offset", [0, 1])
def test_document_at_the_limit_is_accepted_and_one_byte_over_is_refused(
    signed_in, new_case_envelope, court, tmp_path, settings, offset
):
    limit = 300_000
    court.policy.maximum_allowed_attachment_size = limit
    court.policy.save()
    path = builders.pdf_padded_to(tmp_path / "exact.pdf", limit + offset)
    assert path.stat().st_size == limit + offset
    response = upload(signed_in, new_case_envelope, path)
    if offset == 0:
        assert response.status_code == 302
        assert Document.objects.count() == 1
    else:
        assert response.status_code == 413
        content = response.content.decode()
        assert (
            "exact.pdf is" in content
            and f"{limit + 1:,} bytes" in content
            and f"{limit:,} bytes" in content
        )
        assert Document.objects.count() == 0 and stored_files(settings) == []


def test_submission_limit_counts_every_document(
    signed_in, new_case_envelope, court, tmp_path, settings
):
    court.policy.maximum_allowed_attachment_size = 200_000
    court.policy.maximum_allowed_message_size = 350_000
    court.policy.save()
    first = builders.pdf_padded_to(tmp_path / "one.pdf", 200_000)
    second = builders.pdf_padded_to(tmp_path / "two.pdf", 160_000)
    assert upload(signed_in, new_case_envelope, first).status_code == 302
    response = upload(signed_in, new_case_envelope, second, kind="attachment")
    assert response.status_code == 413 and b"room left in this submission" in response.content
    assert Document.objects.count() == 1 and len(stored_files(settings)) == 1


@pytest.mark.parametrize(
    ("builder", "message"),
    [
        (builders.renamed_text_file, "not a PDF"),
        (builders.html_before_pdf, "not a PDF"),
        (lambda p: builders.encrypted_pdf(p), "password"),
        (builders.truncated_pdf, ""),
        (builders.bomb_pdf, ""),
    ],
)
def test_hostile_files_are_refused_with_a_message_and_nothing_stored(
    signed_in, new_case_envelope, tmp_path, settings, builder, message
):
    path = builder(tmp_path / "upload.pdf")
    response = upload(signed_in, new_case_envelope, path)
    assert response.status_code in (400, 422)
    assert b"Nothing was stored" in response.content
    assert message.encode() in response.content
    assert Document.objects.count() == 0 and stored_files(settings) == []


def test_active_content_is_cleaned_and_the_filer_told(signed_in, new_case_envelope, tmp_path):
    assert (
        upload(
            signed_in, new_case_envelope, builders.pdf_with_javascript(tmp_path / "js.pdf")
        ).status_code
        == 302
    )
    document = Document.objects.get()
    assert document.cleaned and document.notes
    page = signed_in.get(f"/filings/{new_case_envelope.public_id}/documents/")
    assert document.notes[0].encode() in page.content


def test_image_only_pdf_gets_a_text_layer_warning(signed_in, new_case_envelope, tmp_path):
    assert (
        upload(
            signed_in, new_case_envelope, builders.image_only_pdf(tmp_path / "scan.pdf")
        ).status_code
        == 302
    )
    assert Document.objects.get().text_searchable is False
    assert (
        b"Not text-searchable"
        in signed_in.get(f"/filings/{new_case_envelope.public_id}/documents/").content
    )


def test_storage_failure_leaves_no_row(signed_in, new_case_envelope, pdf, settings, tmp_path):
    blocker = tmp_path / "blocked"
    blocker.write_text("not a folder")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker / "x")},
        },
    }
    with pytest.raises(OSError):
        upload(signed_in, new_case_envelope, pdf())
    assert Document.objects.count() == 0


def test_database_failure_after_storing_removes_the_file(
    new_case_envelope, attorney, pdf, settings, monkeypatch
):
    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Document.objects, "create", fail)
    with pytest.raises(RuntimeError):
        with_lead_document(new_case_envelope, attorney, pdf)
    assert stored_files(settings) == []


def test_sweep_removes_files_from_an_interrupted_upload(new_case_envelope, attorney, pdf, settings):
    from datetime import timedelta

    from django.core.management import call_command

    from efiling.filings.storage import document_store, documents_sweep

    with_lead_document(new_case_envelope, attorney, pdf)
    stray = document_store(source=pdf("stray.pdf"))  # stored, then the process died before its row
    assert documents_sweep(older_than=timedelta(minutes=60), delete=False) == []  # grace period
    assert documents_sweep(older_than=timedelta(seconds=-1), delete=True) == [stray]
    assert len(stored_files(settings)) == 1
    call_command("sweep_documents", "--older-than-minutes", "0")


def test_redaction_findings_must_be_confirmed(new_case_envelope, attorney, tmp_path):
    path = builders.text_pdf(tmp_path / "ssn.pdf", text="Plaintiff SSN 123-45-6789 was disclosed.")
    document_add(
        envelope=new_case_envelope,
        user=attorney,
        filing=new_case_envelope.filings.first(),
        kind="lead",
        title="Petition",
        received=received_file(path),
    )
    document = Document.objects.get()
    assert document.redaction_findings and "6789" in document.redaction_findings[0]["excerpt"]
    assert "123-45" not in str(document.redaction_findings)
    with pytest.raises(ValidationFailed, match="redaction check"):
        services.envelope_submit(
            envelope=new_case_envelope,
            user=attorney,
            idempotency_key="x",
            signature="/s/ Avery Lawson",
        )
    redaction_confirm(envelope=new_case_envelope, user=attorney, document_id=document.pk)
    services.envelope_submit(
        envelope=new_case_envelope, user=attorney, idempotency_key="x", signature="/s/ Avery Lawson"
    )


def test_party_names_follow_the_court_policy(new_case_envelope, attorney):
    with pytest.raises(ValidationFailed, match="at most 60 characters"):
        party_add(
            envelope=new_case_envelope,
            user=attorney,
            represented=False,
            values={"kind": "person", "role": "respondent", "last_name": "x" * 61},
        )


def test_other_users_cannot_see_an_envelope(new_case_envelope, court):
    from efiling.accounts.models import Role
    from tests import factories

    stranger = factories.user(Role.ATTORNEY)
    client = Client()
    client.force_login(stranger)
    assert client.get(f"/filings/{new_case_envelope.public_id}/documents/").status_code == 404


def test_only_the_workflow_module_writes_status():
    """Writes are assignments to .status or update(status=...); rows start as drafts."""
    import re

    writes = re.compile(r"\.status\s*=[^=]|\bupdate\([^)]*\bstatus\s*=")
    root = Path(__file__).resolve().parents[2] / "efiling"
    offenders = [
        str(source.relative_to(root))
        for source in root.rglob("*.py")
        if source.name != "workflow.py"
        and "migrations" not in source.parts
        and "efiling.filings.models" in (text := source.read_text())  # envelopes and filings
        and writes.search(text)
    ]
    assert offenders == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_submit_once(courts):
    from efiling.accounts.models import Role
    from efiling.courts.models import CaseType, Court
    from efiling.payments.services import deposit
    from tests import factories

    court = Court.objects.get(code="SL")
    attorney = factories.user(Role.ATTORNEY, first_name="Avery", last_name="Lawson")
    deposit(account=payment_account_for(attorney), amount_cents=100_000, reference="t")
    envelope = services.draft_create(
        user=attorney, court=court, case_type=CaseType.objects.get(code="CC"), caption="A v. B"
    )
    for role, name, represented in [("petitioner", "A", True), ("respondent", "B", False)]:
        party_add(
            envelope=envelope,
            user=attorney,
            represented=represented,
            values={"kind": "person", "role": role, "last_name": name},
        )
    services.filing_add(envelope=envelope, user=attorney, code="PET")
    import tempfile

    with_lead_document(
        envelope, attorney, lambda: builders.text_pdf(Path(tempfile.mkdtemp()) / "p.pdf")
    )
    results, errors = [], []
    barrier = threading.Barrier(6)

    def submit():
        try:
            barrier.wait()
            results.append(
                services.envelope_submit(
                    envelope=Envelope.objects.get(pk=envelope.pk),
                    user=attorney,
                    idempotency_key="same-key",
                    signature="/s/ Avery Lawson",
                ).confirmation_number
            )
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(set(results)) == 1 and len(results) == 6
    assert LedgerEntry.objects.filter(kind="hold").count() == 1


def test_receipt_keeps_the_fees_of_the_submission(new_case_envelope, attorney, pdf):
    from efiling.courts.models import FilingCode

    envelope = services.envelope_submit(
        envelope=with_lead_document(new_case_envelope, attorney, pdf),
        user=attorney,
        idempotency_key="f",
        signature="/s/ Avery Lawson",
    )
    FilingCode.objects.filter(pk=envelope.filings.get().filing_code_id).update(fee_cents=99_999)
    data = receipt_data(Envelope.objects.get(pk=envelope.pk))
    assert data.fee_total_cents == 14950 and [f.amount_cents for f in data.fees] == [14950]


def test_a_new_attorney_enters_a_case_with_an_entry_of_appearance(court, attorney, pdf):
    from efiling.accounts.models import Role
    from efiling.payments.services import deposit
    from tests import factories

    of_record = factories.user(Role.ATTORNEY)
    case = factories.case(court, counsel=[of_record], number="26SL-CC00001")
    envelope = services.draft_create(user=attorney, court=court, case_number=case.number)
    services.filing_add(envelope=envelope, user=attorney, code="MOT")
    with_lead_document(envelope, attorney, pdf)
    with pytest.raises(DomainError, match="file an entry of appearance first"):
        services.envelope_submit(
            envelope=envelope, user=attorney, idempotency_key="m", signature="/s/ Avery Lawson"
        )
    eoa = services.filing_add(envelope=envelope, user=attorney, code="EOA")
    document_add(
        envelope=envelope,
        user=attorney,
        filing=eoa,
        kind="lead",
        title="Entry",
        received=received_file(pdf("eoa.pdf")),
    )
    deposit(account=payment_account_for(attorney), amount_cents=1, reference="top-up")
    submitted = services.envelope_submit(
        envelope=envelope, user=attorney, idempotency_key="m", signature="/s/ Avery Lawson"
    )
    assert submitted.status == Status.SUBMITTED
    assert [e.name for e in service_entries(submitted)] == [of_record.get_full_name()]
