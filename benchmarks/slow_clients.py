"""/healthz latency of the real server (gunicorn with config/gunicorn.conf.py: 2 threaded
workers, 16 threads each, efiling.core.web_worker) while slow clients upload, measured in the
same run: no slow client; 10 and 40 uploads that sent their headers and 50 KB of a 1 MB body
and then stall; 70 such uploads that then trickle a byte every 10 seconds (issue 9's second
round). Then the same with gunicorn's plain gthread worker (the protections off) for
comparison.

A throw-away embedded database and data folder (a temporary EFILING_DATA_DIR) are set up; the
slow clients are JSON API uploads (the raw PDF body) of a signed-in attorney's draft.

    uv run python benchmarks/slow_clients.py [SECONDS]

For each case, /healthz is asked one request after another for SECONDS (default 30) with a
5 s timeout: prints p50, p95 and the slowest answer, and how many did not answer within 5 s;
then how the slow clients were answered (503 busy at once, 400 once cut off, or not yet).
"""

import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(tempfile.mkdtemp(prefix="efiling-bench-"))
os.environ["EFILING_DATA_DIR"] = str(ROOT / "data")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ["EFILING_ALLOWED_HOSTS"] = "127.0.0.1"
os.environ.setdefault("EFILING_LOG_LEVEL", "WARNING")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

from benchmarks.rows import embedded_only  # noqa: E402

embedded_only()
django.setup()
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402

from efiling.accounts.models import ApiToken, Role  # noqa: E402
from efiling.accounts.tokens import api_token_create  # noqa: E402
from efiling.courts.fees import filing_codes_load  # noqa: E402
from efiling.courts.services import courts_load  # noqa: E402
from tests import factories  # noqa: E402
from tests.filings.helpers import new_case_draft  # noqa: E402
from tests.gunicorn_server import Gunicorn, get, stalled_upload  # noqa: E402

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 30.0
ANSWER_WITHIN = 5.0
SENT = 50 * 1024


def setup_data() -> tuple[str, str]:
    """A migrated database with the courts, an attorney, its API token and a draft envelope;
    the upload path of its petition filing and the token."""
    call_command("migrate", verbosity=0)
    courts_load()
    filing_codes_load()
    from efiling.courts.models import Court

    attorney = factories.user(Role.ATTORNEY, first_name="Avery", last_name="Lawson")
    envelope = new_case_draft(Court.objects.get(code="SL"), attorney)
    token = api_token_create(user=attorney, name="bench", scope=ApiToken.Scope.FILE)[1]
    filing = envelope.filings.get()
    path = (
        f"/api/v1/envelopes/{envelope.public_id}/filings/{filing.pk}/documents"
        "?kind=lead&file_name=stalled.pdf"
    )
    return path, token


def latencies(port: int, seconds: float) -> tuple[list[float], int]:
    """/healthz one request after another for `seconds`: the times of those answered 200
    within ANSWER_WITHIN, and how many were not."""
    times, failed, until = [], 0, time.monotonic() + seconds
    while time.monotonic() < until:
        start = time.perf_counter()
        try:
            status, _ = get(port, "/healthz", timeout=ANSWER_WITHIN)
        except OSError:
            status = None
        if status == 200:
            times.append(time.perf_counter() - start)
        else:
            failed += 1
            time.sleep(0.1)
    return times, failed


def report(label: str, times: list[float], failed: int) -> None:
    if not times:
        print(f"{label}: no answer within {ANSWER_WITHIN:.0f}s ({failed} requests)")
        return
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]
    print(
        f"{label}: p50={statistics.median(times) * 1000:.1f}ms p95={p95 * 1000:.1f}ms "
        f"max={max(times) * 1000:.1f}ms  answered {len(times)}"
        + (f", {failed} not within {ANSWER_WITHIN:.0f}s" if failed else "")
    )


def answered(clients) -> str:
    """How the slow clients were answered: the count of each status (none: no answer yet)."""
    counts = {}
    for client in clients:
        client.setblocking(False)
        try:
            head = client.recv(64)
            status = head.split(b" ", 2)[1].decode() if head.startswith(b"HTTP/") else "closed"
        except BlockingIOError:
            status = "none"
        except OSError:
            status = "reset"
        counts[status] = counts.get(status, 0) + 1
    return ", ".join(f"{status}: {count}" for status, count in sorted(counts.items()))


@contextlib.contextmanager
def slow_uploads(port, path, headers, body, *, count: int, trickle: bool):
    """`count` uploads that sent their headers and SENT bytes of body, then stall or (trickle)
    send a byte every 10 seconds, for the block; yields their sockets."""
    clients = [stalled_upload(port, path, headers, body, sent=SENT) for _ in range(count)]
    stop = threading.Event()

    def trickler():
        while not stop.wait(10):
            for client in clients:
                with contextlib.suppress(OSError):
                    client.send(b"0")

    thread = threading.Thread(target=trickler, daemon=True)
    if trickle:
        thread.start()
    try:
        time.sleep(1)  # the server has taken them up
        yield clients
    finally:
        stop.set()
        for client in clients:
            client.close()


CASES = (("10 stalled", 10, False), ("40 stalled", 40, False), ("70 trickling", 70, True))


def measure(server, label: str, path, headers, body) -> None:
    latencies(server.port, 2)  # warm-up: imports, first connections
    report(f"{label}, no slow client", *latencies(server.port, SECONDS / 3))
    for name, count, trickle in CASES:
        with slow_uploads(
            server.port, path, headers, body, count=count, trickle=trickle
        ) as clients:
            report(f"{label}, {name} uploads", *latencies(server.port, SECONDS))
            print(f"  the slow uploads' answers: {answered(clients)}")
        time.sleep(2)


def main():
    try:
        path, token = setup_data()
        connections.close_all()  # the server owns the database from here on
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/pdf"}
        body = b"%PDF-1.7\n" + b"0" * (1024 * 1024)
        with Gunicorn(ROOT / "gunicorn.log", {}) as server:
            measure(server, "efiling worker", path, headers, body)
        # For comparison: gunicorn's own gthread worker, without these protections.
        with Gunicorn(ROOT / "gunicorn-plain.log", {}, "--worker-class", "gthread") as server:
            measure(server, "plain gthread ", path, headers, body)
    finally:
        connections.close_all()
        shutil.rmtree(ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
