"""Public case search (Case.net, issue 13; decision 0018): the one query builder behind the
public search pages (efiling.public) and the public API (GetPublicCaseList).

Every kind starts from efiling.cases.public.public_cases() (the judgments index from
docket.selectors.judgments_index, which starts there too), so a hidden case is in no result,
count, page or sort order. Conditions on parties, counsel and hearings are subqueries
(`id IN (...)` for parties, Exists() for the rest), never joins with .distinct(), so
PostgreSQL can use the indexes (cases.0007: one btree over parties' stored search forms, the
year of birth and the case; cases.0006: btree over the search keys of attorney and judge
names, created_at of cases; (court, created_at) of cases.0005; starts_at of hearings;
docket.0010: GIN trigram over the words of judgment lines' names).

Names are compared in their search form (efiling.cases.names.search_name: accents, hyphens,
"Mac"/"Mc" and organization suffixes folded), by prefix ("Laws" finds Lawson) as a range over
the search key (names.prefix_match), so the index answers it without computing a name again;
the judgments index by a word of a name that starts so ("Smith" finds "Mary Smith-Jones",
"Ann" never "Adrian Norman": names.search_words, trigram).

A search answers at most MATCH_LIMIT matches; more raises TooManyMatches (the same for every
kind), so nobody pages through the whole state. A page of the search pages is one SQL
statement (search_page): it reads at most MATCH_LIMIT + 1 matches, in any order (with more
there is no page to show), and counts (a window), orders and cuts only those. A page of the
API is one statement too (search_counted(), matches_of()): the keyset page of the same at most
MATCH_LIMIT + 1 matches, with their count as a scalar subquery, which the cursor's condition
does not narrow.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Window

from efiling.accounts.bar_numbers import bar_number_spellings
from efiling.cases.models import CounselOfRecord, Party
from efiling.cases.names import (
    name_variants,
    prefix_match,
    search_key_of,
    search_name,
    search_words,
    stored_key_of,
)
from efiling.cases.numbering import case_number_typed
from efiling.cases.public import public_cases
from efiling.core import clock
from efiling.core.clock import day_bounds
from efiling.core.errors import DomainError, ValidationFailed
from efiling.courts.models import CaseType, Court
from efiling.docket.selectors import judgment_lines_listed, judgments_index
from efiling.filings.parties import birth_year_value
from efiling.scheduling.models import Hearing
from efiling.scheduling.services import ON_THE_CALENDAR

MATCH_LIMIT = 1000
PER_PAGE = 25
NAME_MIN = 2  # characters of a last name (in its search form)
# What narrows each kind of search when more than MATCH_LIMIT match (a case number never
# does): (whether `search` used it already, how to ask for it), in the order they are offered;
# TooManyMatches offers only those the search has not used.
NARROWING = {
    "name": [
        (lambda s: bool(s.first_name), "add a first name or initial"),
        (lambda s: s.birth_year is not None, "add a year of birth"),
        (lambda s: s.court is not None, "choose a court"),
    ],
    "filed": [
        (lambda s: _one_day(s), "choose fewer days"),
        (lambda s: s.case_type is not None, "choose a case type"),
        (lambda s: s.court is not None, "choose a court"),
    ],
    "attorney": [
        (lambda s: bool(s.bar_number or s.attorney_first_name), "add the attorney's first name"),
        (lambda s: s.court is not None, "choose a court"),
    ],
    "hearings": [
        (lambda s: s.court is not None, "choose a court"),
        (lambda s: bool(s.judge), "add the judge's last name"),
    ],
    "judgments": [
        (lambda s: bool(s.first_name), "add a first name"),
        (lambda s: s.side != "either", "choose for or against"),
        (lambda s: s.court is not None, "choose a court"),
    ],
}
# When the search has used everything that narrows it.
NOTHING_LEFT = (
    "this search has every detail it takes; search by case number instead, or ask the court"
)


def search_zone() -> str:
    """The zone whose days a date search means: the courts' default (EFILING_DEFAULT_TIME_ZONE)."""
    return settings.EFILING_DEFAULT_TIME_ZONE


KINDS = {
    "name": "Litigant name",
    "number": "Case number",
    "filed": "Filing date",
    "attorney": "Attorney",
    "hearings": "Scheduled hearings",
    "judgments": "Judgments index",
}
SORTS = {"filed": "Filing date, newest first", "relevance": "Relevance"}
SIDES = {"either": "For or against", "for": "In favor of", "against": "Against"}

_BAR_NUMBER = re.compile(r"[0-9]{2,10}")


# What a list of cases shows (the search page, the API): the rest is not read.
LISTED = ("number", "caption", "created_at", "status", "court__code", "court__name",
          "court__time_zone", "case_type__code", "case_type__name")  # fmt: skip


class TooManyMatches(DomainError):
    """More than MATCH_LIMIT matches: the searcher is asked to narrow the search (422) by
    what NARROWING offers for its kind that `search` has not used yet ("add a year of birth
    or choose a court"), or told that nothing is left to add (NOTHING_LEFT)."""

    status = 422

    def __init__(self, search: PublicSearch):
        what = "judgments" if search.kind == "judgments" else "cases"
        left = [ask for used, ask in NARROWING.get(search.kind, []) if not used(search)]
        narrow = NOTHING_LEFT if not left else _either(left)
        super().__init__(
            f"More than {MATCH_LIMIT:,} {what} match: {narrow}.", code="too_many_matches"
        )


def _either(choices: list[str]) -> str:
    """["a", "b", "c"] -> "a, b, or c"; ["a", "b"] -> "a or b"."""
    if len(choices) == 1:
        return choices[0]
    return f"{', '.join(choices[:-1])}{',' if len(choices) > 2 else ''} or {choices[-1]}"


@dataclass(frozen=True)
class PublicSearch:
    """One public search. `kind` is a key of KINDS; the fields it reads:
    name: last_name (or an organization's name), first_name (or an initial), birth_year;
    number: number; filed: filed_from, filed_to (local days, inclusive; no filed_to: up
    to today), case_type;
    attorney: bar_number (leading zeros do not matter), or attorney_last_name and
    attorney_first_name (not both);
    hearings: hearing_date, judge (a last name); judgments: last_name, first_name, side.
    `court` narrows every kind (None: every court). `sort` is a key of SORTS (relevance is
    for name searches only: refused for the other kinds)."""

    kind: str
    court: Court | None = None
    last_name: str = ""
    first_name: str = ""
    birth_year: int | None = None
    number: str = ""
    filed_from: date | None = None
    filed_to: date | None = None
    case_type: CaseType | None = None
    bar_number: str = ""
    attorney_last_name: str = ""
    attorney_first_name: str = ""
    hearing_date: date | None = None
    judge: str = ""
    side: str = "either"
    sort: str = "filed"


def case_number_normalised(value: str) -> str:
    """`value` as a case number in its one written form (cases.numbering.case_number_typed:
    "26sl cc 00001" is "26SL-CC00001"). ValidationFailed (field "number") when it cannot be one."""
    number = case_number_typed(value)
    if number is None:
        raise ValidationFailed(
            "Enter a whole case number as the court wrote it, for example 26SL-CC00001 "
            "(two-digit year, court code, case type, five digits).",
            field="number",
        )
    return number


def _name_key(value: str, *, field: str, what: str, minimum: int = NAME_MIN) -> str:
    """`value`'s search form (names.search_name), to compare with the stored ones.
    ValidationFailed (`field`) when it has fewer than `minimum` characters, saying what a name
    is searched by (letters A to Z, accented or not, and digits): a name in another script
    ("Иванов") or of emoji has none, however long it is."""
    key = search_name(value or "")
    if len(key) < minimum:
        letters, digits = ("letter", "digit") if minimum == 1 else ("letters", "digits")
        raise ValidationFailed(
            f"Enter at least {minimum} {letters} (A to Z, accents allowed) or {digits} of the "
            f"{what}.",
            field=field,
        )
    return key


def _name_match(field: str, key: str) -> Q:
    """The name `field` (aliased as `<field>_ordered`, a search form in byte order:
    search_key_of, stored_key_of) starts with `key`."""
    return prefix_match(f"{field}_ordered", key)


def _parties(search: PublicSearch) -> tuple[Q, Exists]:
    """(the case has a party that matches, a party matches the name exactly) for a name search:
    the first a condition on the case's id, `id IN (<case ids of the matching parties>)`, which
    the index over Party's stored search forms answers alone (cases.0007: a range of it,
    narrowed inside it by first name and year of birth); the second for the relevance order."""
    last = _name_key(search.last_name, field="last_name", what="last name or organization name")
    parties = Party.objects.alias(
        name_key_ordered=stored_key_of("name_key"),
        first_name_key_ordered=stored_key_of("first_name_key"),
    )
    matching = _name_match("name_key", last)
    if search.first_name:
        first = _name_key(search.first_name, field="first_name", what="first name", minimum=1)
        matching &= _name_match("first_name_key", first)
    if search.birth_year is not None:
        year = birth_year_value(search.birth_year, kind=Party.Kind.PERSON, time_zone=search_zone())
        matching &= Q(birth_year=year)
    matches = parties.filter(matching)
    return (
        Q(pk__in=matches.values("case_id")),
        Exists(matches.filter(case=OuterRef("pk"), name_key__in=name_variants(last))),
    )


def _days(first: date, last: date) -> tuple:
    return day_bounds(first, search_zone())[0], day_bounds(last, search_zone())[1]


def _one_day(search: PublicSearch) -> bool:
    """A filing-date search of a single day (no fewer days to choose)."""
    return search.filed_from is not None and search.filed_from >= _last_filed(search)


def _last_filed(search: PublicSearch) -> date:
    """The last filing day a filing-date search asks for: filed_to, or today."""
    return search.filed_to or clock.today(search_zone())


def _filed(search: PublicSearch) -> Q:
    if search.filed_from is None:
        raise ValidationFailed("Enter the first day of filing.", field="filed_from")
    last = _last_filed(search)
    if search.filed_from > last:
        # Without a last day the search runs up to today: the first day is the one at fault.
        raise ValidationFailed(
            "The first day of filing must not be after the last."
            if search.filed_to
            else "The first day of filing must not be after today.",
            field="filed_to" if search.filed_to else "filed_from",
        )
    start, end = _days(search.filed_from, last)
    condition = Q(created_at__gte=start, created_at__lt=end)
    if search.case_type is not None:
        condition &= Q(case_type=search.case_type)
    return condition


def _attorney(search: PublicSearch) -> Exists:
    counsel = CounselOfRecord.objects.filter(case=OuterRef("pk"), withdrawn_at__isnull=True)
    bar_number = (search.bar_number or "").strip()
    if bar_number:
        if search.attorney_last_name or search.attorney_first_name:
            raise ValidationFailed(
                "Search by bar number or by name, not both: leave the other blank.",
                field="bar_number",
            )
        if not _BAR_NUMBER.fullmatch(bar_number):
            raise ValidationFailed(
                "A Missouri bar number is digits only, for example 45678.", field="bar_number"
            )
        # Leading zeros do not matter (accounts.bar_numbers): 0061001 finds 61001.
        spellings = bar_number_spellings(bar_number)
        return Exists(counsel.filter(user__bar_member__bar_number__in=spellings))
    if not search.attorney_last_name:
        raise ValidationFailed(
            "Enter the attorney's bar number or last name.", field="attorney_last_name"
        )
    counsel = counsel.alias(
        last_name_ordered=search_key_of("user__last_name"),
        first_name_ordered=search_key_of("user__first_name"),
    )
    last = _name_key(search.attorney_last_name, field="attorney_last_name", what="last name")
    condition = _name_match("last_name", last)
    if search.attorney_first_name:
        first = _name_key(
            search.attorney_first_name, field="attorney_first_name", what="first name", minimum=1
        )
        condition &= _name_match("first_name", first)
    return Exists(counsel.filter(condition))


def _hearings(search: PublicSearch) -> QuerySet:
    """The hearings of the case (OuterRef) on the calendar that `search` asks for, first first."""
    if search.hearing_date is None:
        raise ValidationFailed("Enter the day of the hearings.", field="hearing_date")
    start, end = _days(search.hearing_date, search.hearing_date)
    hearings = Hearing.objects.filter(
        case=OuterRef("pk"), status__in=ON_THE_CALENDAR, starts_at__gte=start, starts_at__lt=end
    )
    if search.judge:
        judge = _name_key(search.judge, field="judge", what="judge's last name")
        hearings = hearings.alias(judge_last_name_ordered=search_key_of("judge__last_name")).filter(
            _name_match("judge_last_name", judge)
        )
    return hearings.order_by("starts_at", "pk")


@dataclass(frozen=True)
class _Found:
    """What a search finds, `matches` (its conditions only: a QuerySet of cases or judgment
    lines), and `listed`, which gives a QuerySet of them what a list of them reads: related
    rows, the annotations shown and the order."""

    matches: QuerySet
    listed: Callable[[QuerySet], QuerySet]


def _cases_found(search: PublicSearch) -> _Found:
    """The public cases `search` finds, listed with their court and case type, newest filed
    first (then by id), or for a name search by relevance (a party whose name is the one asked
    for before those whose name only starts with it, then newest first). A hearings search
    gives each case the first of its hearings found: `hearing_starts_at` (UTC) and
    `hearing_courtroom` (the courtroom's name). ValidationFailed (field named) for a search
    that cannot be run."""
    cases = public_cases()
    if search.court is not None:
        cases = cases.filter(court=search.court)
    shown, order = {}, ["-created_at", "-pk"]
    if search.kind == "name":
        matching, exact = _parties(search)
        cases = cases.filter(matching)
        if search.sort == "relevance":
            shown, order = {"exact": exact}, ["-exact", *order]
    elif search.kind == "number":
        cases = cases.filter(number=case_number_normalised(search.number))
    elif search.kind == "filed":
        cases = cases.filter(_filed(search))
    elif search.kind == "attorney":
        cases = cases.filter(_attorney(search))
    elif search.kind == "hearings":
        hearings = _hearings(search)
        cases = cases.filter(Exists(hearings))
        shown = {
            "hearing_starts_at": Subquery(hearings.values("starts_at")[:1]),
            "hearing_courtroom": Subquery(hearings.values("courtroom__name")[:1]),
        }
    else:
        raise ValidationFailed("Choose a kind of search from the list.", field="kind")
    return _Found(
        cases,
        lambda rows: (
            rows.select_related("court", "case_type")
            .only(*LISTED)
            .annotate(**shown)
            .order_by(*order)
        ),
    )


def order_keys(search: PublicSearch) -> tuple[str, ...]:
    """The columns (and annotations) the cases `search` finds are ordered by, all descending,
    before the id (_cases_found): ("exact", "created_at") for a name search by relevance,
    else ("created_at",). The API pages by them (a keyset cursor)."""
    if search.kind == "name" and search.sort == "relevance":
        return ("exact", "created_at")
    return ("created_at",)


def _judgments_found(search: PublicSearch) -> _Found:
    """Judgment lines of public cases (docket.selectors.judgments_index) in favor of or
    against (`side`: either, for, against) the name `last_name` (a word of the name, by
    prefix; `first_name` narrows), listed newest first with their order, case and court.
    ValidationFailed for a short name or an unknown side."""
    _name_key(search.last_name, field="last_name", what="name")
    words = [search_words(search.last_name)]
    if search.first_name:
        _name_key(search.first_name, field="first_name", what="first name", minimum=1)
        words.append(search_words(search.first_name))
    if search.side not in SIDES:
        raise ValidationFailed("Choose for or against from the list.", field="side")
    lines = judgments_index(court=search.court)
    sides = (
        ("in_favor_of", "against")
        if search.side == "either"
        else (("in_favor_of",) if search.side == "for" else ("against",))
    )
    condition = Q()
    for side in sides:
        one = Q()
        for word in words:  # " smith": a word of the name that starts so, in either spelling
            spelled = Q()
            for variant in name_variants(word.lstrip()):
                spelled |= Q(**{f"{side}_words__contains": f" {variant}"})
            one &= spelled
        condition |= one
    return _Found(lines.filter(condition), judgment_lines_listed)


def _sort_checked(search: PublicSearch) -> None:
    """ValidationFailed (field "sort") for an order not in SORTS, or relevance for a kind other
    than name: the one rule of the search page and the API alike."""
    if search.sort not in SORTS:
        raise ValidationFailed("Choose an order from the list: filed or relevance.", field="sort")
    if search.sort == "relevance" and search.kind != "name":
        raise ValidationFailed(
            "Relevance orders searches by litigant name only: leave the order out (newest "
            "filed first) for this kind of search.",
            field="sort",
        )


def _found(search: PublicSearch) -> _Found:
    _sort_checked(search)
    return _judgments_found(search) if search.kind == "judgments" else _cases_found(search)


def search_checked(search: PublicSearch) -> None:
    """ValidationFailed (its field named) when `search` cannot be run (a one-letter name, a
    date range that ends before it starts, an order its kind does not take); nothing is
    read."""
    _found(search)


def _bound(matches: QuerySet) -> QuerySet:
    """The ids of at most MATCH_LIMIT + 1 of `matches`, any of them (a subquery)."""
    return matches.order_by().values("pk")[: MATCH_LIMIT + 1]


def _listed_bounded(found: _Found) -> QuerySet:
    """`found`'s list, of at most MATCH_LIMIT + 1 of its matches (any of them: when there are
    more, no page is shown), so that the database never sorts more: `id IN (SELECT id ...
    LIMIT 1001)`."""
    return found.listed(found.matches.model.objects.filter(pk__in=_bound(found.matches)))


class _BoundedCount(Subquery):
    """How many rows `matches` holds, counted no further than MATCH_LIMIT + 1, as a scalar
    subquery (uncorrelated: the database counts once per statement)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) bounded)"
    output_field = IntegerField()

    def __init__(self, matches: QuerySet):
        super().__init__(_bound(matches))


def bounded(rows: QuerySet, search: PublicSearch) -> int:
    """How many rows `rows` (matches of `search`) holds, counting no further than
    MATCH_LIMIT + 1; TooManyMatches when more than MATCH_LIMIT."""
    found = rows.order_by()[: MATCH_LIMIT + 1].count()
    if found > MATCH_LIMIT:
        raise TooManyMatches(search)
    return found


def search_counted(search: PublicSearch) -> QuerySet:
    """What `search` finds (public cases, or judgment lines for `judgments`: _cases_found,
    _judgments_found say in what order and with what), read from at most MATCH_LIMIT + 1 of
    its matches, each row with `matches`: how many there are (up to MATCH_LIMIT + 1), a scalar
    subquery of the same statement that a further filter (the API's cursor) does not narrow.
    Check a page of it with matches_of(). ValidationFailed for a search that cannot be run."""
    found = _found(search)
    return _listed_bounded(found).annotate(matches=_BoundedCount(found.matches))


def matches_of(page: list, search: PublicSearch, *, first: bool) -> int:
    """How many matches `search` finds (at most MATCH_LIMIT), from `page` (rows that carry
    `matches`: search_counted, search_page); for an empty page, 0 when it is the `first`,
    else counted anew (a page past the end). TooManyMatches when more than MATCH_LIMIT."""
    if not page:
        return 0 if first else bounded(_found(search).matches, search)
    if page[0].matches > MATCH_LIMIT:
        raise TooManyMatches(search)
    return page[0].matches


def search_page(search: PublicSearch, offset: int, limit: int) -> tuple[list, int]:
    """Rows `offset` to `offset + limit` (exclusive) of what `search` finds (public cases, or
    judgment lines for `judgments`, as search_counted) and how many it finds (at most
    MATCH_LIMIT): one SQL statement, which reads at most MATCH_LIMIT + 1
    matches (any of them: with more there is no page) and lists, counts (a window) and cuts
    only those (a second statement, the bounded count, for a page past the end).
    TooManyMatches when more than MATCH_LIMIT; ValidationFailed for a search that cannot be
    run. The reader of core.paging.page_read."""
    found = _found(search)
    if offset >= MATCH_LIMIT:  # no such page, however large the number: only the count
        return [], bounded(found.matches, search)
    rows = _listed_bounded(found).annotate(matches=Window(Count("*")))
    page = list(rows[offset : offset + limit])
    return page, matches_of(page, search, first=offset == 0)
