"""Stamping after the decision (issue 9): the acceptance records the decision, the case number
and the docket entry at once with the originals on it; the stamped copies follow from
background work, retried; a stamp that fails for good leaves the originals and puts the entry
on the court's list to mend."""

import hashlib
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client, TestCase

from efiling.accounts.models import ApiToken, Role
from efiling.accounts.tokens import api_token_create
from efiling.audit.models import AuditEvent
from efiling.core import clock
from efiling.core.errors import Conflict, PermissionDenied
from efiling.docket import services as docket
from efiling.docket import tasks
from efiling.docket.models import DocketEntry, StampState
from efiling.docket.paper import paper_filing_docket
from efiling.filings import storage
from efiling.filings.models import Status
from efiling.filings.storage import documents_sweep
from efiling.payments.services import balance, payment_account_for
from tests import factories
from tests.docket.conftest import committed, stored_pdf_text
from tests.documents import builders
from tests.factories import client_for
from tests.filings.helpers import stored_files


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _accept_pending(clerk, submitted):
    """Accept the filing; what it leaves for after its commit is captured, not run: the entry
    as the clerk sees it before the background work."""
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        entry = docket.filing_accept(clerk=clerk, filing=submitted.filings.get())
    entry.refresh_from_db()
    return entry, callbacks


def _stamping(callbacks) -> list:
    """The commit callbacks that enqueue stamping (notice e-mails are enqueued beside them)."""
    return [c for c in callbacks if "stamping_schedule" in c.__qualname__]


@pytest.fixture
def pending(submitted, clerk):
    return _accept_pending(clerk, submitted)[0]


def _fail_stamping(monkeypatch, error: Exception):
    calls = []

    def failing(*args, **kwargs):
        calls.append(args)
        raise error

    monkeypatch.setattr(tasks, "stamp_pdf", failing)
    return calls


def test_acceptance_records_everything_at_once_and_does_no_pdf_work(
    submitted, clerk, attorney, settings, monkeypatch
):
    before = set(stored_files(settings))
    touched = []
    for module, name in [
        (tasks, "stamp_pdf"),
        (storage, "document_open"),
        (storage, "document_store"),
    ]:
        monkeypatch.setattr(module, name, lambda *a, name=name, **k: touched.append(name))

    entry, callbacks = _accept_pending(clerk, submitted)

    assert touched == []  # no PDF opened, stamped or stored inside the request
    assert set(stored_files(settings)) == before
    assert entry.case.number and entry.number == 1
    assert entry.stamp_state == StampState.PENDING and entry.stamp_attempts == 0
    filing = submitted.filings.get()
    assert filing.status == Status.ACCEPTED
    assert [d.docket_entry_id for d in filing.documents.all()] == [entry.pk, entry.pk]
    assert all(not d.stamped_storage_name for d in filing.documents.all())
    assert balance(payment_account_for(attorney)).charged == 14950
    # the stamping task, enqueued once the decision is committed (and the notice e-mails)
    assert len(_stamping(callbacks)) == 1


def test_pending_entries_show_it_and_serve_the_original(pending, clerk, attorney):
    document = pending.documents.get(kind="lead")
    with storage.document_open(document.storage_name) as handle:
        original = handle.read()

    court_page = client_for(clerk).get(f"/court/cases/{pending.case_id}/").content.decode()
    assert "Stamped copy being prepared" in court_page
    entry_page = client_for(clerk).get(f"/court/cases/{pending.case_id}/docket/1/")
    assert "Stamped copy being prepared" in entry_page.content.decode()
    counsel = client_for(attorney)
    assert (
        "Stamped copy being prepared" in counsel.get(f"/cases/{pending.case_id}/").content.decode()
    )

    read = counsel.get(f"/cases/documents/{document.pk}/")
    assert _sha256(b"".join(read.streaming_content)) == _sha256(original) == document.sha256
    stamped = client_for(clerk).get(f"/court/documents/{document.pk}/?version=stamped")
    assert _sha256(b"".join(stamped.streaming_content)) == document.sha256
    token = api_token_create(user=attorney, name="r", scope=ApiToken.Scope.READ)[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    entry = api.get(f"/api/v1/cases/{pending.case_id}").json()["docket"][0]
    assert entry["stamping"] == "pending" and entry["documents"][0]["stamped_sha256"] == ""


def test_the_task_stamps_after_the_commit_and_readers_get_the_stamped_copy(
    submitted, clerk, attorney
):
    with committed():
        entry = docket.filing_accept(clerk=clerk, filing=submitted.filings.get())
    entry.refresh_from_db()
    assert entry.stamp_state == StampState.STAMPED and entry.stamp_attempts == 1
    documents = list(entry.documents.order_by("position"))
    for document in documents:
        assert document.stamped_storage_name and document.stamped_sha256 != document.sha256
        text = stored_pdf_text(document.stamped_storage_name)
        assert f"{entry.case.number} - Docket 1 - Page 1 of 2" in text
    event = AuditEvent.objects.get(action="docket_entry.stamped", object_id=str(entry.pk))
    assert {d["stamped_sha256"] for d in event.details["documents"]} == {
        d.stamped_sha256 for d in documents
    }
    read = client_for(attorney).get(f"/cases/documents/{documents[0].pk}/")
    assert _sha256(b"".join(read.streaming_content)) == documents[0].stamped_sha256
    page = client_for(attorney).get(f"/cases/{entry.case_id}/").content.decode()
    assert "being prepared" not in page and "Stamp failed" not in page


def test_a_failed_attempt_is_retried_with_backoff(pending, settings, monkeypatch):
    before = set(stored_files(settings))
    store = storage.document_store

    def store_unreachable(*, source):
        raise OSError("the document store did not answer")

    monkeypatch.setattr(storage, "document_store", store_unreachable)
    assert tasks.docket_entry_stamp(entry_id=pending.pk) == tasks.RETRY
    pending.refresh_from_db()
    assert pending.stamp_state == StampState.PENDING and pending.stamp_attempts == 1
    assert "could not be saved in the document store" in pending.stamp_problem
    wait = pending.stamp_next_attempt_at - clock.now()
    assert timedelta(seconds=25) < wait <= tasks.RETRIES.first
    assert set(stored_files(settings)) == before

    monkeypatch.setattr(storage, "document_store", store)
    assert tasks.docket_entry_stamp(entry_id=pending.pk) == tasks.STAMPED
    pending.refresh_from_db()
    assert pending.stamp_state == StampState.STAMPED and pending.stamp_attempts == 2
    assert pending.stamp_problem == "" and pending.stamp_next_attempt_at is None


def test_the_task_schedules_its_next_attempt_where_the_backend_defers(
    pending, settings, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    _fail_stamping(monkeypatch, MemoryError())  # the server's, not the PDF's: may pass
    assert tasks.stamp_docket_entry.call(pending.pk) == tasks.RETRY
    pending.refresh_from_db()
    [queued] = tasks.stamp_docket_entry.get_backend().results
    assert queued.args == [pending.pk]
    assert queued.task.run_after == pending.stamp_next_attempt_at


def test_repeated_failures_end_on_the_list_to_mend(pending, monkeypatch):
    _fail_stamping(monkeypatch, OSError("No space left on device"))
    outcomes = [tasks.docket_entry_stamp(entry_id=pending.pk) for _ in range(tasks.MAX_ATTEMPTS)]
    assert outcomes == [tasks.RETRY] * (tasks.MAX_ATTEMPTS - 1) + [tasks.FAILED]
    pending.refresh_from_db()
    assert pending.stamp_state == StampState.FAILED
    assert pending.stamp_attempts == tasks.MAX_ATTEMPTS
    assert "ran short of room" in pending.stamp_problem
    assert f"Tried {tasks.MAX_ATTEMPTS} times" in pending.stamp_problem
    assert tasks.docket_entry_stamp(entry_id=pending.pk) == tasks.SKIPPED  # a stale task


def test_a_pdf_that_cannot_be_stamped_fails_for_good_then_is_mended(
    pending, clerk, attorney, court, monkeypatch
):
    stamp_pdf = tasks.stamp_pdf
    calls = _fail_stamping(monkeypatch, ValueError("object 12 0 is damaged"))
    assert tasks.docket_entry_stamp(entry_id=pending.pk) == tasks.FAILED
    assert len(calls) == 1  # not retried: trying again changes nothing
    pending.refresh_from_db()
    assert pending.stamp_state == StampState.FAILED
    assert '"Petition" cannot be file-stamped' in pending.stamp_problem
    assert "The original stays readable" in pending.stamp_problem
    assert AuditEvent.objects.filter(action="docket_entry.stamp_failed").count() == 1

    counsel_page = client_for(attorney).get(f"/cases/{pending.case_id}/").content.decode()
    assert "Stamp failed (the court is mending it)" in counsel_page
    document = pending.documents.get(kind="lead")
    read = client_for(attorney).get(f"/cases/documents/{document.pk}/")
    assert _sha256(b"".join(read.streaming_content)) == document.sha256

    clerk_client = client_for(clerk)
    home = clerk_client.get("/court/").content.decode()
    assert "Docket entries to mend</a> (1 whose stamp failed)" in home
    mend = clerk_client.get(f"/court/{court.code}/mend/").content.decode()
    assert pending.case.number in mend and "cannot be file-stamped" in mend

    monkeypatch.setattr(tasks, "stamp_pdf", stamp_pdf)  # the help desk repaired the cause
    with committed():
        response = clerk_client.post(f"/court/{court.code}/mend/", {"entry": pending.pk})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.stamp_state == StampState.STAMPED and pending.stamp_problem == ""
    retried = AuditEvent.objects.get(action="docket_entry.stamp_retried")
    assert retried.actor_id == clerk.pk and "cannot be file-stamped" in retried.details["problem"]
    assert (
        "No docket entry needs mending."
        in clerk_client.get(f"/court/{court.code}/mend/").content.decode()
    )


def test_the_entry_page_tries_again_and_only_the_court_s_clerks_may(
    pending, clerk, judge, court, other_court, monkeypatch
):
    _fail_stamping(monkeypatch, ValueError("broken"))
    tasks.docket_entry_stamp(entry_id=pending.pk)
    url = f"/court/cases/{pending.case_id}/docket/1/"
    page = client_for(clerk).get(url).content.decode()
    assert "Stamp failed: " in page and "Try stamping again" in page
    assert "Try stamping again" not in client_for(judge).get(url).content.decode()
    assert client_for(judge).get(f"/court/{court.code}/mend/").status_code == 403
    outsider = factories.court_staff(Role.CLERK, other_court)
    with pytest.raises(PermissionDenied):
        tasks.docket_entry_stamp_retry(clerk=outsider, entry=pending)

    response = client_for(clerk).post(url, {"action": "retry-stamp"})  # stays pending here
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.stamp_state == StampState.PENDING and pending.stamp_attempts == 0
    with pytest.raises(Conflict, match="needs no mending: its stamped copy is being prepared"):
        tasks.docket_entry_stamp_retry(clerk=clerk, entry=pending)


def test_running_twice_or_at_once_keeps_one_stamped_copy(pending, settings, monkeypatch):
    stamp_pdf, nested = tasks.stamp_pdf, []

    def overtaken(*args, **kwargs):
        """While this attempt stamps, another one runs to the end first."""
        if not nested:
            nested.append("running")
            nested[0] = tasks.docket_entry_stamp(entry_id=pending.pk)
        return stamp_pdf(*args, **kwargs)

    monkeypatch.setattr(tasks, "stamp_pdf", overtaken)
    assert tasks.docket_entry_stamp(entry_id=pending.pk) == tasks.SKIPPED
    assert nested == [tasks.STAMPED]
    documents = list(pending.documents.all())
    assert all(d.stamped_storage_name for d in documents)
    # two originals and two stamped copies, all owned: the overtaken attempt left nothing
    assert len(stored_files(settings)) == 4
    assert documents_sweep(older_than=timedelta(seconds=-1), delete=False) == []
    assert tasks.docket_entry_stamp(entry_id=pending.pk) == tasks.SKIPPED  # run again


def test_copies_whose_recording_failed_are_left_to_the_sweep(pending, settings, monkeypatch):
    def audit_down(**kwargs):
        raise RuntimeError("the audit chain head could not be locked")

    monkeypatch.setattr(tasks, "audit_record", audit_down)
    assert tasks.docket_entry_stamp(entry_id=pending.pk) == tasks.RETRY
    pending.refresh_from_db()
    assert pending.stamp_state == StampState.PENDING
    assert "could not be recorded in the database" in pending.stamp_problem
    assert all(not d.stamped_storage_name for d in pending.documents.all())
    strays = documents_sweep(older_than=timedelta(seconds=-1), delete=True)
    assert len(strays) == 2 and len(stored_files(settings)) == 2  # the originals stay


def test_lost_tasks_are_resumed(pending):
    DocketEntry.objects.filter(pk=pending.pk).update(
        stamp_next_attempt_at=clock.now() - timedelta(minutes=20)
    )
    assert tasks.stamping_resume(overdue=timedelta(minutes=30)) == []
    call_command("resume_stamping", "--overdue-minutes", "15")  # the immediate backend runs it
    pending.refresh_from_db()
    assert pending.stamp_state == StampState.STAMPED


def test_a_paper_filing_is_recorded_with_its_scan_and_stamped_after(
    clerk, case, tmp_path, settings
):
    scan = builders.image_only_pdf(tmp_path / "scan.pdf", pages=2)
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        entry = paper_filing_docket(
            clerk=clerk,
            case=case,
            pdf_path=scan,
            original_name="scan.pdf",
            title="Answer",
            filer="Jordan Smith, self-represented",
            received_at=clock.now(),
        )
    entry.refresh_from_db()
    assert entry.stamp_state == StampState.PENDING and len(_stamping(callbacks)) == 1
    assert len(stored_files(settings)) == 1  # the scan, stored before the transaction
    assert tasks.docket_entry_stamp(entry_id=entry.pk) == tasks.STAMPED
    assert "Filed on Paper" in stored_pdf_text(entry.documents.get().stamped_storage_name)


def test_a_failed_docketing_transaction_leaves_no_stored_scan(
    clerk, case, tmp_path, settings, monkeypatch
):
    from efiling.service import handlers

    def notices_down(**kwargs):
        raise RuntimeError("the notices table is locked")

    # The service app's handler of "docket.entry_docketed" fails inside the docketing transaction.
    monkeypatch.setattr(handlers, "notices_record", notices_down)
    with pytest.raises(RuntimeError):
        paper_filing_docket(
            clerk=clerk,
            case=case,
            pdf_path=builders.image_only_pdf(tmp_path / "scan.pdf"),
            original_name="scan.pdf",
            title="Answer",
            filer="Jordan Smith",
            received_at=clock.now(),
        )
    assert stored_files(settings) == [] and not DocketEntry.objects.filter(case=case).exists()
