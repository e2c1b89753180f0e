"""Case-number allocation on PostgreSQL with 16 clerks accepting at the same moment, against the
floor of a plain one-row INSERT per transaction by the same 16 clerks, measured in the same run.

Each clerk is a process with its own connection (as the server's workers are: threads of one
interpreter would measure its lock, not the database's). An allocation is what an acceptance
does for the number: its own transaction that numbers a case in hand (the acceptance has just
created it; the clerk's processes get their cases loaded, with court and case type, before the
start) with efiling.cases.numbering.case_number_assign (on PostgreSQL one statement locks the
case row, advances the court/type/year counter row and stores the number) and commits. Every
clerk numbers cases of the same court, type and year, so they all queue on one counter row,
held from that statement to the commit: that row is the price of numbers that never repeat and
never skip. Another line spreads the 16 clerks over 16 courts (16 counter rows) to show that the
queue is per court, type and year, and another has one clerk alone (no contention, the client's own
speed). Two lines, printed after the floor's, show what the queue on one row allows on this machine
whatever the client, by the same 16 processes on a scratch counter row: the bare counter
transaction (BEGIN, advance, COMMIT: the COMMIT a round trip of its own, as when the transaction
still uses the number after drawing it, as the acceptance does), and the same with the COMMIT sent
in the advance's round trip (possible only when nothing follows the advance). Afterwards every
counter is checked against the numbers stored: the run fails unless it prints "duplicates=0
gaps=0".

    uv run python benchmarks/case_numbers.py [CASES_PER_CLERK] [ROUNDS] [--keep]

The database is EFILING_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/efiling_bench;
its name must contain "bench", so that a production URL in the environment is never used). It is
created when missing, migrated and loaded with the courts, and dropped at the end when this run
created it (kept with --keep, or when it already existed). Latency is the whole transaction,
commit included, as seen by the clerk's process.
"""

import atexit
import contextlib
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from benchmarks.rows import CASE_NUMBERS, bench_arguments, bench_row

# Read first, so that a wrong command line creates nothing; when another benchmark imports this
# module for its database set-up, that benchmark reads its own.
if __name__ == "__main__":
    (PER_CLERK, ROUNDS), _flags = bench_arguments(
        [("CASES_PER_CLERK", 200, 2), ("ROUNDS", 2, 1)], flags=("--keep",)
    )
else:
    PER_CLERK, ROUNDS, _flags = 200, 2, set()
KEEP = "--keep" in _flags
CLERKS = 16

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/efiling_bench"
os.environ["EFILING_DATA_DIR"] = tempfile.mkdtemp(prefix="efiling-bench-")
# Removed however the run ends (a refused database, an error); main's own end removes it too.
atexit.register(shutil.rmtree, os.environ["EFILING_DATA_DIR"], ignore_errors=True)
os.environ.setdefault("EFILING_DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("EFILING_LOG_LEVEL", "WARNING")

import dj_database_url  # noqa: E402
import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402


def server_connect(url_parts: dict):
    """A connection to the server's maintenance database, for CREATE and DROP DATABASE."""
    return psycopg.connect(
        host=url_parts["HOST"] or None,
        port=url_parts["PORT"] or None,
        user=url_parts["USER"] or None,
        password=url_parts["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


def database_prepare() -> tuple[dict, bool]:
    url = os.environ["EFILING_DATABASE_URL"]
    parts = dj_database_url.parse(url)
    if parts["ENGINE"] != "django.db.backends.postgresql":
        sys.exit(f"This benchmark measures PostgreSQL; EFILING_DATABASE_URL is {url!r}.")
    if "bench" not in parts["NAME"]:
        sys.exit(f"Refusing database {parts['NAME']!r}: a benchmark database's name has 'bench'.")
    with server_connect(parts) as server:
        exists = server.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [parts["NAME"]]
        ).fetchone()
        if not exists:
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(parts["NAME"])))
    return parts, not exists


def database_drop(parts: dict) -> None:
    with server_connect(parts) as server:
        server.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(parts["NAME"]))
        )


DB_PARTS, CREATED = database_prepare()

import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402

from efiling.cases.models import Case  # noqa: E402
from efiling.cases.numbering import case_number_assign, case_number_parse  # noqa: E402
from efiling.core import clock  # noqa: E402
from efiling.core.models import Counter  # noqa: E402
from efiling.courts.models import CaseType, Court  # noqa: E402
from efiling.courts.services import courts_load  # noqa: E402


def cases_create(courts: list, case_type, clerks: int = CLERKS) -> list[list[Case]]:
    """PER_CLERK unnumbered cases for each clerk, clerk n in courts[n % len(courts)], loaded
    with their court and case type (as the acceptance has the case it has just created)."""
    now = clock.now()
    batches = []
    for n in range(clerks):
        rows = [
            Case(
                court=courts[n % len(courts)],
                case_type=case_type,
                caption=f"Bench {i}",
                created_at=now,
            )
            for i in range(PER_CLERK)
        ]
        pks = [c.pk for c in Case.objects.bulk_create(rows)]
        loaded = Case.objects.select_related("court", "case_type").filter(pk__in=pks)
        batches.append(list(loaded.order_by("pk")))
    return batches


def accept(the_case: Case) -> str:
    """The acceptance's numbering step alone: its own transaction numbers a case in hand."""
    with transaction.atomic():
        return case_number_assign(case=the_case)


SCRATCH_ADVANCE = (
    "INSERT INTO bench_counter (key, value) VALUES ('scratch', 1) "
    "ON CONFLICT (key) DO UPDATE SET value = bench_counter.value + 1 RETURNING value"
)


def counter_bare(_item) -> None:
    """BEGIN, the advance and COMMIT, each a round trip (the transaction could use the value)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(SCRATCH_ADVANCE)
        cursor.fetchone()


def counter_bare_commit_sent_along(_item) -> None:
    """The advance and its COMMIT in one round trip (nothing can use the value before commit)."""
    with connection.cursor() as cursor:
        cursor.execute(f"BEGIN; {SCRATCH_ADVANCE}; COMMIT")


def scratch_insert(item: tuple[int, int]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_scratch (worker, n) VALUES (%s, %s)", item)


def _clerk(action, items, start, results, warm) -> None:
    """One clerk's process: its own connection (and `warm`, if any), then its items as soon as
    all are ready."""
    try:
        connections.close_all()  # the parent's connections are not shared across fork
        connection.ensure_connection()  # connecting is not part of the measure
        if warm is not None:
            warm()
        start.wait()
        latencies = []
        for item in items:
            began = time.perf_counter()
            action(item)
            latencies.append(time.perf_counter() - began)
        results.put(("ok", latencies))
    except Exception as exc:  # reported by the parent
        with contextlib.suppress(threading.BrokenBarrierError):
            start.abort()
        results.put(("error", repr(exc)))
    finally:
        connections.close_all()


def phase(action, work: list[list], warm=None) -> tuple[float, list[float]]:
    """Run `action` on each clerk's items, the clerks all at once, each in a process of its own
    (as the server's workers are: no clerk waits for another's share of one interpreter);
    wall time and latencies. `warm` (no arguments), if given, runs in each process before the
    start, untimed (what a server's worker has done before its first request)."""
    clerks = len(work)
    context = multiprocessing.get_context("fork")
    start = context.Barrier(clerks + 1)
    results = context.Queue()
    connections.close_all()
    processes = [
        context.Process(target=_clerk, args=(action, items, start, results, warm)) for items in work
    ]
    for process in processes:
        process.start()
    with contextlib.suppress(threading.BrokenBarrierError):  # a clerk failed: reported below
        start.wait()
    began = time.perf_counter()
    answers = [results.get() for _ in processes]
    wall = time.perf_counter() - began
    for process in processes:
        process.join()
    errors = [detail for kind, detail in answers if kind == "error"]
    if errors:
        raise RuntimeError(errors[0])
    return wall, [x for kind, per in answers if kind == "ok" for x in per]


def counters_verify() -> tuple[int, int, int]:
    """For every case-number counter: the numbers stored are exactly 1..value, once each."""
    duplicates = gaps = checked = 0
    for key, value in Counter.objects.filter(key__startswith="case-number:").values_list(
        "key", "value"
    ):
        _, location_code, case_type_code, year = key.split(":")
        prefix = f"{int(year) % 100:02d}{location_code}-{case_type_code}"
        sequences = [
            case_number_parse(number).sequence
            for number in Case.objects.filter(number__startswith=prefix).values_list(
                "number", flat=True
            )
        ]
        duplicates += len(sequences) - len(set(sequences))
        gaps += len(set(range(1, value + 1)) - set(sequences))
        gaps += len(set(sequences) - set(range(1, value + 1)))  # beyond the counter: a repeat
        checked += len(sequences)
    return duplicates, gaps, checked


def report(name: str, count: int, walls: list[float], latencies: list[float]) -> float:
    rate = count / statistics.median(walls)
    cuts = statistics.quantiles(latencies, n=100)
    print(
        f"{name:<44} n={count} per/s={rate:>7,.0f} (rounds {min(walls):.2f}-{max(walls):.2f}s) "
        f"latency median={statistics.median(latencies) * 1000:.2f}ms "
        f"p95={cuts[94] * 1000:.2f}ms p99={cuts[98] * 1000:.2f}ms"
    )
    return rate


def main():
    call_command("migrate", verbosity=0)
    courts_load()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_scratch (id bigserial PRIMARY KEY, worker int, "
            "n int, created_at timestamptz NOT NULL DEFAULT now())"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_counter (key text PRIMARY KEY, value int NOT NULL)"
        )
    numbered_before = Case.objects.filter(number__isnull=False).count()  # a kept database
    case_type = CaseType.objects.get(code="CC")
    one_court = [Court.objects.get(code="SL")]
    many_courts = list(Court.objects.filter(case_types=case_type).order_by("code")[:CLERKS])
    assert len(many_courts) == CLERKS
    count = CLERKS * PER_CLERK
    results = {
        name: ([], []) for name in ("insert", "bare", "bare_sent_along", "one", "many", "alone")
    }
    for round_no in range(ROUNDS):
        scratch = [[(n, round_no * PER_CLERK + i) for i in range(PER_CLERK)] for n in range(CLERKS)]
        for name, action, work in [
            ("insert", scratch_insert, scratch),
            ("bare", counter_bare, scratch),
            ("bare_sent_along", counter_bare_commit_sent_along, scratch),
            ("one", accept, cases_create(one_court, case_type)),
            ("many", accept, cases_create(many_courts, case_type)),
            ("alone", accept, cases_create(one_court, case_type, clerks=1)),
        ]:
            wall, latencies = phase(action, work)
            results[name][0].append(wall)
            results[name][1].extend(latencies)
    print(
        f"PostgreSQL {connection.pg_version // 10000}, {CLERKS} clerk processes x {PER_CLERK} "
        f"per round, {ROUNDS} rounds, {os.cpu_count()} CPUs; per/s from the median round"
    )
    floor = report("floor: plain INSERT, 1 row per transaction", count, *results["insert"])
    report("bare counter row: BEGIN; advance; COMMIT", count, *results["bare"])
    report("bare counter row, COMMIT in the same trip", count, *results["bare_sent_along"])
    one = report("case numbers, 1 court/type/year (1 counter)", count, *results["one"])
    report("case numbers, 16 courts (16 counters)", count, *results["many"])
    report("case numbers, 1 clerk alone (no contention)", PER_CLERK, *results["alone"])
    print(f"ratio floor / case numbers on one counter = {floor / one:.1f}x")
    duplicates, gaps, checked = counters_verify()
    print(f"verified {checked} case numbers: duplicates={duplicates} gaps={gaps}")
    unnumbered = Case.objects.filter(number__isnull=True).count()
    bench_row(
        measure=CASE_NUMBERS,
        figure=f"{one:,.0f}/s, {gaps} gaps, {duplicates} duplicates",
        met=one >= 1000 and not gaps and not duplicates,
    )
    if (
        duplicates
        or gaps
        or unnumbered
        or checked != numbered_before + ROUNDS * (2 * count + PER_CLERK)
    ):
        sys.exit(f"FAILED: {unnumbered} cases left unnumbered, {checked} numbers checked.")


if __name__ == "__main__":
    try:
        main()
    finally:
        connections.close_all()
        if CREATED and not KEEP:
            database_drop(DB_PARTS)
        elif KEEP:
            print(f"kept database {DB_PARTS['NAME']}")
        else:
            print(f"database {DB_PARTS['NAME']} existed before this run: left in place")
        shutil.rmtree(os.environ["EFILING_DATA_DIR"], ignore_errors=True)
