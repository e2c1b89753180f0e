"""Submitting a 3 x 7 MB envelope through the real HTTP stack, against the floor of a do-nothing
upload endpoint on the same server receiving the same bytes (issue 16's row) and the floor of
simply hashing and writing the same bytes, the three taking turns in each run; and the server's
peak memory above idle while four 21 MB envelopes are submitted at once, by four different
attorneys and by one attorney.

A throw-away database (below) and document folder (a temporary EFILING_DATA_DIR) are set up and
the app is served by gunicorn in a subprocess on 127.0.0.1 (an unused port). The client is the
standard library (http.client) on loopback, signed in with a 'file' API token; each envelope is
the JSON API's whole path: create, two parties, a petition filing, three uploads (the PDF is the
raw request body: a lead document and two attachments, each just under the 7 MB document limit,
together under the 21 MB submission limit), submit with an Idempotency-Key. The do-nothing
floor sends the same eight requests with the same bodies to benchmarks/floor_wsgi.py's endpoint
(served by the same gunicorn, outside Django), which reads each body and answers 201.

    uv run python benchmarks/filing_submit.py [RUNS]
    EFILING_BENCH_DATABASE_URL= uv run python benchmarks/filing_submit.py [RUNS]  # SQLite

RUNS defaults to 7. The run uses a throw-away database (efiling_bench_<pid>) created on the
PostgreSQL server of EFILING_BENCH_DATABASE_URL (a database to connect to first; default
postgres://postgres@127.0.0.1:5432/postgres) and dropped at the end; set it empty for the
embedded SQLite database. The server runs with config/gunicorn.conf.py, serving
benchmarks.floor_wsgi:application (the product's config.wsgi behind the floor's prefix).

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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.rows import bench_arguments, embedded_only

(RUNS,), _flags = bench_arguments([("RUNS", 7, 1)])  # read before anything is created
embedded_only()  # the servers started below inherit this environment

ROOT = Path(tempfile.mkdtemp(prefix="efiling-bench-"))
DATA_DIR = ROOT / "data"
os.environ["EFILING_DATA_DIR"] = str(DATA_DIR)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ["EFILING_ALLOWED_HOSTS"] = "127.0.0.1"
os.environ.setdefault("EFILING_LOG_LEVEL", "WARNING")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
BENCH_SERVER_URL = os.environ.get(
    "EFILING_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
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
    try:
        postgres_database("create")
    except Exception:
        shutil.rmtree(ROOT, ignore_errors=True)  # nothing else was made yet
        raise
    os.environ["EFILING_DATABASE_URL"] = BENCH_SERVER_URL.rsplit("/", 1)[0] + "/" + BENCH_DATABASE

import django  # noqa: E402

django.setup()
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402

from benchmarks.floor_wsgi import FLOOR_PREFIX  # noqa: E402
from benchmarks.rows import ENVELOPE, MEMORY, bench_row  # noqa: E402
from efiling.accounts.models import Role  # noqa: E402
from efiling.accounts.tokens import api_token_create  # noqa: E402
from efiling.courts.fees import filing_codes_load  # noqa: E402
from efiling.courts.services import courts_load  # noqa: E402
from efiling.payments.services import deposit, payment_account_for  # noqa: E402
from tests import factories  # noqa: E402
from tests.documents import builders  # noqa: E402

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


def setup_data() -> list[str]:
    """Migrate, load the courts and fees; CONCURRENT funded attorneys in good standing; their
    API tokens."""
    call_command("migrate", verbosity=0)
    courts_load()
    filing_codes_load()
    tokens = []
    for _ in range(CONCURRENT):
        attorney = factories.user(Role.ATTORNEY, first_name="Avery", last_name="Lawson")
        deposit(
            account=payment_account_for(attorney),
            amount_cents=100_000_000,
            reference="bench deposit",
        )
        tokens.append(api_token_create(user=attorney, name="benchmark", scope="file")[1])
    connections.close_all()  # the server processes own the database from here on
    return tokens


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


def hash_write_floor(files) -> None:
    target = Path(settings.STORAGES["default"]["OPTIONS"]["location"]) / "floor"
    target.mkdir(parents=True, exist_ok=True)
    try:
        floor_once(files, target)
    finally:
        shutil.rmtree(target)


# --- the server ----------------------------------------------------------------------------


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving config.wsgi on 127.0.0.1 in a subprocess, stopped by its own pid."""

    def __init__(self, workers: int):
        self.port = unused_port()
        self.log = ROOT / f"gunicorn-{workers}-{self.port}.log"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "benchmarks.floor_wsgi:application",
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


ENVELOPE_BODY = {"court": "SL", "case_type": "CC", "caption": "Lawson v. Acme Corp."}
PARTIES = [
    {
        "kind": "person",
        "role": "petitioner",
        "first_name": "Pat",
        "last_name": "Lawson",
        "represented": True,
    },
    {"kind": "organization", "role": "respondent", "organization_name": "Acme Corp."},
]
FILING_BODY = {"code": "PET"}
SUBMIT_BODY = {"signature": SIGNATURE}


def floor_envelope(port: int, token: str, files: list[tuple[Path, str]]) -> None:
    """The same eight requests as submit_envelope, with the same bodies and headers, to the
    do-nothing endpoint (benchmarks/floor_wsgi.py)."""
    bodies = [ENVELOPE_BODY, *PARTIES, FILING_BODY]
    for number, body in enumerate(bodies):
        call("POST", port, f"{FLOOR_PREFIX}{number}", token, body=body, expect=201)
    for (path, _), kind in zip(files, KINDS, strict=True):
        with open(path, "rb") as handle:
            call(
                "POST",
                port,
                f"{FLOOR_PREFIX}documents?kind={kind}&file_name={path.name}",
                token,
                body=handle,
                headers={
                    "Content-Type": "application/pdf",
                    "Content-Length": str(path.stat().st_size),
                },
                expect=201,
            )
    headers = {"Idempotency-Key": uuid.uuid4().hex}
    call(
        "POST", port, f"{FLOOR_PREFIX}submit", token, body=SUBMIT_BODY, headers=headers, expect=201
    )


def submit_envelope(port: int, token: str, files: list[tuple[Path, str]]) -> int:
    """One whole envelope through the API; returns the bytes uploaded."""
    envelope = call("POST", port, "/api/v1/envelopes", token, body=ENVELOPE_BODY, expect=201)
    base = f"/api/v1/envelopes/{envelope['id']}"
    for party in PARTIES:
        call("POST", port, f"{base}/parties", token, body=party, expect=201)
    envelope = call("POST", port, f"{base}/filings", token, body=FILING_BODY, expect=201)
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
        body=SUBMIT_BODY,
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )
    assert done["status"] == "submitted" and done["confirmation_number"], done
    return uploaded


def measure_envelopes(token, files) -> dict[str, list[float]]:
    """RUNS times each: the envelope, the do-nothing floor, the hash+write floor, taking turns
    (so that a busy machine slows all three alike)."""
    server = Server(workers=2)
    try:
        server.wait_ready()
        submit_envelope(server.port, token, files)  # warm-up: imports, caches, first rows
        floor_envelope(server.port, token, files)
        operations = {
            "envelope": lambda: submit_envelope(server.port, token, files),
            "do-nothing": lambda: floor_envelope(server.port, token, files),
            "hash+write": lambda: hash_write_floor(files),
        }
        times = {name: [] for name in operations}
        for _ in range(RUNS):
            for name, action in operations.items():
                times[name].append(timed(action))
        return times
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


def measure_memory(tokens, files, small_files):
    """Peak server RSS while CONCURRENT clients each submit a full 3 x 7 MB envelope, client n
    as the attorney of tokens[n]: a fresh server, warmed first."""
    server = Server(workers=CONCURRENT)
    turn = iter(range(10**6))

    def as_next(chosen):
        return lambda: submit_envelope(server.port, tokens[next(turn) % len(tokens)], chosen)

    try:
        server.wait_ready()
        # Warm the workers with small envelopes (library imports, first queries), so that the
        # baseline is a working server and the peak shows what the large uploads add.
        for _ in range(2):
            concurrently(as_next(small_files), CONCURRENT)
        sampler = RssSampler(server)
        baseline, _ = sampler.sample()
        sampler.start()
        try:
            start = time.perf_counter()
            uploaded = concurrently(as_next(files), CONCURRENT)
            elapsed = time.perf_counter() - start
        finally:
            sampler.stop()
        return baseline, sampler.peak_total, sampler.peak_worker, sum(uploaded), elapsed
    finally:
        server.stop()


# --- the run -------------------------------------------------------------------------------


def main():
    try:
        tokens = setup_data()
        files = build_pdfs(ROOT / "pdfs")
        small_files = [
            (path, hashlib.sha256(path.read_bytes()).hexdigest())
            for path in (
                builders.text_pdf(ROOT / "pdfs" / f"small-{n}.pdf", pages=2) for n in range(3)
            )
        ]
        envelope_bytes = sum(path.stat().st_size for path, _ in files)

        times = measure_envelopes(tokens[0], files)
        memory = {
            "different attorneys": measure_memory(tokens, files, small_files),
            "one attorney": measure_memory(tokens[:1], files, small_files),
        }

        size_mb = envelope_bytes / MB
        print(f"database: {connections['default'].vendor}; server: config/gunicorn.conf.py")
        print(f"runs={RUNS} (taking turns) bytes per envelope={envelope_bytes:,}")
        for name, label in [
            ("envelope", "envelope 3x7MB"),
            ("do-nothing", "floor: do-nothing endpoint"),
            ("hash+write", "floor: hash+write+fsync"),
        ]:
            median = statistics.median(times[name])
            print(
                f"{label:<28} median={median:.3f}s p95={p95(times[name]):.3f}s  "
                f"({size_mb / median:.1f}MB/s)"
            )
        envelope = statistics.median(times["envelope"])
        ratio = envelope / statistics.median(times["do-nothing"])
        ratio_write = envelope / statistics.median(times["hash+write"])
        print(f"ratio envelope/do-nothing endpoint = {ratio:.1f}x")
        print(f"ratio envelope/hash+write floor = {ratio_write:.1f}x")
        above = {}
        for who, (baseline, peak, peak_worker, uploaded, elapsed) in memory.items():
            above[who] = (peak - baseline) / 1024
            print(
                f"{CONCURRENT} concurrent 21MB, {who}: peak RSS total {peak / 1024:.1f} MB "
                f"(baseline {baseline / 1024:.1f} MB, +{above[who]:.1f} MB), "
                f"peak per worker {peak_worker / 1024:.1f} MB; uploaded {uploaded / MB:.1f} MB "
                f"in {elapsed:.2f}s"
            )
        print(
            f"gunicorn -w {CONCURRENT} for the memory lines, RSS sampled every "
            f"{SAMPLE_SECONDS * 1000:.0f} ms"
        )
        bench_row(
            measure=ENVELOPE,
            figure=f"{ratio:.1f}x ({ratio_write:.1f}x the hash+write+fsync floor)",
            met=ratio <= 1.5,
        )
        bench_row(
            measure=MEMORY,
            figure=f"+{above['different attorneys']:.0f} MB "
            f"(one attorney +{above['one attorney']:.0f} MB)",
            met=max(above.values()) <= 32,
        )
    finally:
        connections.close_all()
        if BENCH_SERVER_URL:
            postgres_database("drop")
        shutil.rmtree(ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
