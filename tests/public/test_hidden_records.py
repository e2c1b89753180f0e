"""No public surface reveals a hidden record (issue 13), proved in one walk: every answer of
the public search page (every kind, its pages and the page past the last), the public case
pages, their feeds and their documents' addresses (off a terminal), and the public API
(GetPublicCase; GetPublicCaseList and GetPublicJudgmentList, every page by cursor) is taken
down, a hidden record is added, and the walk is taken again: every answer must be the same
bytes (status, body, Link header), so no result, count, page, order or error answer shows it.

The hidden records: a twin of the public case, filed between the two public cases and hidden
each way of HIDINGS (a confidential case type, a protection order, sealed, confidential,
expunged, not yet numbered); and inside the public case, a sealed or a confidential docket
entry with its document, and a judgment whose entry is sealed. Pages hold one result (the
search page's and the API's), so that two public cases make two pages and a twin between them
would show in any count, page or order."""

from datetime import timedelta
from urllib.parse import parse_qsl, urlencode

import pytest
import time_machine
from django.test import Client

from efiling.cases.models import SecurityLevel
from efiling.core import clock
from efiling.docket.models import DocketEntry
from efiling.docket.services import security_level_set
from efiling.filings.models import Document
from efiling.public import search_views
from tests import factories
from tests.public.test_public_case import HIDINGS, _document
from tests.public.test_search import NUMBER, TWIN, _case, _queries, people, public_case  # noqa: F401

SECOND = "26SL-CC00006"  # the second public case: the newest, so the twin falls between them
# Searches with two results: their pages, and the page past the last (404 naming the last).
PAGED = ["kind=name&last_name=lawson", "kind=name&last_name=law&sort=relevance"]
PAGED += ["kind=judgments&last_name=lawson"]


@pytest.fixture
def walked(settings, monkeypatch, public_case, people, court):  # noqa: F811
    """The public case and a second one, filed a day later, with pages of one result; the walk
    asks more than a visitor may in a minute, so the scraping throttle is set aside."""
    settings.EFILING_PUBLIC_RATE = "10000/m"
    monkeypatch.setattr(search_views, "PER_PAGE", 1)
    _case(court, SECOND, created_at=clock.now() - timedelta(hours=12), **people)
    return public_case


def _api(query: str) -> str:
    """The API operation that asks what the search page's `query` asks, one result a page."""
    fields = dict(parse_qsl(query))
    fields.pop("sort", None)  # the API lists newest first only
    operation = "cases"
    if fields["kind"] == "judgments":
        operation = "judgments"
        del fields["kind"]
    return f"/api/v1/public/{operation}?{urlencode({**fields, 'limit': 1})}"


def _walk(document_ids=()) -> dict[str, tuple]:
    """{path: (status, body, Link header)} of every public answer about the cases, the
    addresses of `document_ids` in each case included (off a terminal)."""
    client, answers = Client(), {}

    def ask(path: str):
        response = client.get(path)
        answers[path] = (response.status_code, response.content, response.get("Link"))
        return response

    for query in dict.fromkeys(_queries() + PAGED):
        ask(f"/public/search/?{query}")
        url = _api(query)
        while url:  # every page, by the cursor each page gives
            response = ask(url)
            url = response.json()["next"] if response.status_code == 200 else None
    for query in PAGED:
        for page in (2, 3):
            ask(f"/public/search/?{query}&page={page}")
    for number in (NUMBER, SECOND, TWIN):
        ask(f"/public/cases/{number}/")
        ask(f"/public/cases/{number}/feed.atom")
        ask(f"/api/v1/public/cases/{number}")
        for document_id in document_ids:
            ask(f"/public/cases/{number}/documents/{document_id}/")
    return answers


def _unchanged_by(hide) -> None:
    """Walk, `hide()`, walk again: the same answers, path by path. The document addresses
    asked for run past the last document, so a hidden one's is among them."""
    last = Document.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    document_ids = range(max(1, last - 2), last + 6)
    before = _walk(document_ids)
    # The walk sees both public cases, one a page, and what is past the last page.
    assert before["/public/search/?kind=name&last_name=lawson&page=2"][0] == 200
    assert before["/public/search/?kind=name&last_name=lawson&page=3"][0] == 404
    assert sum(_api(PAGED[0]) in path for path in before) == 2
    assert before[f"/public/cases/{TWIN}/"][0] == 404
    hide()
    after = _walk(document_ids)
    changed = sorted(
        path for path in before.keys() | after.keys() if before.get(path) != after.get(path)
    )
    assert changed == []


@pytest.mark.parametrize("hide", HIDINGS, ids=lambda f: f.__name__.removeprefix("_hide_"))
def test_a_hidden_twin_changes_no_public_answer(walked, people, court, hide):  # noqa: F811
    def twin_hidden():
        hide(_case(court, TWIN, created_at=clock.now() - timedelta(days=1), **people))

    with time_machine.travel(clock.now(), tick=False):  # API cursors are signed with the time
        _unchanged_by(twin_hidden)


def _entry(case, staff, level: str) -> None:
    now = clock.now()
    entry = DocketEntry.objects.create(
        case=case,
        number=case.docket_entries.count() + 1,
        kind=DocketEntry.Kind.MINUTE,
        text=f"{level} motion of the plaintiff for a protective order.",
        filed_at=now,
        entered_by=staff["clerk"],
        created_at=now,
        security_level=level,
    )
    _document(entry, Document.Kind.LEAD, f"{level} motion", f"{level}.pdf")


def _sealed_entry(case, staff):
    _entry(case, staff, SecurityLevel.SEALED)


def _confidential_entry(case, staff):
    _entry(case, staff, SecurityLevel.CONFIDENTIAL)


def _sealed_judgment(case, staff):
    # Entered, then sealed by the court's order at once, before anyone saw it.
    line = factories.judgment(
        case,
        staff["judge"],
        in_favor_of="Avery Lawson",
        against="Acme Widgets, LLC",
        amount_cents=9_999_900,
        number=case.docket_entries.count() + 1,
    )
    security_level_set(
        clerk=staff["clerk"],
        case=case,
        entry=line.order.docket_entry,
        level=SecurityLevel.SEALED,
        reason="Order sealing the judgment.",
    )


INSIDE = [_sealed_entry, _confidential_entry, _sealed_judgment]


@pytest.mark.parametrize("hide", INSIDE, ids=lambda f: f.__name__.removeprefix("_"))
def test_a_hidden_record_of_a_public_case_changes_no_public_answer(walked, people, hide):  # noqa: F811
    with time_machine.travel(clock.now(), tick=False):
        _unchanged_by(lambda: hide(walked, people))
