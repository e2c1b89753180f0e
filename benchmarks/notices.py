"""Notice e-mail: how many notices one task worker delivers per second to a real SMTP server
(aiosmtpd on loopback), and the delay from the commit that records a notice to the SMTP
server's acceptance of its e-mail (median and p95) under a steady load.

A throw-away embedded database (a temporary EFILING_DATA_DIR, SQLite), the database task
backend and one `efiling db_worker` process, as `efiling serve` runs them. Two phases:

- steady: NOTICES notices, one transaction each, at RATE a second; each e-mail's delay is the
  server's acceptance time minus its notice's commit time (matched by Message-ID);
- backlog: NOTICES notices committed at once, then the worker's rate of delivering them.

    uv run python benchmarks/notices.py [NOTICES] [RATE]
"""

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(tempfile.mkdtemp(prefix="efiling-bench-"))
BASE = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = _free_port()
sys.path.insert(0, str(BASE))
from benchmarks.rows import embedded_only  # noqa: E402

embedded_only()
os.environ["EFILING_DATA_DIR"] = str(ROOT / "data")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ["EFILING_EMAIL_URL"] = f"smtp://127.0.0.1:{PORT}"
os.environ["EFILING_TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
os.environ.setdefault("EFILING_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()
from aiosmtpd.controller import Controller  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from efiling.service.models import Notice, NoticeDelivery  # noqa: E402
from efiling.service.services import notices_record  # noqa: E402
from tests import factories  # noqa: E402

NOTICES = int(sys.argv[1]) if len(sys.argv) > 1 else 200
WORKER = [sys.executable, "-m", "efiling.cli", "db_worker", "--interval", "0.05"]
WORKER.append("--no-startup-delay")
RATE = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0  # notices a second, steady phase


class Accepting:
    """Records when each Message-ID was accepted."""

    def __init__(self):
        self.accepted: dict[str, float] = {}

    async def handle_DATA(self, server, session, envelope):
        for line in envelope.content.split(b"\r\n"):
            if line.lower().startswith(b"message-id:"):
                self.accepted[line.split(b":", 1)[1].strip().decode()] = time.time()
                break
        return "250 Message accepted"


def p95(values: list[float]) -> float:
    return (
        statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]
    )


def record(person, n: int) -> tuple[str, float]:
    """One notice in its own transaction; its e-mail's Message-ID and the commit time."""
    with transaction.atomic():
        [notice] = notices_record(
            recipients=[person],
            kind=Notice.Kind.DOCKET_ENTRY,
            subject=f"26SL-CC00001: docket entry {n}",
            body="Motion to compel filed.",
        )
    committed = time.time()
    return NoticeDelivery.objects.get(notices=notice).message_id, committed


def wait_for(server: Accepting, ids, timeout: float) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end and not all(i in server.accepted for i in ids):
        time.sleep(0.02)


def main():
    server = Accepting()
    controller = Controller(server, hostname="127.0.0.1", port=PORT)
    worker = None
    try:
        call_command("migrate", verbosity=0)
        controller.start()
        person = factories.user(email="counsel@firm.example")
        worker = subprocess.Popen(WORKER, cwd=BASE, env=os.environ.copy())  # noqa: S603
        time.sleep(3)  # the worker's start

        commits = {}
        for n in range(NOTICES):
            started = time.monotonic()
            message_id, committed = record(person, n)
            commits[message_id] = committed
            time.sleep(max(0.0, 1 / RATE - (time.monotonic() - started)))
        wait_for(server, commits, timeout=120)
        delays = [server.accepted[i] - commits[i] for i in commits if i in server.accepted]
        print(f"steady load: {NOTICES} notices at {RATE:g} a second, one worker")
        print(f"  delivered: {len(delays)} of {NOTICES}")
        if delays:
            print(
                f"  commit to SMTP acceptance: median {statistics.median(delays) * 1000:.0f} ms, "
                f"p95 {p95(delays) * 1000:.0f} ms"
            )

        worker.terminate()
        worker.wait(30)
        backlog = dict(record(person, NOTICES + n) for n in range(NOTICES))
        worker = subprocess.Popen(WORKER, cwd=BASE, env=os.environ.copy())  # noqa: S603
        wait_for(server, backlog, timeout=600)
        times = sorted(server.accepted[i] for i in backlog if i in server.accepted)
        print(f"backlog: {NOTICES} notices waiting, one worker started")
        print(f"  delivered: {len(times)} of {NOTICES}")
        if len(times) > 1:
            print(f"  rate: {(len(times) - 1) / (times[-1] - times[0]):.1f} notices a second")
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(30)
        controller.stop()
        shutil.rmtree(ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
