"""The task worker, the audit follower and the web server outlive a database outage (issue 10):
run as real processes on PostgreSQL through a relay (tests/tcp_relay.py) that is cut, as a
stopped server cuts its clients, and restored. While it is cut they log WARNING lines (the web
answers 503); afterwards they go on working without a restart."""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from efiling.audit.models import AuditEvent
from efiling.audit.services import audit_record
from tests.gunicorn_server import REPO, Gunicorn, get
from tests.probe_tasks import probe
from tests.tcp_relay import Relay

pytestmark = [
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'", reason="a TCP relay to a database server"
    ),
    pytest.mark.django_db(transaction=True),
]
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def relay():
    params = connection.settings_dict
    relay = Relay((params["HOST"] or "127.0.0.1", int(params["PORT"] or 5432)))
    relay.url = f"postgres://{params['USER']}@127.0.0.1:{relay.port}/{params['NAME']}"
    yield relay
    relay.cut()


def _environment(relay) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EFILING_"))}
    env["EFILING_DATA_DIR"] = os.environ["EFILING_DATA_DIR"]
    return env | {"EFILING_DATABASE_URL": relay.url, "PYTHONUNBUFFERED": "1"}


@contextmanager
def _running(command: list[str], env: dict[str, str], log: Path):
    with open(log, "ab") as output:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and commands
            [sys.executable, "-m", "efiling.cli", *command],
            cwd=REPO,
            env=env,
            stdout=output,
            stderr=output,
        )
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


def _until(condition, log: Path, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {timeout:.0f} s:\n{log.read_text()}")
        time.sleep(0.2)


def _finished(result) -> bool:
    return DBTaskResult.objects.filter(pk=result.id, status="SUCCESSFUL").exists()


def test_the_task_worker_waits_out_an_outage_and_goes_on(relay, settings, tmp_path):
    settings.TASKS = DB_TASKS
    log = tmp_path / "worker.log"
    command = ["db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"]
    with _running(command, _environment(relay), log) as worker:
        before = probe.enqueue("before")
        _until(lambda: _finished(before), log, "the first task")
        relay.cut()
        _until(lambda: log.read_text().count("did not answer") >= 2, log, "two failed attempts")
        during = probe.enqueue("during")
        assert worker.poll() is None  # still running
        relay.restore()
        _until(lambda: _finished(during), log, "the task queued during the outage")
        assert worker.poll() is None
    text = log.read_text()
    assert "WARNING" in text and "task worker: the database did not answer" in text
    assert "Traceback" not in text


def _unchained_event() -> AuditEvent:
    """An event committed by a process that stopped before its chaining step (the step is an
    on-commit hook after ours, which fails)."""

    def stopped():
        raise RuntimeError("the process stops here")

    with pytest.raises(RuntimeError), transaction.atomic():
        transaction.on_commit(stopped)
        audit_record(action="test.unchained", object_type="test", object_id="1")
    return AuditEvent.objects.get(action="test.unchained")


def test_the_audit_follower_waits_out_an_outage_and_goes_on(relay, courts, tmp_path):
    log = tmp_path / "follower.log"
    env = _environment(relay) | {"EFILING_AUDIT_CHAIN_SECONDS": "1"}
    with _running(["audit_chain", "--follow"], env, log) as follower:
        _until(lambda: "Chained" in log.read_text(), log, "the first pass")
        relay.cut()
        _until(lambda: log.read_text().count("did not answer") >= 2, log, "two failed attempts")
        event = _unchained_event()
        relay.restore()
        _until(
            lambda: AuditEvent.objects.filter(pk=event.pk, link__isnull=False).exists(),
            log,
            "the event's chaining",
        )
        assert follower.poll() is None
    text = log.read_text()
    assert "audit follower: the database did not answer" in text and "Traceback" not in text


def test_the_web_server_answers_503_during_an_outage_and_serves_after(relay, courts, tmp_path):
    log = tmp_path / "gunicorn.log"
    with Gunicorn(log, {"EFILING_DATABASE_URL": relay.url}) as server:
        assert get(server.port, "/", timeout=10)[0] == 200
        relay.cut()
        status, page = get(server.port, "/", timeout=10)
        assert status == 503 and b"briefly unavailable" in page
        assert get(server.port, "/healthz", timeout=10)[0] == 503
        status, body = get(server.port, "/api/v1/courts", timeout=10)
        assert status == 503 and b'"database_unavailable"' in body
        relay.restore()
        for path in ("/", "/healthz", "/api/v1/courts"):
            assert get(server.port, path, timeout=10)[0] == 200, path
    assert "Traceback" not in log.read_text()
