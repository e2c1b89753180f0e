"""Audited writes with many writers at once, and how long a fresh event waits to be chained.

Each writer is a process of its own (as gunicorn workers are) with its own connection. A
transaction is what an acceptance does to the audit trail: it advances the writer's own counter
row, then records 11 audit events, each followed by another write of its own rows, and commits.
Writers touch no common row, so what they wait for is the audit trail alone. Lines for 1, 4 and
16 writers; each prints transactions per second (and audited writes per second, 11 per
transaction) and the transaction's latency, commit included.

With the chain in links (this code), it also prints the window: for each event, the time from
its recording to its link (`linked_at - occurred_at`); "at commit" takes only each
transaction's last event, recorded just before the commit, so it is about commit to link. The
run fails unless every event is chained, the numbers have no gap and the chain verifies.

    uv run python benchmarks/audit_chain.py postgres|sqlite [TRANSACTIONS_PER_WRITER]
        [--think MS] [--code DIR]

--think MS waits MS milliseconds after each event inside the transaction, for the rest of an
acceptance's work (its other statements, the database's time rather than this machine's CPU):
with it, the line for 16 writers shows whether the trail lets writers overlap.

--code DIR runs the same workload against another checkout (e.g. the code before the chain
moved into links: `git archive <commit> | tar -x -C /tmp/before`), for a before/after.
PostgreSQL: EFILING_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/efiling_bench_audit;
the name must contain "bench"), created and dropped by the run. SQLite: a throw-away file.
"""

import argparse
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import time

parser = argparse.ArgumentParser(description="Audited writes with many writers at once.")
parser.add_argument("database", choices=["postgres", "sqlite"], nargs="?", default="postgres")
parser.add_argument("transactions", type=int, nargs="?", default=60, help="per writer")
parser.add_argument("--think", type=float, default=0.0, help="ms of other work after each event")
parser.add_argument("--code", help="another checkout to measure (e.g. the code before links)")
ARGUMENTS = parser.parse_args()
KIND, PER_WRITER, CODE = ARGUMENTS.database, ARGUMENTS.transactions, ARGUMENTS.code
THINK = ARGUMENTS.think / 1000
WRITER_COUNTS = (1, 4, 16)
EVENTS_PER_TRANSACTION = 11
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/efiling_bench_audit"

DATA_DIR = tempfile.mkdtemp(prefix="efiling-bench-")
os.environ["EFILING_DATA_DIR"] = DATA_DIR
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("EFILING_LOG_LEVEL", "WARNING")
if KIND == "sqlite":
    os.environ["EFILING_DATABASE_URL"] = f"sqlite:///{DATA_DIR}/bench.sqlite3"
else:
    os.environ.setdefault("EFILING_DATABASE_URL", DEFAULT_URL)
sys.path.insert(0, os.path.abspath(CODE or os.path.dirname(os.path.dirname(__file__))))

import dj_database_url  # noqa: E402
import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402


def _server(parts):
    return psycopg.connect(
        host=parts["HOST"] or None,
        port=parts["PORT"] or None,
        user=parts["USER"] or None,
        password=parts["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


def postgres_database(create: bool) -> None:
    parts = dj_database_url.parse(os.environ["EFILING_DATABASE_URL"])
    if "bench" not in parts["NAME"]:
        sys.exit(f"Refusing database {parts['NAME']!r}: a benchmark database's name has 'bench'.")
    with _server(parts) as server:
        name = sql.Identifier(parts["NAME"])
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        if create:
            server.execute(sql.SQL("CREATE DATABASE {}").format(name))


if KIND == "postgres":
    postgres_database(create=True)

import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402
from django.db import connections, transaction  # noqa: E402

from efiling.audit import models as audit_models  # noqa: E402
from efiling.audit.models import AuditEvent  # noqa: E402
from efiling.audit.services import audit_chain_verify, audit_record  # noqa: E402
from efiling.core.counters import counter_next  # noqa: E402

LINKS = getattr(audit_models, "AuditLink", None)  # None: the code before links


def accept(writer: int, n: int) -> None:
    with transaction.atomic():
        counter_next(f"bench:court:{writer}")
        for k in range(EVENTS_PER_TRANSACTION):
            audit_record(
                action="bench.accept",
                object_type="bench",
                object_id=f"{writer}-{n}-{k}",
                details={"k": k, "last": k == EVENTS_PER_TRANSACTION - 1},
            )
            counter_next(f"bench:court:{writer}:rows")
            if THINK:
                time.sleep(THINK)


def writer_process(writer, start, results):
    latencies = []
    try:
        connections["default"].ensure_connection()  # connecting is not part of the measure
        start.wait()
        for n in range(PER_WRITER):
            began = time.perf_counter()
            accept(writer, n)
            latencies.append(time.perf_counter() - began)
        results.put(("ok", latencies))
    except Exception as exc:  # reported by the parent
        results.put(("error", repr(exc)))
        start.abort()
    finally:
        connections.close_all()


def phase(writers: int) -> tuple[float, list[float]]:
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(writers + 1), context.Queue()
    connections.close_all()  # children open their own connections
    processes = [
        context.Process(target=writer_process, args=(w, start, results)) for w in range(writers)
    ]
    for process in processes:
        process.start()
    start.wait()
    began = time.perf_counter()
    answers = [results.get() for _ in processes]
    wall = time.perf_counter() - began
    for process in processes:
        process.join()
    errors = [detail for status, detail in answers if status == "error"]
    if errors:
        raise SystemExit(f"A writer failed: {errors[0]}")
    return wall, [x for _, latencies in answers for x in latencies]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}ms"


def window(first_event_id: int) -> str:
    """Recorded-to-linked times of the events of one line (the code with links only)."""
    rows = list(
        LINKS.objects.filter(event_id__gte=first_event_id).values_list(
            "linked_at", "event__occurred_at", "event__details"
        )
    )
    waits = [(linked - occurred).total_seconds() for linked, occurred, _ in rows]
    at_commit = [
        (linked - occurred).total_seconds() for linked, occurred, details in rows if details["last"]
    ]

    def summary(values):
        cuts = statistics.quantiles(values, n=100)
        return f"median={ms(statistics.median(values))} p95={ms(cuts[94])} max={ms(max(values))}"

    return f"window all events {summary(waits)}; at commit {summary(at_commit)}"


def main():
    call_command("migrate", verbosity=0)
    label = "links after commit" if LINKS else "head row locked (before)"
    print(
        f"{KIND}, {label}: {PER_WRITER} transactions of {EVENTS_PER_TRANSACTION} events a "
        f"writer, {THINK * 1000:.0f} ms of other work after each event"
    )
    for writers in WRITER_COUNTS:
        first_event_id = (
            AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        ) + 1
        wall, latencies = phase(writers)
        count = writers * PER_WRITER
        cuts = statistics.quantiles(latencies, n=100)
        line = (
            f"writers={writers:>2} transactions/s={count / wall:>6.1f} "
            f"audited writes/s={count * EVENTS_PER_TRANSACTION / wall:>7.0f} "
            f"latency median={ms(statistics.median(latencies))} p95={ms(cuts[94])}"
        )
        if LINKS:
            line += " | " + window(first_event_id)
        print(line, flush=True)
    if LINKS:
        unchained = AuditEvent.objects.filter(link__isnull=True).count()
        seqs = list(LINKS.objects.order_by("seq").values_list("seq", flat=True))
        gaps = len(seqs) - len(set(range(1, len(seqs) + 1)) & set(seqs))
        report = audit_chain_verify(chain_first=False)
        print(f"unchained={unchained} gaps={gaps} chain intact={report.intact}")
        if unchained or gaps or not report.intact:
            raise SystemExit("The chain is not complete: see above.")
    else:
        print(f"chain intact={audit_chain_verify().intact}")


if __name__ == "__main__":
    try:
        main()
    finally:
        connections.close_all()
        if KIND == "postgres":
            postgres_database(create=False)
        shutil.rmtree(DATA_DIR, ignore_errors=True)
