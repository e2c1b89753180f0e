"""Every list page is paged, never cut: with more rows than a page holds (the page size made
small here), each page says "Page x of y", the "Next page" links reach every row exactly once
(keeping the list's search or filters), and a page number that is not a positive whole number
in ASCII digits is refused in words (400), one past the last is 404; none is answered with
another page quietly. (My filings stopped at 200 envelopes, notices at 200, the review queue at
500, the docket entries to mend at 500.)"""

import html
import re

import pytest
from django.utils import timezone

from efiling.accounts.models import ApiToken, Role
from efiling.accounts.tokens import api_token_create
from efiling.docket.models import DocketEntry, StampState
from efiling.filings import services as filing_services
from efiling.filings.documents import document_add
from efiling.filings.models import Envelope
from efiling.service.models import Notice
from tests import factories
from tests.filings.helpers import new_case_draft, received_file

ROWS = 5  # with 2 to a page: 3 pages, the last one short


def _walk(client, url: str, marker: str) -> tuple[list[str], list[str]]:
    """Follow the "Next page" links from `url`; the rows named `marker N` on each page, in
    order, and each page's "Page x of y"."""
    seen, places = [], []
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        seen += dict.fromkeys(re.findall(rf"{marker} (\d+)\b", text))  # once a page
        places += re.findall(r"Page \d+ of \d+", text)
        following = re.search(r'href="([^"]*)" rel="next"', text)
        url = url.split("?")[0] + html.unescape(following.group(1)) if following else None
    return seen, places


def _every_row_once(client, url, marker, *, pages=3):
    seen, places = _walk(client, url, marker)
    assert sorted(seen, key=int) == [str(n) for n in range(1, ROWS + 1)], seen
    assert places == [f"Page {n} of {pages}" for n in range(1, pages + 1)]


@pytest.fixture
def small_pages(monkeypatch):
    from efiling.accounts.views import tokens
    from efiling.docket.pages import cases, mend, review
    from efiling.filings import views as filing_views
    from efiling.service import views as service_views

    for module, name in (
        (filing_views, "FILINGS_PER_PAGE"),
        (service_views, "NOTICES_PER_PAGE"),
        (review, "QUEUE_PER_PAGE"),
        (mend, "ENTRIES_PER_PAGE"),
        (cases, "CASES_PER_PAGE"),
        (tokens, "TOKENS_PER_PAGE"),
    ):
        monkeypatch.setattr(module, name, 2)


@pytest.mark.django_db
def test_my_filings_reach_every_envelope(small_pages, court, attorney, signed_in):
    for n in range(1, ROWS + 1):
        new_case_draft(court, attorney, caption=f"Walk v. Filing {n}")
    assert Envelope.objects.count() == ROWS
    _every_row_once(signed_in, "/filings/", "Walk v. Filing")


@pytest.mark.django_db
def test_notices_reach_every_notice(small_pages, attorney, signed_in):
    for n in range(1, ROWS + 1):
        Notice.objects.create(
            recipient=attorney,
            kind=Notice.Kind.values[0],
            subject=f"Walk notice {n}",
            body="b",
            created_at=timezone.now(),
        )
    _every_row_once(signed_in, "/notices/", "Walk notice")


@pytest.mark.django_db
def test_api_tokens_page_reaches_every_token(small_pages, attorney, signed_in):
    for n in range(1, ROWS + 1):
        api_token_create(user=attorney, name=f"Walk token {n}", scope=ApiToken.Scope.READ)
    _every_row_once(signed_in, "/accounts/tokens/", "Walk token")


@pytest.mark.django_db
def test_the_case_lists_reach_every_case_and_keep_the_search(small_pages, court, attorney):
    clerk = factories.court_staff(Role.CLERK, court)
    for n in range(1, ROWS + 1):
        factories.case(court, counsel=[attorney], number=f"26SL-CC{n:05d}", caption=f"Walk {n}")
    factories.case(court, counsel=[attorney], number="26SL-CC00099", caption="Other 99")
    _every_row_once(factories.client_for(clerk), "/court/SL/cases/?q=Walk", "Walk")
    _every_row_once(factories.client_for(attorney), "/cases/?q=Walk", "Walk")


@pytest.mark.django_db
def test_the_docket_entries_to_mend_are_all_reachable(small_pages, court):
    clerk = factories.court_staff(Role.CLERK, court)
    case = factories.case(court)
    for n in range(1, ROWS + 1):
        DocketEntry.objects.create(
            case=case,
            number=n,
            kind=DocketEntry.Kind.values[0],
            text=f"Mend {n}",
            filed_at=timezone.now(),
            entered_by=clerk,
            created_at=timezone.now(),
            stamp_state=StampState.FAILED,
        )
    _every_row_once(factories.client_for(clerk), "/court/SL/mend/", "Mend")


@pytest.mark.django_db
def test_the_review_queue_reaches_every_filing_and_keeps_its_filter(
    small_pages, court, attorney, pdf
):
    clerk = factories.court_staff(Role.CLERK, court)
    for n in range(1, ROWS + 1):
        envelope = new_case_draft(court, attorney, caption=f"Queue {n}")
        document_add(
            envelope=envelope,
            user=attorney,
            filing=envelope.filings.get(),
            kind="lead",
            title="Petition",
            received=received_file(pdf(f"petition-{n}.pdf", pages=1)),
        )
        filing_services.envelope_submit(
            envelope=envelope, user=attorney, idempotency_key=f"k{n}", signature="/s/ Avery Lawson"
        )
    client = factories.client_for(clerk)
    _every_row_once(client, "/court/SL/review/?case_type=CC", "Queue")


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["abc", "\u0663", "\uff12", "2.0", "0", "-1", "+2", " 2"])
def test_a_page_number_that_is_not_one_is_refused_in_words(signed_in, number):
    response = signed_in.get("/filings/", {"page": number})
    assert response.status_code == 400, number
    assert b"page number must be a whole number" in response.content


@pytest.mark.django_db
def test_a_page_past_the_last_is_not_found_and_says_how_many_there_are(signed_in):
    response = signed_in.get("/notices/", {"page": "7"})
    assert response.status_code == 404
    said = b"There is no page 7 of this list: it has 1 page; the last is page 1."
    assert said in response.content
    assert signed_in.get("/notices/", {"page": "1"}).status_code == 200


# What people and programs put in ?page= besides a page that exists.
PAST_ANY_LAST = {"20 digits": "9" * 20, "4,000 digits": "9" * 4000, "one past": "2"}
NOT_A_PAGE = {"negative": "-1", "zero": "0", "not a number": "abc", "a fraction": "1.5"}
# The parameters the walk can fill: a court's code and a payment account's owner.
FILLABLE = {"code", "owner_id"}


def _get_routes():
    """(name, parameter names) of every named page route of the URL conf (the API and Django's
    admin aside)."""
    from django.urls import URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace:  # Django's admin: its own lists, paged by ?p=
                    continue
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif pattern.name and not prefix.startswith("api/"):
                yield pattern.name, set(pattern.pattern.converters)

    return sorted(set((n, frozenset(p)) for n, p in walk(get_resolver().url_patterns)))


@pytest.mark.django_db
def test_every_paged_list_answers_any_page_number_in_words(court, attorney, monkeypatch):
    """Every page of the URL conf is asked for page 99999999999999999999 (and 4,000 digits, and
    one past the last) by every kind of user: no answer is a server error, and each page that
    pages a list (seen calling page_of or page_read) answers 404 naming its last page; -1, 0,
    "abc" and 1.5 are refused in words (400)."""
    import sys

    from django.urls import reverse

    from efiling.core import paging

    calls = []

    def spy_on(real):
        def spy(request, rows, *, per_page):
            calls.append(request.path)
            return real(request, rows, per_page=per_page)

        return spy

    for name in ("page_of", "page_read"):  # page_read: a list read a page at a time
        real = getattr(paging, name)
        spy = spy_on(real)
        for module in list(sys.modules.values()):
            if getattr(module, name, None) is real:
                monkeypatch.setattr(module, name, spy)
    users = [
        attorney,
        factories.court_staff(Role.CLERK, court),
        factories.court_staff(Role.JUDGE, court),
        factories.court_staff(Role.COURT_ADMINISTRATOR, court),
    ]
    paged = set()
    for user in users:
        client = factories.client_for(user)
        values = {"code": court.code, "owner_id": user.pk}
        for name, parameters in _get_routes():
            if not parameters <= FILLABLE:
                continue
            url, pages_a_list = reverse(name, kwargs={p: values[p] for p in parameters}), False
            for label, number in PAST_ANY_LAST.items():
                calls.clear()
                response = client.get(url, {"page": number})
                assert response.status_code < 500, (url, user.role, label)
                if calls:
                    paged.add(url)
                    pages_a_list = True
                    text = response.content.decode()
                    assert response.status_code == 404, (url, label)
                    assert f"There is no page {number[:18]}" in text, (url, label)
                    assert "the last is page 1." in text, (url, label)
            if pages_a_list:
                for label, number in NOT_A_PAGE.items():
                    response = client.get(url, {"page": number})
                    assert response.status_code == 400, (url, label)
                    assert "page number must be a whole number" in response.content.decode()
    assert {
        "/filings/",
        "/notices/",
        "/cases/",
        "/accounts/tokens/",
        f"/court/{court.code}/review/",
        f"/court/{court.code}/mend/",
        f"/court/{court.code}/cases/",
        "/court/orders/waiting/",
        "/court-admin/",
        "/court-admin/audit/",
        f"/payments/accounts/{attorney.pk}/",
    } <= paged
