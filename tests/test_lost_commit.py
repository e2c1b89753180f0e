"""Files of committed rows are never deleted on a lost acknowledgement (issue 10): the COMMIT
that records a stored file's row succeeds, the client hears an error, and the row and its
file are both there (an upload, a paper filing, a stamping attempt). A failure before the
COMMIT still deletes the file at once."""

import pytest
from django.core.files.storage import default_storage
from django.db import OperationalError

from efiling.accounts.models import Role
from efiling.core import clock
from efiling.core.errors import ValidationFailed
from efiling.docket import tasks
from efiling.docket.models import DocketEntry, StampState
from efiling.docket.paper import paper_filing_docket
from efiling.filings import documents
from efiling.filings.models import Document
from tests import factories
from tests.documents import builders
from tests.filings.helpers import received_file, stored_files
from tests.lost_commit import commit_acknowledgement_lost

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_upload_whose_commit_acknowledgement_is_lost_keeps_its_file(
    courts, new_case_envelope, attorney, pdf, settings
):
    with commit_acknowledgement_lost("filings_document") as lost, pytest.raises(OperationalError):
        documents.document_add(
            envelope=new_case_envelope,
            user=attorney,
            filing=new_case_envelope.filings.get(),
            kind="lead",
            title="Petition",
            received=received_file(pdf()),
        )
    assert lost == [True]
    document = Document.objects.get()  # committed
    assert default_storage.exists(document.storage_name)
    assert len(stored_files(settings)) == 1


def test_an_upload_refused_before_its_commit_leaves_no_file(
    courts, new_case_envelope, attorney, pdf, settings, monkeypatch
):
    def refuse(**kwargs):
        raise ValidationFailed("The submission limit was reached.", field="file")

    monkeypatch.setattr(documents, "audit_record", refuse)  # inside the row's transaction
    with pytest.raises(ValidationFailed):
        documents.document_add(
            envelope=new_case_envelope,
            user=attorney,
            filing=new_case_envelope.filings.get(),
            kind="lead",
            title="Petition",
            received=received_file(pdf()),
        )
    assert not Document.objects.exists()
    assert stored_files(settings) == []


@pytest.fixture
def clerk(court):
    return factories.court_staff(Role.CLERK, court)


@pytest.fixture
def case(court, attorney):
    return factories.case(court, counsel=[attorney], number="26SL-CC00001")


def test_a_paper_filing_whose_commit_acknowledgement_is_lost_keeps_its_scan(
    clerk, case, tmp_path, settings
):
    scan = builders.image_only_pdf(tmp_path / "scan.pdf", pages=1)
    with commit_acknowledgement_lost("docket_docketentry"), pytest.raises(OperationalError):
        paper_filing_docket(
            clerk=clerk,
            case=case,
            pdf_path=scan,
            original_name="scan.pdf",
            title="Answer",
            filer="Jordan Smith",
            received_at=clock.now(),
        )
    document = Document.objects.get(docket_entry__case=case)
    assert default_storage.exists(document.storage_name)
    assert [p.name for p in stored_files(settings)] == [document.storage_name.rsplit("/")[-1]]


def test_a_stamping_attempt_whose_commit_acknowledgement_is_lost_keeps_the_stamped_copy(
    clerk, case, tmp_path, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    scan = builders.image_only_pdf(tmp_path / "scan.pdf", pages=1)
    entry = paper_filing_docket(
        clerk=clerk,
        case=case,
        pdf_path=scan,
        original_name="scan.pdf",
        title="Answer",
        filer="Jordan Smith",
        received_at=clock.now(),
    )
    with commit_acknowledgement_lost("filings_document") as lost:
        outcome = tasks.docket_entry_stamp(entry_id=entry.pk)
    assert lost == [True]
    assert outcome == tasks.SKIPPED  # the attempt found its own work committed
    entry.refresh_from_db()
    document = entry.documents.get()
    assert entry.stamp_state == StampState.STAMPED
    assert document.stamped_storage_name
    assert default_storage.exists(document.stamped_storage_name)
    assert default_storage.exists(document.storage_name)
    assert DocketEntry.objects.get(pk=entry.pk).stamp_attempts == 1
