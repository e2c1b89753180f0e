"""A task worker killed in the middle of sending a notice e-mail loses no notice (issue 12): a
real `efiling db_worker` process sends to a real SMTP server (aiosmtpd) and is killed (SIGKILL)
while the server holds the third message; once its lease has run out, `resume_deliveries`
enqueues that e-mail again and a restarted worker sends every notice. The only duplicate is the
message the server received as the worker died, under the same Message-ID.

PostgreSQL only: the worker is another process on the test database (SQLite's test database
is a file only this process's settings name)."""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import connection, transaction

from efiling.core import clock
from efiling.service.models import Notice, NoticeDelivery
from efiling.service.services import notices_record
from tests import factories
from tests.gunicorn_server import REPO

pytestmark = [
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'", reason="a worker process on the test database"
    ),
    pytest.mark.django_db(transaction=True),
]
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
WORKER = ["db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"]
NOTICES = 5
HELD = 3  # the server holds the third message until the worker is dead


class HoldingServer:
    """Receives messages; holds the HELD-th in DATA (received, not yet answered) until
    `release` is set, as a server that accepted it while the sender died."""

    def __init__(self):
        self.received: list[str] = []
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        for line in envelope.content.split(b"\r\n"):
            if line.lower().startswith(b"message-id:"):
                self.received.append(line.split(b":", 1)[1].strip().decode())
        if len(self.received) == HELD:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        return "250 Message accepted"


def _worker(env: dict, log: Path) -> subprocess.Popen:
    with open(log, "ab") as output:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and command
            [sys.executable, "-m", "efiling.cli", *WORKER],
            cwd=REPO,
            env=env,
            stdout=output,
            stderr=output,
        )


def _until(condition, log: Path, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {timeout:.0f} s:\n{log.read_text()}")
        time.sleep(0.1)


def test_every_notice_is_delivered_after_the_worker_is_killed_mid_delivery(
    settings, tmp_path, courts
):
    settings.TASKS = DB_TASKS
    server = HoldingServer()
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    probe = Controller(server, hostname="127.0.0.1", port=port)
    probe.start()
    params = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EFILING_"))}
    env |= {
        "EFILING_DATA_DIR": os.environ["EFILING_DATA_DIR"],
        "EFILING_DATABASE_URL": f"postgres://{params['USER']}@{params['HOST'] or '127.0.0.1'}:"
        f"{params['PORT'] or 5432}/{params['NAME']}",
        "EFILING_EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp_path / "worker.log"
    worker = None
    try:
        people = [factories.user(email=f"counsel{n}@firm.example") for n in range(NOTICES)]
        for person in people:  # one event each, committed: its e-mail task is in the queue
            with transaction.atomic():
                notices_record(
                    recipients=[person], kind=Notice.Kind.ORDER, subject="S", body="Order."
                )
        worker = _worker(env, log)
        _until(server.holding.is_set, log, "the third message reaching the server")
        worker.send_signal(signal.SIGKILL)
        worker.wait(30)
        server.release.set()  # the server accepts what the dead worker sent
        stranded = NoticeDelivery.objects.get(state=NoticeDelivery.State.QUEUED, attempts=1)
        assert stranded.message_id == server.received[HELD - 1]

        # Its lease runs out (5 minutes, here moved back) and the sweep enqueues it again.
        NoticeDelivery.objects.filter(pk=stranded.pk).update(
            next_attempt_at=clock.now() - timedelta(minutes=11)
        )
        call_command("resume_deliveries")
        worker = _worker(env, log)
        _until(
            lambda: (
                NoticeDelivery.objects.filter(state=NoticeDelivery.State.SENT).count() == NOTICES
            ),
            log,
            "every notice's e-mail sent",
        )
    finally:
        if worker is not None and worker.poll() is None:
            worker.terminate()
            worker.wait(30)
        server.release.set()
        probe.stop()

    sent = {d.message_id for d in NoticeDelivery.objects.all()}
    copies = Counter(server.received)
    assert set(copies) == sent  # every notice reached the server
    assert {mid for mid, n in copies.items() if n > 1} <= {stranded.message_id}
    assert sum(copies.values()) <= NOTICES + 1
