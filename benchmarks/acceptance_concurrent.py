"""Acceptances per second on PostgreSQL with 16 clerks at once (issue 16): each clerk a process
with its own connection, accepting submitted petitions through
efiling.docket.services.filing_accept (the decision, the case and its number, the docket entry,
the fee, the notices, in one transaction), then, apart, the stamping of the entries they made
(efiling.docket.tasks.docket_entry_stamp, from the decision recorded to the stamped copy
stored) by 16 processes in the same way.

Lines, each 16 clerks x CLERK_FILINGS petitions, taking turns in each round:
- 16 clerks in 16 courts, the petitions of 16 different attorneys (the table's row);
- 16 clerks in 16 courts, the petitions of one attorney;
- 16 clerks in one court, the petitions of 16 different attorneys (for comparison: the row's
  target asks the rate to grow with the courts).

    uv run python benchmarks/acceptance_concurrent.py [CLERK_FILINGS] [ROUNDS] [--keep]

CLERK_FILINGS defaults to 10 and ROUNDS to 2. The petitions (2 pages each) are submitted before
each line, not timed. The database is EFILING_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/efiling_bench_accept; its name must contain "bench"), created,
migrated and dropped at the end unless --keep (benchmarks/case_numbers.py's set-up, whose
clerk processes this reuses); tasks go to the dummy backend, so the stamping runs only when
measured.
"""

import os
import shutil
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from benchmarks.rows import ACCEPTANCES, bench_arguments, bench_row

# Read before anything is created.
(CLERK_FILINGS, ROUNDS), _flags = bench_arguments(
    [("CLERK_FILINGS", 10, 1), ("ROUNDS", 2, 1)], flags=("--keep",)
)
KEEP = "--keep" in _flags
CLERKS = 16

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/efiling_bench_accept"
os.environ.setdefault("EFILING_DATABASE_URL", DEFAULT_URL)
os.environ["EFILING_TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"

# Importing case_numbers creates the benchmark database (when missing) and a temporary
# EFILING_DATA_DIR, and sets Django up.
from pathlib import Path  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402

from benchmarks import case_numbers as bench_database  # noqa: E402
from efiling.accounts.models import Role, User  # noqa: E402
from efiling.core import clock  # noqa: E402
from efiling.courts.fees import filing_codes_load  # noqa: E402
from efiling.courts.models import CaseType, Court  # noqa: E402
from efiling.courts.services import courts_load  # noqa: E402
from efiling.docket.models import DocketEntry  # noqa: E402
from efiling.docket.services import filing_accept  # noqa: E402
from efiling.docket.tasks import STAMPED, docket_entry_stamp  # noqa: E402
from efiling.documents.stamp import stamp_pdf  # noqa: E402
from efiling.filings.documents import checker_pool  # noqa: E402
from efiling.filings.models import Filing  # noqa: E402
from efiling.filings.services import envelope_submit  # noqa: E402
from efiling.payments.services import deposit, payment_account_for  # noqa: E402
from tests import factories  # noqa: E402
from tests.documents import builders  # noqa: E402
from tests.filings.helpers import new_case_draft, with_lead_document  # noqa: E402

PETITION = Path(os.environ["EFILING_DATA_DIR"]) / "petition.pdf"


def petition(court, attorney, key: str) -> int:
    """A petition of `attorney` in `court`, submitted (the 2-page PDF as its lead document)."""
    envelope = with_lead_document(new_case_draft(court, attorney), attorney, lambda: PETITION)
    envelope = envelope_submit(
        envelope=envelope, user=attorney, idempotency_key=key, signature="/s/ Avery Lawson"
    )
    return envelope.filings.get().pk


def petitions(courts: list, attorneys: list, key: str) -> list[list[int]]:
    """CLERK_FILINGS submitted petitions for each clerk n: filed in courts[n] by attorneys[n]."""
    return [
        [petition(courts[n], attorneys[n], f"{key}-{n}-{i}") for i in range(CLERK_FILINGS)]
        for n in range(CLERKS)
    ]


def accept(item: tuple[int, int]) -> None:
    """One clerk's decision, as the review page makes it: the clerk, the filing, the accept."""
    clerk_pk, filing_pk = item
    clerk = User.objects.get(pk=clerk_pk)
    filing = Filing.objects.select_related("envelope__court").get(pk=filing_pk)
    filing_accept(clerk=clerk, filing=filing)


def stamp(entry_pk: int) -> None:
    outcome = docket_entry_stamp(entry_id=entry_pk)
    if outcome != STAMPED:
        raise RuntimeError(f"docket entry {entry_pk}: {outcome}")


def stamping_warm() -> None:
    """A stamping process's start, untimed: its checker processes started and one stamp made."""
    checker_pool().run(
        stamp_pdf,
        src=str(PETITION),
        dst=str(PETITION.with_name(f"warm-{os.getpid()}.pdf")),
        court_name="St. Louis County Circuit Court",
        filed_at_local=clock.now(),
        case_number="26SL-CC00001",
        docket_number=1,
    )


def main():
    call_command("migrate", verbosity=0)
    courts_load()
    filing_codes_load()
    builders.text_pdf(PETITION, pages=2, text="PETITION")
    case_type = CaseType.objects.get(code="CC")
    many_courts = list(Court.objects.filter(case_types=case_type).order_by("code")[:CLERKS])
    one_court = [Court.objects.get(code="SL")] * CLERKS
    attorneys = [factories.user(Role.ATTORNEY) for _ in range(CLERKS)]
    for attorney in attorneys:
        deposit(account=payment_account_for(attorney), amount_cents=10**9, reference="bench")
    one_attorney = [attorneys[0]] * CLERKS
    clerks = {
        "many": [factories.court_staff(Role.CLERK, court) for court in many_courts],
        "one": [factories.court_staff(Role.CLERK, one_court[0]) for _ in range(CLERKS)],
    }
    lines = [  # (label, courts, attorneys, clerks)
        ("16 courts, 16 attorneys", many_courts, attorneys, clerks["many"]),
        ("16 courts, 1 attorney", many_courts, one_attorney, clerks["many"]),
        ("1 court, 16 attorneys", one_court, attorneys, clerks["one"]),
    ]
    # Once in this process before the clerks fork: imports, templates, first queries.
    warm_up = petition(many_courts[0], attorneys[0], "bench-warm-up")
    accept((clerks["many"][0].pk, warm_up))
    stamp(DocketEntry.objects.get(filing_id=warm_up).pk)
    results = {label: ([], [], [], []) for label, *_ in lines}  # walls, latencies, stamping
    for round_no in range(ROUNDS):
        for label, courts, filers, staff in lines:
            filings = petitions(courts, filers, f"bench-{label}-{round_no}")
            work = [[(staff[n].pk, pk) for pk in batch] for n, batch in enumerate(filings)]
            wall, latencies = bench_database.phase(accept, work)
            results[label][0].append(wall)
            results[label][1].extend(latencies)
            entries = [
                list(DocketEntry.objects.filter(filing_id__in=batch).values_list("pk", flat=True))
                for batch in filings
            ]
            assert sum(map(len, entries)) == CLERKS * CLERK_FILINGS, "not every filing accepted"
            wall, latencies = bench_database.phase(stamp, entries, warm=stamping_warm)
            results[label][2].append(wall)
            results[label][3].extend(latencies)
    count = CLERKS * CLERK_FILINGS
    print(
        f"PostgreSQL {connection.pg_version // 10000}, {CLERKS} clerk processes x "
        f"{CLERK_FILINGS} petitions (2 pages) per round, {ROUNDS} rounds, {os.cpu_count()} CPUs; "
        "per/s from the median round"
    )
    rates = {}
    for label, (walls, latencies, stamp_walls, stamp_latencies) in results.items():
        rates[label] = bench_database.report(f"accept, {label}", count, walls, latencies)
        bench_database.report("  stamping apart, 16 processes", count, stamp_walls, stamp_latencies)
    row, one = rates["16 courts, 16 attorneys"], rates["1 court, 16 attorneys"]
    stamping = statistics.median(results["16 courts, 16 attorneys"][3]) * 1000
    bench_row(
        measure=ACCEPTANCES,
        figure=f"{row:,.0f}/s (one attorney {rates['16 courts, 1 attorney']:,.0f}/s, "
        f"one court {one:,.0f}/s); stamping apart {stamping:,.0f} ms each (median)",
        met=row >= 200 and row > one,
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        connections.close_all()
        if bench_database.CREATED and not KEEP:
            bench_database.database_drop(bench_database.DB_PARTS)
        elif KEEP:
            print(f"kept database {bench_database.DB_PARTS['NAME']}")
        shutil.rmtree(os.environ["EFILING_DATA_DIR"], ignore_errors=True)
