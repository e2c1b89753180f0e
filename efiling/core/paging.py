"""Paged lists on pages: every list a page shows is cut into numbered pages, never cut off.

`page_of(request, rows, per_page=...)` gives the page the request's `page` parameter names (the
first when there is none); the template shows "page x of y" and the links to the others with
includes/pager.html, which keeps the request's other parameters (a search, filters). A page
number is a positive whole number in ASCII digits: anything else ("abc", "\u0663", "2.0", "0",
"-1") is refused (400) in words, and a number past the last page, however long
("99999999999999999999"), is 404 naming and linking the last page; neither is answered quietly
with another page, and no number is too big to read. `page_read(request, read, per_page=...)`
gives the same pages of a list that is read a page at a time with its length (the public
search: one SQL statement a page). (The API's lists page by cursor instead:
efiling.api.pagination.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from efiling.core.errors import DomainError, NotFound
from efiling.core.query import query_value

PAGE_PARAMETER = "page"
_PAGE_NUMBER = re.compile("[1-9][0-9]*")
# Digits of a page number read as a number; a longer one is past any list's last page (and
# is shown cut short: the query string may hold thousands of digits).
_PAGE_DIGITS = 18


def page_of(request, rows, *, per_page: int) -> Page:
    """The page of `rows` (a QuerySet in a stable order, or a list) that the request's `page`
    parameter names; DomainError (400, code invalid_page, field page) for a number that is not
    one, NotFound (404, naming the last page) for a page past the last, however many digits.
    An empty list has one (empty) page."""
    paginator = Paginator(rows, per_page, allow_empty_first_page=True)
    raw, number = _page_number(request)
    if number is None or number > paginator.num_pages:
        raise _past_the_end(request, raw, paginator.num_pages)
    return paginator.page(number)


def page_read(request, read, *, per_page: int) -> Page:
    """page_of for a list that is read one page at a time together with its length:
    `read(offset, limit)` answers (the rows from `offset`, at most `limit` of them, in a stable
    order; how many rows the list holds), e.g. both from one SQL statement. The same page and
    the same errors as page_of (a page number of too many digits reads the first page, for
    the length its 404 names)."""
    raw, number = _page_number(request)
    rows, total = read(((number or 1) - 1) * per_page, per_page)
    paginator = Paginator(_Length(total), per_page, allow_empty_first_page=True)
    if number is None or number > paginator.num_pages:
        raise _past_the_end(request, raw, paginator.num_pages)
    return Page(rows, number, paginator)


class _Length:
    """A list of `total` rows as Paginator sees it (its length only): page_read has the page."""

    def __init__(self, total: int):
        self.total = total

    def __len__(self) -> int:
        return self.total


def _page_number(request) -> tuple[str | None, int | None]:
    """The request's `page` parameter and the number it names (1 when none, None when it has
    more digits than any list's pages); DomainError (400) when it names no number."""
    raw = query_value(request, PAGE_PARAMETER)
    if raw is None or raw == "":
        return raw, 1
    if not _PAGE_NUMBER.fullmatch(raw):
        raise DomainError(
            "The page number must be a whole number from 1 up, in plain digits (0-9).",
            code="invalid_page",
            field=PAGE_PARAMETER,
        )
    return raw, int(raw) if len(raw) <= _PAGE_DIGITS else None


def _past_the_end(request, raw: str, pages: int) -> NotFound:
    """The 404 of page `raw` of a list of `pages` pages: it names the last page and links it
    (`last_page_url`: the same list, its other parameters kept, page=N)."""
    shown = raw if len(raw) <= _PAGE_DIGITS else f"{raw[:_PAGE_DIGITS]}\u2026"
    return NotFound(
        f"There is no page {shown} of this list: it has {pages} page{'s' * (pages != 1)}; "
        f"the last is page {pages}.",
        field=PAGE_PARAMETER,
        links={"last_page_url": f"{request.path}{page_link(request, pages)}"},
    )


def page_link(request, number: int) -> str:
    """The query string of page `number` of the list the request shows: its other parameters
    kept, `page` replaced."""
    query = request.GET.copy()
    query[PAGE_PARAMETER] = str(number)
    return f"?{query.urlencode()}"


@dataclass(frozen=True)
class FirstRows:
    """The first rows of a list and how many there are in all (a home's box: "3 of 12")."""

    rows: list
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def first_rows(rows, *, limit: int) -> FirstRows:
    """At most `limit` rows of `rows` (a QuerySet in a stable order) and the total: one query
    when they all fit, two (a COUNT) when there are more. Never reads more than `limit` rows."""
    shown = list(rows[: limit + 1])
    if len(shown) <= limit:
        return FirstRows(shown, len(shown))
    return FirstRows(shown[:limit], rows.count())
