"""Submitting a 3 x 7 MB envelope through the real HTTP stack, against the floor of simply hashing
and writing the same bytes, measured in the same run; and the server's peak memory while four
21 MB envelopes are submitted at once.

A throw-away embedded database and document folder (a temporary EFILING_DATA_DIR) are set up and
the app is served by gunicorn in a subprocess on 127.0.0.1 (an unused port). The client is the
standard library (http.client) on loopback, signed in with a 'file' API token; each envelope is
the JSON API's whole path: create, two parties, a petition filing, three uploads (the PDF is the
raw request body: a lead document and two attachments, each just under the 7 MB document limit,
together under the 21 MB submission limit), submit with an Idempotency-Key.

    uv run python benchmarks/filing_submit.py [RUNS]
    EFILING_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        uv run python benchmarks/filing_submit.py [RUNS]

With EFILING_BENCH_DATABASE_URL (a PostgreSQL server and a database to connect to first), the
run uses a throw-away database created on that server (efiling_bench_<pid>) and dropped at the
end; otherwise the embedded SQLite database. The server runs with config/gunicorn.conf.py.

MB here means MiB (1,048,576 bytes), as in the court's limits. RSS is read from /proc (VmRSS of
the gunicorn master and its workers), sampled every 50 ms.
"""

import contextlib
import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(tempfile.mkdtemp(prefix="efiling-bench-"))
DATA_DIR = ROOT / "data"
os.environ["EFILING_DATA_DIR"] = str(DATA_DIR)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ["EFILING_ALLOWED_HOSTS"] = "127.0.0.1"
os.environ.setdefault("EFILING_LOG_LEVEL", "WARNING")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
BENCH_SERVER_URL = os.environ.get("EFILING_BENCH_DATABASE_URL", "")
BENCH_DATABASE = f"efiling_bench_{os.getpid()}"


def postgres_database(action: str) -> None:
    """CREATE or DROP the throw-away benchmark database on the server of BENCH_SERVER_URL."""
    import psycopg

    with psycopg.connect(BENCH_SERVER_URL, autocommit=True) as admin:
        if action == "create":
            admin.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
        else:
            admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')


if BENCH_SERVER_URL:
    postgres_database("create")
    os.environ["EFILING_DATABASE_URL"] = BENCH_SERVER_URL.rsplit("/", 1)[0] + "/" + BENCH_DATABASE

import django  # noqa: E402

django.setup()
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402

from efiling.accounts.models import Role  # noqa: E402
from efiling.accounts.tokens import api_token_create  # noqa: E402
from efiling.courts.fees import filing_codes_load  # noqa: E402
from efiling.courts.services import courts_load  # noqa: E402
from efiling.payments.services import deposit, payment_account_for  # noqa: E402
from tests import factories  # noqa: E402
from tests.documents import builders  # noqa: E402

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 7
CONCURRENT = 4
MB = 1024 * 1024
FILE_SIZE = 7 * MB - 4096  # under the 7 MB document limit; three are under the 21 MB total
KINDS = ("lead", "attachment", "attachment")
SIGNATURE = "/s/ Avery Lawson"
HOST = "127.0.0.1"
REQUEST_TIMEOUT = 120
SAMPLE_SECONDS = 0.05


# --- figures -------------------------------------------------------------------------------


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


# --- the data ------------------------------------------------------------------------------


def setup_data() -> str:
    """Migrate, load the courts and fees; a funded attorney in good standing; its API token."""
    call_command("migrate", verbosity=0)
    courts_load()
    filing_codes_load()
    attorney = factories.user(Role.ATTORNEY, first_name="Avery", last_name="Lawson")
    deposit(
        account=payment_account_for(attorney), amount_cents=100_000_000, reference="bench deposit"
    )
    _, raw = api_token_create(user=attorney, name="benchmark", scope="file")
    connections.close_all()  # the server processes own the database from here on
    return raw


def build_pdfs(folder: Path) -> list[tuple[Path, str]]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for number, kind in enumerate(KINDS, start=1):
        path = builders.pdf_padded_to(folder / f"{kind}-{number}.pdf", FILE_SIZE)
        files.append((path, hashlib.sha256(path.read_bytes()).hexdigest()))
    return files


# --- the floor: hash and write the same bytes ----------------------------------------------


def floor_once(files: list[tuple[Path, str]], target: Path) -> None:
    for path, _ in files:
        digest = hashlib.sha256()
        with open(path, "rb") as source, open(target / f"{uuid.uuid4().hex}.pdf", "wb") as out:
            while block := source.read(MB):
                digest.update(block)
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        digest.hexdigest()


def measure_floor(files) -> list[float]:
    documents = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    times = []
    for _ in range(RUNS):
        target = documents / "floor"
        target.mkdir(parents=True, exist_ok=True)
        times.append(timed(lambda target=target: floor_once(files, target)))
        shutil.rmtree(target)
    return times


# --- the server ----------------------------------------------------------------------------


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving config.wsgi on 127.0.0.1 in a subprocess, stopped by its own pid."""

    def __init__(self, workers: int):
        self.port = unused_port()
        self.log = ROOT / f"gunicorn-{workers}.log"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--config",
            str(REPO / "config" / "gunicorn.conf.py"),
            "-b",
            f"{HOST}:{self.port}",
            "-w",
            str(workers),
            "--timeout",
            str(REQUEST_TIMEOUT),
            "--graceful-timeout",
            "5",
        ]
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)
                command, cwd=REPO, env=os.environ.copy(), stdout=log, stderr=log
            )
        self.workers = workers
        self.seen_pids: set[int] = set()

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            try:
                status, _ = request("GET", self.port, "/healthz", timeout=5)
                if len(self.worker_pids()) >= self.workers:
                    return
            except OSError:
                status = None
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer in {timeout}s (last status {status})")

    def worker_pids(self) -> list[int]:
        pid = self.process.pid
        try:
            text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
            pids = [int(p) for p in text.split()]
        except OSError:
            pids = []
            for entry in Path("/proc").iterdir():
                if entry.name.isdigit():
                    try:
                        stat = (entry / "stat").read_text()
                    except OSError:
                        continue
                    if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                        pids.append(int(entry.name))
        self.seen_pids.update(pids)
        return pids

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        for pid in self.seen_pids:  # workers normally leave with their master
            try:
                os.kill(pid, 0)
            except OSError:
                continue
            time.sleep(1)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class RssSampler(threading.Thread):
    """Total and per-worker RSS of a gunicorn server, every 50 ms, until stopped."""

    def __init__(self, server: Server):
        super().__init__(daemon=True)
        self.server = server
        self.stopping = threading.Event()
        self.peak_total = 0
        self.peak_worker = 0

    def sample(self) -> tuple[int, list[int]]:
        workers = [rss_kib(pid) for pid in self.server.worker_pids()]
        return rss_kib(self.server.process.pid) + sum(workers), workers

    def run(self):
        while not self.stopping.is_set():
            total, workers = self.sample()
            self.peak_total = max(self.peak_total, total)
            self.peak_worker = max([self.peak_worker, *workers])
            self.stopping.wait(SAMPLE_SECONDS)

    def stop(self):
        self.stopping.set()
        self.join(timeout=5)


# --- the client ----------------------------------------------------------------------------


def request(method, port, path, *, token=None, body=None, headers=None, timeout=REQUEST_TIMEOUT):
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout, blocksize=256 * 1024)
    try:
        sent = dict(headers or {})
        if token:
            sent["Authorization"] = f"Bearer {token}"
        if isinstance(body, dict):
            body = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        data = response.read()
        return response.status, data
    finally:
        connection.close()


def call(method, port, path, token, *, body=None, headers=None, expect=200) -> dict:
    status, data = request(method, port, path, token=token, body=body, headers=headers)
    if status != expect:
        raise RuntimeError(f"{method} {path}: {status} {data[:500]!r}")
    return json.loads(data)


def submit_envelope(port: int, token: str, files: list[tuple[Path, str]]) -> int:
    """One whole envelope through the API; returns the bytes uploaded."""
    envelope = call(
        "POST",
        port,
        "/api/v1/envelopes",
        token,
        body={"court": "SL", "case_type": "CC", "caption": "Lawson v. Acme Corp."},
        expect=201,
    )
    base = f"/api/v1/envelopes/{envelope['id']}"
    parties = [
        {
            "kind": "person",
            "role": "petitioner",
            "first_name": "Pat",
            "last_name": "Lawson",
            "represented": True,
        },
        {"kind": "organization", "role": "respondent", "organization_name": "Acme Corp."},
    ]
    for party in parties:
        call("POST", port, f"{base}/parties", token, body=party, expect=201)
    envelope = call("POST", port, f"{base}/filings", token, body={"code": "PET"}, expect=201)
    filing_id = envelope["filings"][0]["id"]
    uploaded = 0
    for (path, sha256), kind in zip(files, KINDS, strict=True):
        size = path.stat().st_size
        with open(path, "rb") as handle:
            document = call(
                "POST",
                port,
                f"{base}/filings/{filing_id}/documents?kind={kind}&file_name={path.name}",
                token,
                body=handle,
                headers={"Content-Type": "application/pdf", "Content-Length": str(size)},
                expect=201,
            )
        assert document["size"] == size and document["sha256"] == sha256, document
        uploaded += size
    done = call(
        "POST",
        port,
        f"{base}/submit",
        token,
        body={"signature": SIGNATURE},
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )
    assert done["status"] == "submitted" and done["confirmation_number"], done
    return uploaded


def measure_envelopes(token, files) -> list[float]:
    server = Server(workers=2)
    try:
        server.wait_ready()
        submit_envelope(server.port, token, files)  # warm-up: imports, caches, first rows
        return [timed(lambda: submit_envelope(server.port, token, files)) for _ in range(RUNS)]
    finally:
        server.stop()


def concurrently(action, count: int) -> list:
    results, errors = [None] * count, []

    def run(index):
        try:
            results[index] = action()
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=REQUEST_TIMEOUT * 3)
    if errors:
        raise errors[0]
    if any(thread.is_alive() for thread in threads):
        raise RuntimeError("a concurrent submission did not finish in time")
    return results


def measure_memory(token, files, small_files):
    """Peak server RSS while CONCURRENT clients each submit a full 3 x 7 MB envelope."""
    server = Server(workers=CONCURRENT)
    try:
        server.wait_ready()
        # Warm the workers with small envelopes (library imports, first queries), so that the
        # baseline is a working server and the peak shows what the large uploads add.
        for _ in range(2):
            concurrently(lambda: submit_envelope(server.port, token, small_files), CONCURRENT)
        sampler = RssSampler(server)
        baseline, _ = sampler.sample()
        sampler.start()
        try:
            start = time.perf_counter()
            uploaded = concurrently(lambda: submit_envelope(server.port, token, files), CONCURRENT)
            elapsed = time.perf_counter() - start
        finally:
            sampler.stop()
        return baseline, sampler.peak_total, sampler.peak_worker, sum(uploaded), elapsed
    finally:
        server.stop()


# --- the run -------------------------------------------------------------------------------


def main():
    try:
        token = setup_data()
        files = build_pdfs(ROOT / "pdfs")
        small_files = [
            (path, hashlib.sha256(path.read_bytes()).hexdigest())
            for path in (
                builders.text_pdf(ROOT / "pdfs" / f"small-{n}.pdf", pages=2) for n in range(3)
            )
        ]
        envelope_bytes = sum(path.stat().st_size for path, _ in files)

        floor = measure_floor(files)
        envelope = measure_envelopes(token, files)
        baseline, peak, peak_worker, uploaded, elapsed = measure_memory(token, files, small_files)

        size_mb = envelope_bytes / MB
        print(f"database: {connections['default'].vendor}; server: config/gunicorn.conf.py")
        print(
            f"envelope 3x7MB  median={statistics.median(envelope):.3f}s "
            f"p95={p95(envelope):.3f}s  ({size_mb / statistics.median(envelope):.1f}MB/s)  "
            f"runs={RUNS} bytes={envelope_bytes:,}"
        )
        print(
            f"floor hash+write  median={statistics.median(floor):.3f}s p95={p95(floor):.3f}s  "
            f"({size_mb / statistics.median(floor):.1f}MB/s)"
        )
        print(
            f"ratio envelope/floor = {statistics.median(envelope) / statistics.median(floor):.1f}x"
        )
        print(
            f"{CONCURRENT} concurrent 21MB: peak RSS total {peak / 1024:.1f} MB "
            f"(baseline {baseline / 1024:.1f} MB, +{(peak - baseline) / 1024:.1f} MB), "
            f"peak per worker {peak_worker / 1024:.1f} MB"
        )
        print(
            f"{CONCURRENT} concurrent 21MB: uploaded {uploaded:,} bytes ({uploaded / MB:.1f} MB) "
            f"in {elapsed:.2f}s; gunicorn -w {CONCURRENT}, sampled every "
            f"{SAMPLE_SECONDS * 1000:.0f} ms"
        )
    finally:
        connections.close_all()
        if BENCH_SERVER_URL:
            postgres_database("drop")
        shutil.rmtree(ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
