"""`efiling verify_documents`: every file a row names must be in the document store (the
restore drill runs it against a restored cluster and an S3 store: tests/scale)."""

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from efiling.accounts.models import Role
from efiling.core.stored_files import stored_file_models, stored_files_missing
from efiling.docket.services import filing_accept
from efiling.filings.models import Document
from efiling.filings.services import envelope_submit
from tests import factories
from tests.docket.conftest import committed
from tests.filings.helpers import with_lead_document


@pytest.fixture
def docketed(court, attorney, new_case_envelope, pdf):
    """An accepted petition: its original and its stamped copy are stored."""
    envelope = envelope_submit(
        envelope=with_lead_document(new_case_envelope, attorney, pdf),
        user=attorney,
        idempotency_key="v",
        signature="/s/ Avery Lawson",
    )
    with committed():
        filing_accept(clerk=factories.court_staff(Role.CLERK, court), filing=envelope.filings.get())
    document = Document.objects.get()
    assert document.stamped_storage_name
    return document


def test_documents_name_their_original_and_stamped_copy():
    assert (Document, ("storage_name", "stamped_storage_name")) in stored_file_models()


def test_every_stored_file_present_passes(docketed, capsys):
    report = stored_files_missing()
    assert report.checked == 2 and report.missing == []
    call_command("verify_documents")
    assert "Every stored file is in the document store: 2 checked." in capsys.readouterr().out


@pytest.mark.parametrize("field", ["storage_name", "stamped_storage_name"])
def test_a_missing_file_is_listed_and_fails(docketed, field, capsys):
    name = getattr(docketed, field)
    default_storage.delete(name)
    with pytest.raises(CommandError, match=r"1 of 2 stored file\(s\) are missing"):
        call_command("verify_documents")
    assert capsys.readouterr().out.splitlines() == [
        f"filings.document {docketed.pk} {field}: {name}"
    ]


def test_a_draft_document_without_a_stamped_copy_checks_its_original(
    db, attorney, new_case_envelope, pdf
):
    with_lead_document(new_case_envelope, attorney, pdf)
    assert stored_files_missing().checked == 1
    default_storage.delete(Document.objects.get().storage_name)
    assert [m.field for m in stored_files_missing().missing] == ["storage_name"]


def test_an_empty_store_with_no_rows_passes(db):
    assert stored_files_missing().checked == 0
    call_command("verify_documents")
