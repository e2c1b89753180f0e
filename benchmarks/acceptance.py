"""Accepting a filing, against the size of its PDF: the clerk's request (filing_accept: the
decision, the case number, the docket entry, the fee, the notices, in one transaction) and,
apart, the background stamping of the same entries (efiling.docket.tasks), measured in the same
run for a 2-page and a 300-page petition. The request should not grow with the document; the
stamping does, outside any transaction.

A throw-away embedded database (a temporary EFILING_DATA_DIR, SQLite); tasks go to the dummy
backend, so acceptance and stamping are timed one after the other.

    uv run python benchmarks/acceptance.py [ACCEPTANCES]
"""

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
os.environ["EFILING_TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
os.environ.setdefault("EFILING_LOG_LEVEL", "WARNING")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

from benchmarks.rows import embedded_only  # noqa: E402

embedded_only()
django.setup()
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402

from efiling.accounts.models import Role  # noqa: E402
from efiling.courts.fees import filing_codes_load  # noqa: E402
from efiling.courts.models import Court  # noqa: E402
from efiling.courts.services import courts_load  # noqa: E402
from efiling.docket.services import filing_accept  # noqa: E402
from efiling.docket.tasks import STAMPED, docket_entry_stamp  # noqa: E402
from efiling.filings.services import envelope_submit  # noqa: E402
from efiling.payments.services import deposit, payment_account_for  # noqa: E402
from tests import factories  # noqa: E402
from tests.documents import builders  # noqa: E402
from tests.filings.helpers import new_case_draft, with_lead_document  # noqa: E402

ACCEPTANCES = int(sys.argv[1]) if len(sys.argv) > 1 else 20
SIZES = (2, 300)  # pages


def p95(values: list[float]) -> float:
    return (
        statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]
    )


def submitted_filings(court, attorney, pages: int) -> list:
    source = builders.text_pdf(ROOT / f"petition-{pages}.pdf", pages=pages, text="PETITION")
    filings = []
    for n in range(ACCEPTANCES):
        envelope = with_lead_document(new_case_draft(court, attorney), attorney, lambda: source)
        envelope = envelope_submit(
            envelope=envelope,
            user=attorney,
            idempotency_key=f"bench-{pages}-{n}",
            signature="/s/ Avery Lawson",
        )
        filings.append(envelope.filings.get())
    return filings


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main():
    try:
        call_command("migrate", verbosity=0)
        courts_load()
        filing_codes_load()
        court = Court.objects.get(code="SL")
        attorney = factories.user(Role.ATTORNEY, first_name="Avery", last_name="Lawson")
        deposit(account=payment_account_for(attorney), amount_cents=10**9, reference="bench")
        clerk = factories.court_staff(Role.CLERK, court)
        for pages in SIZES:
            filings = submitted_filings(court, attorney, pages)
            accepts, entries = [], []
            for filing in filings:
                seconds, entry = timed(lambda f=filing: filing_accept(clerk=clerk, filing=f))
                accepts.append(seconds)
                entries.append(entry)
            stamps = []
            for entry in entries:
                seconds, outcome = timed(lambda e=entry: docket_entry_stamp(entry_id=e.pk))
                assert outcome == STAMPED, outcome
                stamps.append(seconds)
            print(
                f"{pages:>3}-page petition: accept p50={statistics.median(accepts) * 1000:.1f}ms "
                f"p95={p95(accepts) * 1000:.1f}ms ({len(accepts) / sum(accepts):.0f}/s in a row); "
                f"stamping apart p50={statistics.median(stamps) * 1000:.1f}ms "
                f"p95={p95(stamps) * 1000:.1f}ms  n={ACCEPTANCES}"
            )
        print("database: sqlite (embedded); one clerk, sequential")
    finally:
        connections.close_all()
        shutil.rmtree(ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
