"""The personal calendar feed: time to answer a calendar program's poll, against how much the
feed holds: an attorney with 10 cases and with 2,000 (each with a hearing and a deadline; the
feed is bounded to 1,000 of each). The baseline is the 10-case feed, measured in the same run.

A throw-away embedded database (the set-up of benchmarks/homes.py, SQLite).

    uv run python benchmarks/calendar_feed.py [REQUESTS]
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import homes
from django.core.management import call_command
from django.db import connections
from django.test import Client

from efiling.accounts.models import Role
from efiling.courts.fees import filing_codes_load
from efiling.courts.models import Court
from efiling.courts.services import courts_load
from efiling.feeds.services import calendar_feed_create
from tests import factories

REQUESTS = int(sys.argv[1]) if len(sys.argv) > 1 else 20
SIZES = (10, 2_000)


def measure(secret: str) -> tuple[list[float], int]:
    client = Client(HTTP_HOST="127.0.0.1")
    path = f"/feeds/calendar/{secret}.ics"
    answer = client.get(path)
    assert answer.status_code == 200, answer.content[:300]
    events = answer.content.count(b"BEGIN:VEVENT")
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    return times, events


def main():
    try:
        call_command("migrate", verbosity=0)
        courts_load()
        filing_codes_load()
        court = Court.objects.get(code="SL")
        judge = factories.court_staff(Role.JUDGE, court)
        medians = {}
        for size in SIZES:
            attorney = homes.attorney_with_cases(court, judge, size)
            times, events = measure(calendar_feed_create(user=attorney))
            medians[size] = statistics.median(times)
            print(
                f"{size:>5} cases, {events} events: median {medians[size]:7.1f} ms, "
                f"p95 {homes.p95(times):7.1f} ms"
            )
        ratio = medians[SIZES[1]] / medians[SIZES[0]]
        print(f"median at {SIZES[1]} cases / at {SIZES[0]} cases = {ratio:.1f}")
    finally:
        connections.close_all()
        homes.shutil.rmtree(homes.ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
