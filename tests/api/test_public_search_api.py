"""GetPublicCaseList: the public search without sign-in, with the pages' rules: what it finds,
what it never shows, its bound and its refusals."""

from datetime import datetime, timedelta

import pytest
from django.test import Client

from efiling.cases.models import Party, SecurityLevel
from efiling.core import clock
from efiling.docket import public_search
from tests import factories
from tests.public.test_search import BAR, NUMBER, TWIN, _case, people, public_case  # noqa: F401

URL = "/api/v1/public/cases"


def _get(query: str):
    return Client().get(f"{URL}?{query}")


@pytest.mark.parametrize(
    "query",
    [
        "kind=name&last_name=Lawson&birth_year=1979",
        "kind=number&number=26slcc00007",
        f"kind=attorney&bar_number={BAR}",
        "kind=name&last_name=acme&court=SL",
    ],
)
def test_anyone_finds_the_public_case(public_case, query):  # noqa: F811
    response = _get(query)
    assert response.status_code == 200, response.content
    [item] = response.json()["items"]
    assert item["number"] == NUMBER
    assert item["court"] == "SL" and item["status"] == "open"
    assert set(item) == {
        "number",
        "caption",
        "court",
        "court_name",
        "case_type",
        "case_type_name",
        "filed_at",
        "status",
        "hearing_starts_at",
        "hearing_courtroom",
    }
    assert item["hearing_starts_at"] is None and item["hearing_courtroom"] is None


def test_a_hearings_search_gives_each_case_its_hearing(public_case):  # noqa: F811
    hearing = public_case.hearings.get()
    day = clock.local_date(hearing.starts_at, public_case.court.time_zone)
    [item] = _get(f"kind=hearings&hearing_date={day}").json()["items"]
    assert item["number"] == NUMBER and item["hearing_courtroom"] == "Division 9"
    starts_at = datetime.fromisoformat(item["hearing_starts_at"])  # to the millisecond
    assert starts_at == hearing.starts_at.replace(microsecond=starts_at.microsecond)


FILED = ["26SL-CC00105", "26SL-CC00104", "26SL-CC00103", "26SL-CC00102", "26SL-CC00101"]
# A party named exactly Law (cases 101 and 103) first, newest first; then those starting so.
RELEVANT = ["26SL-CC00103", "26SL-CC00101", "26SL-CC00105", "26SL-CC00104", "26SL-CC00102"]


@pytest.mark.parametrize("sort, expected", [("filed", FILED), ("relevance", RELEVANT)])
def test_paging_through_every_page_in_either_order(court, sort, expected):
    now = clock.now()
    for n in range(1, 6):
        number, filed = f"26SL-CC{n + 100:05d}", now - timedelta(days=10 - n)
        case = factories.case(court, number=number, created_at=filed)
        name = "Law" if n in (1, 3) else "Lawson"
        Party.objects.create(case=case, kind="person", role="plaintiff", last_name=name)
    page, seen = _get(f"kind=name&last_name=law&sort={sort}&limit=2").json(), []
    while True:
        seen += [item["number"] for item in page["items"]]
        if page["next"] is None:
            break
        page = Client().get(page["next"]).json()
    assert seen == expected
    # The page orders them the same way.
    listed = Client().get(f"/public/search/?kind=name&last_name=law&sort={sort}").content.decode()
    assert sorted(expected, key=listed.index) == expected


def test_a_cursor_of_one_order_is_refused_in_the_other(court, people):  # noqa: F811
    for number in (NUMBER, TWIN):
        _case(court, number, created_at=clock.now(), **people)
    filed = _get("kind=name&last_name=lawson&limit=1").json()
    other = _get(f"kind=name&last_name=lawson&limit=1&sort=relevance&cursor={filed['next_cursor']}")
    assert other.status_code == 422 and other.json()["field"] == "cursor"


def test_a_cursor_of_one_name_is_refused_with_another(court):
    """Found by the trial: a cursor of last_name=Garcia sent with last_name=Nguyen answered
    200 with Nguyen's cases from partway through (the cursor is bound to the whole search)."""
    for n, name in enumerate(["Garcia", "Garcia", "Nguyen", "Nguyen"]):
        case = factories.case(court, number=f"26SL-CC{n + 200:05d}")
        Party.objects.create(case=case, kind="person", role="plaintiff", last_name=name)
    cursor = _get("kind=name&last_name=Garcia&limit=1").json()["next_cursor"]
    other = _get(f"kind=name&last_name=Nguyen&limit=1&cursor={cursor}")
    assert other.status_code == 422
    assert other.json()["field"] == "cursor"
    assert "belongs to another search" in other.json()["detail"]
    # The same search goes on: a default sent (sort=filed) is the search left to it.
    same = _get(f"kind=name&last_name=Garcia&limit=1&sort=filed&cursor={cursor}")
    assert same.status_code == 200 and len(same.json()["items"]) == 1


def test_pages_follow_the_cursor(public_case, people, court):  # noqa: F811
    _case(court, TWIN, created_at=clock.now() - timedelta(hours=1), **people)
    first = _get("kind=name&last_name=lawson&limit=1").json()
    assert [i["number"] for i in first["items"]] == [TWIN]
    second = Client().get(first["next"]).json()
    assert [i["number"] for i in second["items"]] == [NUMBER] and second["next"] is None


def test_more_than_the_bound_is_refused(public_case, people, court, monkeypatch):  # noqa: F811
    monkeypatch.setattr(public_search, "MATCH_LIMIT", 1)
    _case(court, TWIN, created_at=clock.now(), **people)
    response = _get("kind=name&last_name=lawson")
    assert response.status_code == 422
    assert "add a first name" in response.json()["detail"]


@pytest.mark.parametrize(
    "query,status",
    [
        ("kind=name&last_name=L", 422),
        ("kind=name&last_name=lawson&birth_year=79", 422),
        ("kind=number&number=nope", 422),
        ("kind=everything", 422),
        ("kind=name&last_name=lawson&court=ZZ", 404),
        ("kind=filed&filed_from=2026-05-02&filed_to=2026-05-01", 422),
        ("kind=filed&filed_from=2026-05-02&case_type=ZZ", 422),
        # A confidential type is refused as the page refuses it, not answered with nothing.
        ("kind=filed&filed_from=2026-05-02&case_type=JU", 422),
        # Relevance orders name searches only.
        ("kind=filed&filed_from=2026-05-02&sort=relevance", 422),
        ("kind=name&last_name=lawson&sort=best", 422),
    ],
)
def test_bad_searches_are_refused_in_words(public_case, query, status):  # noqa: F811
    response = _get(query)
    assert response.status_code == status, response.content
    assert response.json()["detail"]


def test_the_judgments_index_lists_amounts(public_case, people, court):  # noqa: F811
    twin = _case(court, TWIN, created_at=clock.now(), **people)
    twin.security_level = SecurityLevel.SEALED
    twin.save()
    response = Client().get("/api/v1/public/judgments?last_name=lawson&side=for")
    assert response.status_code == 200, response.content
    [line] = response.json()["items"]
    assert line["case"]["number"] == NUMBER and line["amount_cents"] == 125_000
    assert line["in_favor_of"] == "Avery Lawson" and line["against"] == "Acme Widgets, LLC"
    against = Client().get("/api/v1/public/judgments?last_name=lawson&side=against")
    assert against.json()["items"] == []
    assert Client().get("/api/v1/public/judgments?last_name=L").status_code == 422


def test_a_cursor_page_counts_the_whole_search(public_case, people, court, monkeypatch):  # noqa: F811
    _case(court, TWIN, created_at=clock.now() - timedelta(hours=1), **people)
    first = _get("kind=name&last_name=lawson&limit=1").json()
    monkeypatch.setattr(public_search, "MATCH_LIMIT", 1)
    second = Client().get(first["next"])
    assert second.status_code == 422, second.content
