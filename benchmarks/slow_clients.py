"""/healthz latency of the real server (gunicorn with config/gunicorn.conf.py, 2 threaded
workers) with no stalled client and with ten uploads that sent their headers and part of their
body and then stall, measured in the same run.

A throw-away embedded database and data folder (a temporary EFILING_DATA_DIR) are set up; the
stalled clients are JSON API uploads (the raw PDF body) of a signed-in attorney's draft.

    uv run python benchmarks/slow_clients.py [REQUESTS]

Prints p50, p95 and the slowest /healthz answer of REQUESTS sequential requests (default 200)
for each case, and how many did not answer within 5 s; then the same for the previous setup
(2 sync workers), with a few requests only, since each waits 5 s.
"""

import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(tempfile.mkdtemp(prefix="efiling-bench-"))
os.environ["EFILING_DATA_DIR"] = str(ROOT / "data")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ["EFILING_ALLOWED_HOSTS"] = "127.0.0.1"
os.environ.setdefault("EFILING_LOG_LEVEL", "WARNING")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

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

REQUESTS = int(sys.argv[1]) if len(sys.argv) > 1 else 200
STALLED = 10
ANSWER_WITHIN = 5.0


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


def latencies(port: int, requests: int = REQUESTS) -> tuple[list[float], int]:
    times, failed = [], 0
    for _ in range(requests):
        start = time.perf_counter()
        try:
            status, _ = get(port, "/healthz", timeout=ANSWER_WITHIN)
        except OSError:
            status = None
        if status == 200:
            times.append(time.perf_counter() - start)
        else:
            failed += 1
    return times, failed


def report(label: str, times: list[float], failed: int) -> None:
    if not times:
        print(f"{label}: no answer within {ANSWER_WITHIN:.0f}s ({failed} of {failed} requests)")
        return
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]
    print(
        f"{label}: p50={statistics.median(times) * 1000:.1f}ms p95={p95 * 1000:.1f}ms "
        f"max={max(times) * 1000:.1f}ms  answered {len(times)}/{REQUESTS}"
        + (f", {failed} not within {ANSWER_WITHIN:.0f}s" if failed else "")
    )


@contextlib.contextmanager
def stalling(port, path, headers, body):
    """STALLED uploads hanging after their headers and 64 KB of body, for the block."""
    clients = [stalled_upload(port, path, headers, body, sent=64 * 1024) for _ in range(STALLED)]
    try:
        time.sleep(1)  # every stalled upload has been taken up by the server
        yield
    finally:
        for client in clients:
            client.close()


def main():
    try:
        path, token = setup_data()
        connections.close_all()  # the server owns the database from here on
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/pdf"}
        body = b"%PDF-1.7\n" + b"0" * (1024 * 1024)
        with Gunicorn(ROOT / "gunicorn.log", {}) as server:
            latencies(server.port)  # warm-up: imports, first connections
            report("gthread, no stalled client ", *latencies(server.port))
            with stalling(server.port, path, headers, body):
                started = time.monotonic()
                report(f"gthread, {STALLED} stalled uploads", *latencies(server.port))
                print(
                    f"  (all {REQUESTS} while the uploads hung: {time.monotonic() - started:.1f}s)"
                )
        # The previous setup for comparison: 2 sync workers (a few requests: each waits 5 s).
        options = ("--worker-class", "sync", "--threads", "1")
        with Gunicorn(ROOT / "gunicorn-sync.log", {}, *options) as server:
            latencies(server.port, 20)
            report("sync, no stalled client    ", *latencies(server.port))
            with stalling(server.port, path, headers, body):
                report(f"sync, {STALLED} stalled uploads   ", *latencies(server.port, 4))
    finally:
        connections.close_all()
        shutil.rmtree(ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
