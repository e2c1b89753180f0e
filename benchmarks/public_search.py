"""Public access at scale on PostgreSQL (issue 13): generate N cases (efiling generate) into a
throw-away database, then measure

- each public search kind (SEARCHES) against a hand-written SQL query for the same question in
  the same run: p50 and p95 latency and the ratio (target: p95 <= 50 ms and <= 1.5x the SQL);
- the public case page against a bare Django view (HttpResponse) served the same way: requests
  per second and p50/p95 (target: the page at least half the bare view's rate), once with the
  scraping throttle counting every request (its rate raised past the run's) and once with it off.

    uv run python benchmarks/public_search.py [CASES] [REQUESTS] [--keep]

CASES defaults to 20,000 (the issue's figure is 1,000,000); REQUESTS (default 300) is per
measured line. SEARCHES is the list the public search adds its kinds to: (name, ORM callable,
SQL text, SQL parameters), each callable taking no argument and returning the rows. Requests go
through Django's test client in this process (the same server for page and bare view: the
middleware, URL resolution and template rendering are in the measurement, the network is not).

The database is EFILING_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
efiling_bench_public; its name must contain "bench"), created, migrated, filled and dropped at
the end unless --keep. A database that already exists and holds cases is measured as it is (not
filled, never dropped): generate the 1,000,000 cases once (`efiling generate --cases 1000000`,
about 20 minutes here) and measure them as often as needed.
"""

import os
import shutil
import statistics
import sys
import tempfile
import time

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/efiling_bench_public"
os.environ["EFILING_DATA_DIR"] = tempfile.mkdtemp(prefix="efiling-bench-")
os.environ.setdefault("EFILING_DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("EFILING_LOG_LEVEL", "WARNING")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Importing case_numbers creates the benchmark database (when missing) and sets Django up.
from benchmarks import case_numbers as bench_database  # noqa: E402

ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
KEEP = "--keep" in sys.argv[1:]
CASES = int(ARGS[0]) if ARGS else 20_000
REQUESTS = int(ARGS[1]) if len(ARGS) > 1 else 300

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402

from efiling.cases.models import Case, Party  # noqa: E402
from efiling.cases.public import public_cases  # noqa: E402
from efiling.core.pages import public  # noqa: E402
from efiling.docket.public_search import (  # noqa: E402
    PublicSearch,
    bounded,
    public_case_search,
    public_judgment_search,
)


@public
def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), path("", include("config.urls"))]


def _common_surname() -> str:
    return Party.objects.filter(kind="person").values_list("last_name", flat=True).first()


def name_search_orm(last_name: str):
    """The public search's first page of a litigant-name search (newest first), as the page runs
    it: efiling.docket.public_search, the bound checked first."""
    rows = public_case_search(PublicSearch(kind="name", last_name=last_name))
    bounded(rows)
    return list(rows.values_list("number", flat=True)[:25])


def number_search_orm(number: str):
    return list(
        public_case_search(PublicSearch(kind="number", number=number)).values_list(
            "number", flat=True
        )
    )


def judgments_search_orm(name: str):
    rows = public_judgment_search(PublicSearch(kind="judgments", last_name=name))
    bounded(rows)
    return list(rows.values_list("amount_cents", flat=True)[:25])


def _public_number() -> str:
    return public_cases().order_by("-created_at").values_list("number", flat=True).first()


# The same questions by hand: a bounded count (LIMIT 1001) and the first page.
NAME_SQL = """
WITH m AS (
  SELECT c.number, c.created_at, c.id FROM cases_case c
  JOIN courts_casetype t ON t.id = c.case_type_id
  WHERE c.number IS NOT NULL AND c.security_level = 'public' AND c.expunged_at IS NULL
  AND NOT t.confidential AND NOT t.protection_order AND EXISTS (
    SELECT 1 FROM cases_party p WHERE p.case_id = c.id
      AND (efiling_search_name(p.last_name) LIKE efiling_search_name(%s) || '%%'
        OR efiling_search_name(p.organization_name) LIKE efiling_search_name(%s) || '%%'))
)
SELECT (SELECT count(*) FROM (SELECT 1 FROM m LIMIT 1001) x), number FROM m
ORDER BY created_at DESC, id DESC LIMIT 25
"""

NUMBER_SQL = """
SELECT c.number FROM cases_case c JOIN courts_casetype t ON t.id = c.case_type_id
WHERE c.number IS NOT NULL AND c.security_level = 'public' AND c.expunged_at IS NULL
  AND NOT t.confidential AND NOT t.protection_order AND c.number = %s
"""

JUDGMENTS_SQL = """
WITH m AS (
  SELECT l.amount_cents, o.issued_at, l.id FROM docket_judgmentline l
  JOIN docket_courtorder o ON o.id = l.order_id
  JOIN docket_docketentry e ON e.id = o.docket_entry_id
  JOIN cases_case c ON c.id = o.case_id JOIN courts_casetype t ON t.id = c.case_type_id
  WHERE o.kind = 'judgment' AND e.security_level = 'public' AND c.number IS NOT NULL
  AND c.security_level = 'public' AND c.expunged_at IS NULL
  AND NOT t.confidential AND NOT t.protection_order
    AND (efiling_search_name(l.in_favor_of) LIKE '%%' || efiling_search_name(%s) || '%%'
      OR efiling_search_name(l.against) LIKE '%%' || efiling_search_name(%s) || '%%')
)
SELECT (SELECT count(*) FROM (SELECT 1 FROM m LIMIT 1001) x), amount_cents FROM m
ORDER BY issued_at DESC, id DESC LIMIT 25
"""

# (name, ORM callable of one argument, hand-written SQL (its %s each given the argument), the
# argument): one line per search kind.
SEARCHES = [
    ("party name (surname)", name_search_orm, NAME_SQL, _common_surname),
    ("case number", number_search_orm, NUMBER_SQL, _public_number),
    ("judgments index (surname)", judgments_search_orm, JUDGMENTS_SQL, _common_surname),
]


def timed(action, count: int) -> tuple[float, list[float]]:
    """Run `action` `count` times: (wall seconds, latencies in ms)."""
    latencies = []
    started = time.perf_counter()
    for _ in range(count):
        t = time.perf_counter()
        action()
        latencies.append((time.perf_counter() - t) * 1000)
    return time.perf_counter() - started, latencies


def line(name: str, wall: float, latencies: list[float]) -> float:
    p50 = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20)[-1]
    rate = len(latencies) / wall
    print(f"{name:<44} p50 {p50:7.2f} ms  p95 {p95:7.2f} ms  {rate:8.0f}/s")
    return p95


def searches() -> None:
    for name, orm, query, argument in SEARCHES:
        value = argument()
        orm(value)  # warm
        p95 = line(f"search: {name} (ORM)", *timed(lambda: orm(value), REQUESTS))  # noqa: B023
        with connection.cursor() as cursor:

            def by_sql():
                cursor.execute(query, [value] * query.count("%s"))  # noqa: B023
                return cursor.fetchall()

            sql_p95 = line(f"search: {name} (SQL)", *timed(by_sql, REQUESTS))
        print(f"{'':<44} ratio ORM/SQL p95 = {p95 / sql_p95:.2f}x")


def case_page() -> None:
    """The public case page against the bare view, first as served (the throttle counting each
    request in its database table, at a rate this run never reaches), then with the throttle's
    prefixes emptied (nothing counted), to show the counting's share."""
    numbers = list(public_cases().order_by("?").values_list("number", flat=True)[:REQUESTS])
    client = Client(HTTP_HOST="127.0.0.1")
    rate = f"{10 * len(numbers) + 100}/m"
    runs = [("", {}), (", throttle off", {"EFILING_THROTTLED_PREFIXES": ()})]
    for label, throttle in runs:
        with override_settings(
            ROOT_URLCONF=__name__, DEBUG=False, EFILING_PUBLIC_RATE=rate, **throttle
        ):
            turn = iter(numbers * 2)

            def page():
                answer = client.get(f"/public/cases/{next(turn)}/")  # noqa: B023
                assert answer.status_code == 200, answer.status_code

            page()  # warm
            wall, latencies = timed(page, len(numbers))
            rate_page = len(numbers) / wall
            line(f"public case page{label}", wall, latencies)
            assert client.get("/bench/bare/").status_code == 200
            wall, latencies = timed(lambda: client.get("/bench/bare/"), len(numbers))
            line("bare Django view", wall, latencies)
            print(f"{'':<44} page / bare rate = {rate_page / (len(numbers) / wall):.2f}")


def main():
    call_command("migrate", verbosity=0)
    if bench_database.CREATED or not Case.objects.exists():
        call_command("generate", "--cases", str(CASES), "--seed", "13", "--yes")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:  # a kept database (e.g. the 1,000,000 cases of the issue, generated once)
        print(f"Reusing the cases of {connection.settings_dict['NAME']}")
    cases, parties = Case.objects.count(), Party.objects.count()
    print(
        f"PostgreSQL {connection.pg_version // 10000}, {cases:,} cases, {parties:,} parties, "
        f"{os.cpu_count()} CPUs"
    )
    searches()
    case_page()


if __name__ == "__main__":
    try:
        main()
    finally:
        connections.close_all()
        if bench_database.CREATED and not KEEP:
            bench_database.database_drop(bench_database.DB_PARTS)
        shutil.rmtree(os.environ["EFILING_DATA_DIR"], ignore_errors=True)
