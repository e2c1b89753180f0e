"""The fault runs of issue 10 (tests/faults/runs.py), as tests: four clients file new cases
through the API and the clerk accepts them while the system is hurt; afterwards every check of
tests/faults/checks.py must hold (acknowledged work present once, no duplicate from a retried
key, no partial envelope, files and rows matching, numbers gapless, the audit chain intact, no
5xx but an outage's 503).

Marked `faults`: PostgreSQL pass only (each run starts a cluster of its own and the system's
processes, a few minutes). CI runs both at a reduced size (EFILING_FAULT_ENVELOPES, 30); the
benchmark (`make faults`) runs them at full size."""

import os

import pytest

from tests.faults.runs import database_restart_run, sigkill_run
from tests.scale.clusters import OWN_CLUSTERS

pytestmark = [pytest.mark.faults, *OWN_CLUSTERS]

ENVELOPES = int(os.environ.get("EFILING_FAULT_ENVELOPES", "30"))


def _held(result) -> None:
    print(result.report())  # shown with a failure (and with -s)
    failed = [str(check) for check in result.checks if not check.held]
    assert not failed, "\n".join(failed)


def test_sigkill_of_web_processes_and_the_worker_loses_and_duplicates_nothing(
    tmp_path, without_machine_aws_settings
):
    _held(sigkill_run(tmp_path, envelopes=ENVELOPES, kills=5))


def test_database_restarts_heal_without_restarting_anything(tmp_path, without_machine_aws_settings):
    _held(database_restart_run(tmp_path, envelopes=ENVELOPES, restarts=3, down_seconds=3))
