"""An attorney's and a staff member's home, against how much work they have: the time to answer
/home/ and the number of SQL queries, with 10 and 2,000 cases (each with a hearing and a
deadline in the coming two weeks, and a draft). Every list of a home is bounded, so neither
the queries nor the time should grow with the cases.

A throw-away embedded database (a temporary EFILING_DATA_DIR, SQLite).

    uv run python benchmarks/homes.py [REQUESTS]
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(tempfile.mkdtemp(prefix="efiling-bench-"))
os.environ["EFILING_DATA_DIR"] = str(ROOT / "data")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ.setdefault("EFILING_LOG_LEVEL", "WARNING")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

from benchmarks.rows import embedded_only  # noqa: E402

embedded_only()
django.setup()
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402

from efiling.accounts.models import Role  # noqa: E402
from efiling.cases.models import Case, CounselOfRecord  # noqa: E402
from efiling.core import clock  # noqa: E402
from efiling.courts.fees import filing_codes_load  # noqa: E402
from efiling.courts.models import CaseType, Court  # noqa: E402
from efiling.courts.services import courts_load  # noqa: E402
from efiling.scheduling.models import Courtroom, Deadline, Hearing  # noqa: E402
from tests import factories  # noqa: E402
from tests.filings.helpers import new_case_draft  # noqa: E402

REQUESTS = int(sys.argv[1]) if len(sys.argv) > 1 else 30
SIZES = (10, 2_000)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def attorney_with_cases(court, judge, count: int):
    attorney = factories.user(Role.ATTORNEY)
    room = Courtroom.objects.get_or_create(court=court, name="Division 1")[0]
    case_type = CaseType.objects.get(code="CC")
    now = clock.now()
    cases = Case.objects.bulk_create(
        [
            Case(
                court=court,
                case_type=case_type,
                number=f"26SL-CC{attorney.pk % 100:02d}{n:03d}",
                caption=f"Case {n}",
                created_at=now,
            )
            for n in range(count)
        ]
    )
    CounselOfRecord.objects.bulk_create(
        [CounselOfRecord(case=case, user=attorney, since=now) for case in cases]
    )
    starts = now + timedelta(days=3)
    Hearing.objects.bulk_create(
        [
            Hearing(
                case=case,
                courtroom=room,
                judge=judge,
                starts_at=starts + timedelta(minutes=n),
                ends_at=starts + timedelta(minutes=n + 30),
                created_by=judge,
                created_at=now,
            )
            for n, case in enumerate(cases)
        ]
    )
    today = clock.today("America/Chicago")
    Deadline.objects.bulk_create(
        [
            Deadline(
                case=case,
                title="Answer",
                due_date=today + timedelta(days=5),
                source="b",
                created_at=now,
            )
            for case in cases
        ]
    )
    for _ in range(min(count, 20)):
        new_case_draft(court, attorney)
    return attorney


def measure(user) -> tuple[list[float], int]:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):  # Django empties connection.queries per request
        response = client.get("/home/")
        assert response.status_code == 200, (response.status_code, response.content[:300])
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get("/home/")
        times.append((time.perf_counter() - start) * 1000)
    return times, len(queries)


def main():
    try:
        call_command("migrate", verbosity=0)
        courts_load()
        filing_codes_load()
        court = Court.objects.get(code="SL")
        judge = factories.court_staff(Role.JUDGE, court)
        results = {}
        for size in SIZES:
            attorney = attorney_with_cases(court, judge, size)
            staff = factories.staff_for(attorney)
            for who, user in (("attorney", attorney), ("staff", staff)):
                times, queries = measure(user)
                results[(who, size)] = statistics.median(times)
                print(
                    f"{who:8} {size:>5} cases: median {statistics.median(times):6.1f} ms, "
                    f"p95 {p95(times):6.1f} ms, {queries} queries"
                )
        for who in ("attorney", "staff"):
            ratio = results[(who, SIZES[1])] / results[(who, SIZES[0])]
            print(f"{who}: median at {SIZES[1]} cases / at {SIZES[0]} cases = {ratio:.2f}")
    finally:
        connections.close_all()
        shutil.rmtree(ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
