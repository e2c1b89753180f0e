"""Deadline calculator cost on a throw-away embedded database: queries and time per count for
the usual cases (a 30-day and a 3-day period, years already generated), and for counts that
must walk past a long closure (the court closed for 8 weeks, then for a year), where closures
are read stretch by stretch until the answer.

    uv run python benchmarks/deadlines.py [REPEATS]
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta

os.environ["EFILING_DATA_DIR"] = tempfile.mkdtemp(prefix="efiling-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django

from benchmarks.rows import embedded_only

embedded_only()
django.setup()
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from efiling.courts.calendar import deadline_compute  # noqa: E402
from efiling.courts.models import Court, Holiday  # noqa: E402
from efiling.courts.services import courts_load  # noqa: E402

REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 200


def measure(label: str, court, start: date, days: int) -> None:
    deadline_compute(court=court, start=start, days=days)  # generates the years once
    with CaptureQueriesContext(connection) as queries:
        due = deadline_compute(court=court, start=start, days=days).due
    timings = []
    for _ in range(REPEATS):
        began = time.perf_counter()
        deadline_compute(court=court, start=start, days=days)
        timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    print(
        f"{label:<44} due {due}  queries {len(queries):>2}  "
        f"p50 {statistics.median(timings):6.2f} ms  p95 {timings[int(0.95 * len(timings))]:6.2f} ms"
    )


def close(court, first: date, count: int) -> None:
    Holiday.objects.bulk_create(
        [Holiday(court=court, date=first + timedelta(days=n), name="Closed") for n in range(count)]
    )


def main():
    call_command("migrate", verbosity=0)
    courts_load()
    court = Court.objects.get(code="SL")
    print(f"{REPEATS} counts each, {connection.vendor}")
    measure("30 days over Juneteenth 2026", court, date(2026, 5, 20), 30)
    measure("3 days over Juneteenth 2026", court, date(2026, 6, 17), 3)
    close(court, date(2027, 3, 1), 56)
    measure("3 days into an 8-week closure", court, date(2027, 2, 26), 3)
    measure("30 days ending in an 8-week closure", court, date(2027, 2, 1), 30)
    close(court, date(2028, 3, 1), 366)
    measure("3 days into a closure of a year", court, date(2028, 2, 29), 3)


if __name__ == "__main__":
    try:
        main()
    finally:
        connections.close_all()
        shutil.rmtree(os.environ["EFILING_DATA_DIR"], ignore_errors=True)
