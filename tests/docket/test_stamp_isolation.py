"""File-stamping runs in a checker process with hard limits, as the upload check does
(decision 0008): a stamp that crashes or overruns its process is an attempt that failed, said
in the clerk's words; the task worker goes on."""

from types import SimpleNamespace

import pytest
from django.test import TestCase

from efiling.docket import services as docket
from efiling.docket import tasks
from efiling.docket.models import StampState
from efiling.documents import stamp
from tests.documents import checker_hooks


@pytest.fixture
def pending(submitted, clerk):
    with TestCase.captureOnCommitCallbacks(execute=False):
        entry = docket.filing_accept(clerk=clerk, filing=submitted.filings.get())
    entry.refresh_from_db()
    return entry


def test_the_stamp_runs_in_a_checker_and_the_copy_is_recorded(pending):
    assert tasks.docket_entry_stamp(entry_id=pending.pk) == tasks.STAMPED
    pending.refresh_from_db()
    assert pending.stamp_state == StampState.STAMPED


def test_a_stamp_that_crashes_its_process_fails_for_good_in_the_clerks_words(pending, monkeypatch):
    monkeypatch.setattr(tasks, "stamping", SimpleNamespace(stamp_pdf=checker_hooks.crash))
    assert tasks.docket_entry_stamp(entry_id=pending.pk) == tasks.FAILED
    pending.refresh_from_db()
    assert pending.stamp_state == StampState.FAILED
    assert "took more memory or time than the court's systems allow (died)" in (
        pending.stamp_problem
    )
    monkeypatch.setattr(tasks, "stamping", stamp)  # the worker itself is unharmed
    pending.stamp_state = StampState.PENDING
    pending.save(update_fields=["stamp_state"])
    assert tasks.docket_entry_stamp(entry_id=pending.pk) == tasks.STAMPED


def test_a_stamp_that_overruns_its_time_is_tried_again(pending, monkeypatch, settings):
    settings.EFILING_PDF_CHECK_SECONDS = 1
    monkeypatch.setattr(tasks, "stamping", SimpleNamespace(stamp_pdf=checker_hooks.sleep))
    assert tasks.docket_entry_stamp(entry_id=pending.pk) == tasks.RETRY
    pending.refresh_from_db()
    assert "(timeout)" in pending.stamp_problem
