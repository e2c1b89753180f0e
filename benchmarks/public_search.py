"""Public access at scale on PostgreSQL (issue 13): generate N cases (efiling generate) into a
throw-away database, then measure

- each public search kind (SEARCHES) against a hand-written SQL query for the same question in
  the same run: p50 and p95 latency and the ratio (target: p95 <= 50 ms and <= 1.5x the SQL);
- the court's case list (issue 16's row "court case search": the landing page, words, part of a
  number) for a clerk of the busiest court, against hand-written SQL, the same way;
- the public case page against a bare Django view (HttpResponse) served the same way: requests
  per second and p50/p95 (target: the page at least half the bare view's rate), once with the
  scraping throttle counting every request (its rate raised past the run's) and once with it off;
- the signed-in case pages (issue 16's row: an attorney of record's /cases/<id>/ and a clerk's
  /court/cases/<id>/) against the same bare view (target: at least 0.25 of its rate).
Each page request is followed by a request to the bare view, so that both are measured in turn.

    uv run python benchmarks/public_search.py [CASES] [REQUESTS] [--keep]

CASES defaults to 20,000 (the issue's figure is 1,000,000 cases and 3,000,000 parties; `make
bench` passes BENCH_CASES); REQUESTS (default 300) is per measured line. SEARCHES has a line
per search kind: (name, a callable that reads the search's fields and the SQL's parameters from
the data, the hand-written SQL). The ORM side is what the
search page runs (efiling.docket.public_search.search_page: one statement), the SQL side the same
question by hand; they take turns, and the matches they count must agree. Page requests go
through Django's test client in this process (the same server for page and bare view: the
middleware, URL resolution and template rendering are in the measurement, the network is not).

The database is EFILING_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
efiling_bench_public; its name must contain "bench"), created, migrated, filled and dropped at
the end unless --keep. A database that already exists and holds cases is measured as it is (not
filled, never dropped): generate the 1,000,000 cases once (`uv run python
benchmarks/public_search.py 1000000 --keep`, about 32 minutes here, docs/operations.md) and
measure them as often as needed. A run killed while generating leaves a partly filled database
that later runs measure as it is: drop it by hand.
"""

import os
import shutil
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from benchmarks.rows import bench_arguments

# Read before anything is created.
(CASES, REQUESTS), _flags = bench_arguments(
    [("CASES", 20_000, 1), ("REQUESTS", 300, 2)], flags=("--keep",)
)
KEEP = "--keep" in _flags

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/efiling_bench_public"
os.environ.setdefault("EFILING_DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("EFILING_LOG_LEVEL", "WARNING")

# Importing case_numbers creates the benchmark database (when missing) and a temporary
# EFILING_DATA_DIR, and sets Django up.
from datetime import timedelta  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, RequestFactory, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402

from benchmarks import case_numbers as bench_database  # noqa: E402
from benchmarks.rows import COURT_SEARCH, SIGNED_IN_PAGE, bench_row  # noqa: E402
from efiling.accounts.models import User  # noqa: E402
from efiling.cases.models import Case, CounselOfRecord, Party  # noqa: E402
from efiling.cases.names import search_name, search_words  # noqa: E402
from efiling.cases.public import public_cases  # noqa: E402
from efiling.core import clock  # noqa: E402
from efiling.core.clock import day_bounds  # noqa: E402
from efiling.core.pages import public  # noqa: E402
from efiling.courts.models import CaseType, Court  # noqa: E402
from efiling.docket.access import cases_search  # noqa: E402
from efiling.docket.pages.cases import cases_page_of  # noqa: E402
from efiling.docket.public_search import (  # noqa: E402
    MATCH_LIMIT,
    PER_PAGE,
    PublicSearch,
    TooManyMatches,
    search_page,
)
from efiling.scheduling.models import Hearing  # noqa: E402

ZONE = settings.EFILING_DEFAULT_TIME_ZONE  # the zone of the searches' days


@public
def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), path("", include("config.urls"))]


def orm_page(**fields):
    """The first page of a public search as the search page reads it (one statement:
    efiling.docket.public_search.search_page): (its rows, how many match), or None for more
    than MATCH_LIMIT matches."""
    try:
        return search_page(PublicSearch(**fields), 0, PER_PAGE)
    except TooManyMatches:
        return None


# The same questions by hand, each one statement, as the search reads them: at most
# MATCH_LIMIT + 1 matches (any of them: with more there is no page), counted by a window and
# the first page (PER_PAGE rows, what the page shows) cut from them, over the public cases only
# (efiling.cases.public: numbered, public security level, not expunged, not a confidential or
# protection-order case type). {match} is the search's condition on the case c.
PUBLIC = """c.number IS NOT NULL AND c.security_level = 'public' AND c.expunged_at IS NULL
  AND NOT t.confidential AND NOT t.protection_order"""
CASE_TABLES = "FROM cases_case c JOIN courts_casetype t ON t.id = c.case_type_id"
CASE_PAGE = f"""
SELECT count(*) OVER (), c.number, c.caption, co.name, t.name, c.created_at, c.status {{columns}}
FROM (SELECT c.id {CASE_TABLES} WHERE {PUBLIC} AND {{match}} LIMIT {{bound}}) found
JOIN cases_case c ON c.id = found.id JOIN courts_casetype t ON t.id = c.case_type_id
JOIN courts_court co ON co.id = c.court_id {{joins}}
ORDER BY {{order}} c.created_at DESC, c.id DESC LIMIT {{per_page}}
"""  # noqa: S608 - constant text, its parameters bound


def case_sql(match: str, *, columns: str = "", joins: str = "", order: str = "") -> str:
    return CASE_PAGE.format(
        match=match,
        columns=columns,
        joins=joins,
        order=order,
        bound=MATCH_LIMIT + 1,
        per_page=PER_PAGE,
    )


def starts(column: str, key: str, *, stored: bool = False) -> str:
    """`column`'s search form (computed, or `stored` in the column: Party.name_key) starts
    with the parameter `key` (a search form): the range that the btree index over its search
    key answers (efiling.cases.names.prefix_match)."""
    form = f'{column if stored else f"efiling_search_name({column})"} COLLATE "C"'
    return f"{form} >= %({key})s AND {form} < %({key}_end)s"


def keys(**names: str) -> dict:
    """The parameters of starts(): each name's search form and the end of its range."""
    out = {}
    for key, name in names.items():
        form = search_name(name)
        out[key], out[f"{key}_end"] = form, form[:-1] + chr(ord(form[-1]) + 1)
    return out


PARTY = "c.id IN (SELECT p.case_id FROM cases_party p WHERE {})"
NAME_SQL = case_sql(PARTY.format(starts("p.name_key", "last", stored=True)))
PERSON_SQL = case_sql(
    PARTY.format(
        f"{starts('p.name_key', 'last', stored=True)}"
        f" AND {starts('p.first_name_key', 'first', stored=True)} AND p.birth_year = %(year)s"
    )
)
NUMBER_SQL = case_sql("c.number = %(number)s")
FILED_SQL = case_sql(
    "c.created_at >= %(start)s AND c.created_at < %(end)s AND c.case_type_id = %(case_type)s"
)
COUNSEL = """EXISTS (SELECT 1 FROM cases_counselofrecord r JOIN accounts_user u ON u.id = r.user_id
  WHERE r.case_id = c.id AND r.withdrawn_at IS NULL AND {})"""
BAR_SQL = case_sql(
    COUNSEL.format(
        "u.bar_member_id = (SELECT id FROM accounts_barmember WHERE bar_number = %(bar)s)"
    )
)
ATTORNEY_SQL = case_sql(
    COUNSEL.format(f"{starts('u.last_name', 'last')} AND {starts('u.first_name', 'first')}")
)
HEARING = f"""SELECT h.starts_at, r.name FROM scheduling_hearing h
  JOIN scheduling_courtroom r ON r.id = h.courtroom_id JOIN accounts_user j ON j.id = h.judge_id
  WHERE h.case_id = c.id AND h.status IN ('scheduled', 'held')
  AND h.starts_at >= %(start)s AND h.starts_at < %(end)s AND {starts("j.last_name", "judge")}"""  # noqa: S608
HEARINGS_SQL = case_sql(
    f"c.court_id = %(court)s AND EXISTS ({HEARING})",
    columns=", h.starts_at, h.name",
    joins=f"JOIN LATERAL ({HEARING} ORDER BY h.starts_at, h.id LIMIT 1) h ON true",
)
JUDGMENT = """FROM docket_judgmentline l JOIN docket_courtorder o ON o.id = l.order_id
  JOIN docket_docketentry e ON e.id = o.docket_entry_id
  JOIN cases_case c ON c.id = o.case_id JOIN courts_casetype t ON t.id = c.case_type_id"""
JUDGMENT_MATCH = f"""o.kind = 'judgment' AND e.security_level = 'public' AND {PUBLIC}
  AND (l.in_favor_of_words LIKE %(word)s OR l.against_words LIKE %(word)s)"""
JUDGMENTS_SQL = f"""
SELECT count(*) OVER (), l.amount_cents, l.in_favor_of, l.against, o.issued_at, c.number,
  c.caption, co.name
FROM (SELECT l.id {JUDGMENT} WHERE {JUDGMENT_MATCH} LIMIT {MATCH_LIMIT + 1}) found
JOIN docket_judgmentline l ON l.id = found.id JOIN docket_courtorder o ON o.id = l.order_id
JOIN cases_case c ON c.id = o.case_id JOIN courts_court co ON co.id = c.court_id
ORDER BY o.issued_at DESC, o.id, l.id LIMIT {PER_PAGE}
"""  # noqa: S608 - constant text, its parameters bound


def _most_common_surname() -> str:
    return (
        Party.objects.filter(kind="person")
        .values("last_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "last_name")
        .values_list("last_name", flat=True)
        .first()
    )


def _name():
    last = _most_common_surname()
    return {"kind": "name", "last_name": last}, keys(last=last)


def _person():
    """A person of the most common surname, by first name and year of birth."""
    last = _most_common_surname()
    party = (
        public_cases()
        .filter(parties__last_name=last, parties__birth_year__isnull=False)
        .values("parties__first_name", "parties__birth_year")
        .order_by("-created_at")
        .first()
    )
    first, year = party["parties__first_name"], party["parties__birth_year"]
    fields = {"kind": "name", "last_name": last, "first_name": first, "birth_year": year}
    return fields, {**keys(last=last, first=first), "year": year}


def _number():
    number = public_cases().order_by("-created_at").values_list("number", flat=True).first()
    return {"kind": "number", "number": number}, {"number": number}


def _filed():
    """The last 30 days of one case type (CC)."""
    case_type = CaseType.objects.get(code="CC")
    last = clock.local_date(Case.objects.latest("created_at").created_at, ZONE)
    first = last - timedelta(days=29)
    start, end = day_bounds(first, ZONE)[0], day_bounds(last, ZONE)[1]
    fields = {"kind": "filed", "filed_from": first, "filed_to": last, "case_type": case_type}
    return fields, {"start": start, "end": end, "case_type": case_type.pk}


def _busy_attorney() -> User:
    """The attorney of record in the most cases, of those in at most MATCH_LIMIT."""
    busiest = (
        CounselOfRecord.objects.values("user")
        .annotate(n=Count("pk"))
        .filter(n__lte=MATCH_LIMIT)
        .order_by("-n", "user")
        .values_list("user", flat=True)
        .first()
    )
    return User.objects.select_related("bar_member").get(pk=busiest)


def _bar_number():
    bar = _busy_attorney().bar_member.bar_number
    return {"kind": "attorney", "bar_number": bar}, {"bar": bar}


def _attorney():
    user = _busy_attorney()
    fields = {
        "kind": "attorney",
        "attorney_last_name": user.last_name,
        "attorney_first_name": user.first_name,
    }
    return fields, keys(last=user.last_name, first=user.first_name)


def _hearings():
    """The day, court and judge of the next scheduled hearing."""
    hearing = (
        Hearing.objects.filter(status="scheduled", starts_at__gte=clock.now())
        .select_related("courtroom__court", "judge")
        .earliest("starts_at")
    )
    court = hearing.courtroom.court
    day = clock.local_date(hearing.starts_at, ZONE)
    start, end = day_bounds(day, ZONE)
    judge = hearing.judge.last_name
    fields = {"kind": "hearings", "hearing_date": day, "court": court, "judge": judge}
    return fields, {"start": start, "end": end, "court": court.pk, **keys(judge=judge)}


def _judgments():
    last = _most_common_surname()
    return {"kind": "judgments", "last_name": last}, {"word": f"%{search_words(last)}%"}


# (name, the search's fields (PublicSearch) and the hand-written SQL's parameters (a callable
# reading them from the data), the hand-written SQL): one line per search kind.
SEARCHES = [
    ("name (most common surname)", _name, NAME_SQL),
    ("name (surname, first name, year of birth)", _person, PERSON_SQL),
    ("case number", _number, NUMBER_SQL),
    ("filing date (30 days) and case type", _filed, FILED_SQL),
    ("attorney bar number", _bar_number, BAR_SQL),
    ("attorney name", _attorney, ATTORNEY_SQL),
    ("hearings (day, court, judge)", _hearings, HEARINGS_SQL),
    ("judgments index (most common surname)", _judgments, JUDGMENTS_SQL),
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


def compare(title: str, orm, by_sql, *, orm_label: str) -> tuple[float, float]:
    """`orm` and `by_sql` (callables), REQUESTS times each, taking turns (so that a busy
    machine slows both alike): their p50, p95 and the ratio of the p95s; returns the ORM's p95
    (ms) and that ratio."""
    orm_times, sql_times = [], []
    for _ in range(REQUESTS):
        for action, times in ((orm, orm_times), (by_sql, sql_times)):
            t = time.perf_counter()
            action()
            times.append((time.perf_counter() - t) * 1000)
    print(title)
    p95 = line(f"  ORM ({orm_label})", sum(orm_times) / 1000, orm_times)
    sql_p95 = line("  hand-written SQL", sum(sql_times) / 1000, sql_times)
    print(f"{'':<44} ratio ORM/SQL p95 = {p95 / sql_p95:.2f}x")
    return p95, p95 / sql_p95


def searches() -> None:
    """Each search by the ORM and by hand; the matches each found, which must agree."""
    with connection.cursor() as cursor:
        for name, arguments, query in SEARCHES:
            fields, parameters = arguments()

            def by_sql():
                cursor.execute(query, parameters)  # noqa: B023
                return cursor.fetchall()

            found, rows = orm_page(**fields), by_sql()  # warm
            matches = "more than the bound" if found is None else f"{found[1]:,} matches"
            assert (found[1] if found else MATCH_LIMIT + 1) == (rows[0][0] if rows else 0), name
            compare(
                f"search: {name}: {matches}",
                lambda: orm_page(**fields),  # noqa: B023
                by_sql,
                orm_label="the search page's statement",
            )


# The court's own case list (issue 16): a court's numbered cases, newest first, 50 a page,
# with how many there are, of the court a clerk serves; {match} narrows it.
COURT_COUNT = """SELECT count(*) FROM cases_case c WHERE c.court_id = %(court)s
  AND c.number IS NOT NULL {match}"""
COURT_PAGE = """SELECT c.id, c.number, c.caption, c.created_at, c.status, t.code, t.name
FROM cases_case c JOIN courts_casetype t ON t.id = c.case_type_id
WHERE c.court_id = %(court)s AND c.number IS NOT NULL {match}
ORDER BY c.created_at DESC, c.id DESC LIMIT 50"""
COURT_WORDS = "AND (upper(c.number) LIKE %(like)s OR upper(c.caption) LIKE %(like)s)"


def court_searches() -> None:
    """The court's case list (efiling.docket.access.cases_search, paged as the page pages it:
    its count and its first page) for a clerk of the court with the most cases, by hand and
    by the ORM: the landing page, words of a caption, part of a number; the table's row."""
    busiest = Case.objects.values("court").annotate(n=Count("pk")).order_by("-n").first()
    court = Court.objects.get(pk=busiest["court"])
    clerk = User.objects.filter(role="clerk", court_assignments__court=court).first()
    request = RequestFactory().get("/")
    kinds = (("landing page", ""), ("a word", "smith"), ("a number's part", "CC0001"))
    figures = {}
    with connection.cursor() as cursor:
        for label, query in kinds:
            match = COURT_WORDS if query else ""
            parameters = {"court": court.pk, "like": f"%{query.upper()}%"}

            def orm():
                cases = cases_search(user=clerk, court=court, query=query)  # noqa: B023
                page = cases_page_of(request, cases, court=court)
                return page.paginator.count, list(page.object_list)

            def by_sql():
                cursor.execute(COURT_COUNT.format(match=match), parameters)  # noqa: B023
                count = cursor.fetchone()[0]
                cursor.execute(COURT_PAGE.format(match=match), parameters)  # noqa: B023
                return count, cursor.fetchall()

            (count, _), (by_hand, _) = orm(), by_sql()
            assert count == by_hand, (label, count, by_hand)
            figures[label] = compare(
                f"court case search, {label} ({busiest['n']:,} cases in {court.code}): "
                f"{count:,} matches",
                orm,
                by_sql,
                orm_label="the court's case list",
            )
    bench_row(
        measure=COURT_SEARCH,
        figure=", ".join(
            f"{label} {p95:.0f} ms ({ratio:.1f}x SQL)" for label, (p95, ratio) in figures.items()
        )
        + f" at {Case.objects.count():,} cases",
        met=all(p95 <= 50 and ratio <= 1.5 for p95, ratio in figures.values()),
    )


def page_vs_bare(label: str, client: Client, paths: list[str]) -> float:
    """Each of `paths` through `client`, each followed by the bare view (taking turns): their
    lines; returns the page's rate as a share of the bare view's."""
    for warm in (paths[0], "/bench/bare/"):
        answer = client.get(warm)
        assert answer.status_code == 200, (warm, answer.status_code)
    times = {"page": [], "bare": []}
    for page in paths:
        for name, path_ in (("page", page), ("bare", "/bench/bare/")):
            t = time.perf_counter()
            answer = client.get(path_)
            times[name].append((time.perf_counter() - t) * 1000)
            assert answer.status_code == 200, (path_, answer.status_code)
    line(label, sum(times["page"]) / 1000, times["page"])
    line("bare Django view", sum(times["bare"]) / 1000, times["bare"])
    share = sum(times["bare"]) / sum(times["page"])
    print(f"{'':<44} page / bare rate = {share:.2f}")
    return share


def case_page() -> None:
    """The public case page against the bare view, first as served (the throttle counting each
    request in its database table, at a rate this run never reaches), then with the throttle's
    prefixes emptied (nothing counted), to show the counting's share; then the signed-in case
    pages of an attorney of record and of a clerk of the court, against the bare view (the
    table's row)."""
    numbers = list(public_cases().order_by("?").values_list("number", flat=True)[:REQUESTS])
    rate = f"{10 * len(numbers) + 100}/m"
    runs = [("", {}), (", throttle off", {"EFILING_THROTTLED_PREFIXES": ()})]
    for label, throttle in runs:
        with override_settings(
            ROOT_URLCONF=__name__, DEBUG=False, EFILING_PUBLIC_RATE=rate, **throttle
        ):
            page_vs_bare(
                f"public case page{label}",
                Client(HTTP_HOST="127.0.0.1"),
                [f"/public/cases/{number}/" for number in numbers],
            )
    attorney = _busy_attorney()
    court = Court.objects.get(
        pk=Case.objects.values("court").annotate(n=Count("pk")).order_by("-n")[0]["court"]
    )
    clerk = User.objects.filter(role="clerk", court_assignments__court=court).first()
    signed_in = [
        (
            "attorney's case page",
            attorney,
            "/cases/{}/",
            Case.objects.filter(counsel__user=attorney, counsel__withdrawn_at__isnull=True),
        ),
        (
            "clerk's court case page",
            clerk,
            "/court/cases/{}/",
            Case.objects.filter(court=court, number__isnull=False),
        ),
    ]
    shares = {}
    for label, user, path_, cases in signed_in:
        pks = list(cases.order_by("?").values_list("pk", flat=True)[:REQUESTS])
        paths = [path_.format(pk) for pk in (pks * (REQUESTS // len(pks) + 1))[:REQUESTS]]
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        with override_settings(ROOT_URLCONF=__name__, DEBUG=False, EFILING_PUBLIC_RATE=rate):
            shares[label] = page_vs_bare(f"{label}, signed in", client, paths)
    bench_row(
        measure=SIGNED_IN_PAGE,
        figure=", ".join(f"{share:.3f} ({label})" for label, share in shares.items()),
        met=min(shares.values()) >= 0.25,
    )


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
    court_searches()
    case_page()


if __name__ == "__main__":
    try:
        main()
    finally:
        connections.close_all()
        if bench_database.CREATED and not KEEP:
            bench_database.database_drop(bench_database.DB_PARTS)
        shutil.rmtree(os.environ["EFILING_DATA_DIR"], ignore_errors=True)
