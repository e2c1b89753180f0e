"""Case numbers in the Missouri form (Court Operating Rule 4.04, see docs/domain.md): two-digit
year, location code, `-`, two-letter case type, five-digit sequence, e.g. `26SL-CC00807`.

The sequence runs per court, case type and year, and never repeats or skips. It comes from
efiling.core.counters.counter_next, which advances one counter row inside the caller's
transaction: the row stays locked until commit, and a rollback gives the number back. The year
is the calendar year in the court's own time zone, not in UTC.

Assigning a number has no other side effect: the caller (the clerk's acceptance) audits it.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Q

from efiling.cases.models import Case
from efiling.core import clock
from efiling.core.counters import counter_advance, counter_next
from efiling.core.errors import Conflict, NotFound, ValidationFailed
from efiling.core.models import Counter

SEQUENCE_MAX = 99_999  # five digits

_LOCATION_CODE = re.compile(r"[A-Z0-9]{2,3}")
_CASE_TYPE_CODE = re.compile(r"[A-Z]{2}")
_CASE_NUMBER = re.compile(r"([0-9]{2})([A-Z0-9]{2,3})-([A-Z]{2})([0-9]{5})")


class CaseNumber(NamedTuple):
    year2: int
    location_code: str
    case_type_code: str
    sequence: int


def case_number_format(*, year: int, location_code: str, case_type_code: str, sequence: int) -> str:
    """`26SL-CC00001` from its parts. `year` may be given in full (2026) or as two digits (26)."""
    if isinstance(year, bool) or not isinstance(year, int) or year < 0:
        raise ValidationFailed(f"A case number year must be a year, not {year!r}.", field="year")
    if not isinstance(location_code, str) or not _LOCATION_CODE.fullmatch(location_code):
        raise ValidationFailed(
            f"A location code is two or three capital letters or digits, not {location_code!r}.",
            field="location_code",
        )
    if not isinstance(case_type_code, str) or not _CASE_TYPE_CODE.fullmatch(case_type_code):
        raise ValidationFailed(
            f"A case type code is two capital letters, not {case_type_code!r}.",
            field="case_type_code",
        )
    if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 1:
        raise ValidationFailed(
            f"A case number sequence starts at 1, not {sequence!r}.", field="sequence"
        )
    if sequence > SEQUENCE_MAX:
        raise ValidationFailed(
            f"Sequence {sequence} does not fit the five digits of a case number: "
            f"{location_code} {case_type_code} has used every number of its year "
            f"(at most {SEQUENCE_MAX}).",
            code="case_numbers_exhausted",
            field="sequence",
        )
    return f"{year % 100:02d}{location_code}-{case_type_code}{sequence:05d}"


_TYPED_CASE_NUMBER = re.compile(r"([0-9]{2})([A-Z0-9]{2,3})([A-Z]{2})([0-9]{5})")


def case_number_typed(value: str) -> str | None:
    """A case number as a person types it (any case; spaces and dashes anywhere, or none) in
    its one written form: "26sl cc 00001" and "26SLCC00001" are "26SL-CC00001"; None when it
    cannot be one."""
    compact = re.sub(r"[\s\-]+", "", value or "").upper()
    match = _TYPED_CASE_NUMBER.fullmatch(compact)
    if not match:
        return None
    year, location, case_type, sequence = match.groups()
    return f"{year}{location}-{case_type}{sequence}"


def case_number_parse(number) -> CaseNumber:
    """The parts of a case number: (two-digit year, location code, case type code, sequence).
    Surrounding spaces are ignored and letters may be typed in lower case; anything else that
    is not exactly the Missouri form is refused with ValidationFailed."""
    if not isinstance(number, str):
        raise ValidationFailed(
            f"A case number is text like 26SL-CC00001, not {number!r}.", field="number"
        )
    text = number.strip().upper()
    match = _CASE_NUMBER.fullmatch(text)
    if not match:
        raise ValidationFailed(
            f"{number!r} is not a case number: expected two-digit year, a location code of two "
            "or three letters or digits, '-', a two-letter case type and five digits, "
            "e.g. 26SL-CC00001.",
            field="number",
        )
    year2, location_code, case_type_code, sequence = match.groups()
    if int(sequence) == 0:
        raise ValidationFailed(
            f"{number!r} is not a case number: the sequence starts at 00001.", field="number"
        )
    return CaseNumber(int(year2), location_code, case_type_code, int(sequence))


def case_number_counter_key(*, location_code: str, case_type_code: str, year: int) -> str:
    return f"case-number:{location_code}:{case_type_code}:{year}"


def case_number_assign(*, case, at: datetime | None = None) -> str:
    """Give an accepted case its number, inside the caller's transaction (the acceptance), and
    return it. The year is the court's local year at `at` (default: now). A case that already
    has a number is refused (Conflict). Rolling the caller's transaction back gives the number
    back, so the next case gets it.

    The counter row stays locked until the caller commits, so acceptances of one court, type and
    year queue behind each other for the rest of the caller's transaction: call this as late in
    the acceptance as possible."""
    if case.pk is None:
        raise ValueError("Save the case before numbering it.")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "case_number_assign must run inside the transaction that accepts the case."
        )
    court, case_type = case.court, case.case_type
    year = clock.local_date(at or clock.now(), court.time_zone).year
    key = case_number_counter_key(
        location_code=court.code, case_type_code=case_type.code, year=year
    )
    prefix = case_number_format(
        year=year, location_code=court.code, case_type_code=case_type.code, sequence=1
    )[:-5]
    if transaction.get_connection().vendor == "postgresql":
        sequence = _number_in_one_statement(case.pk, key, prefix)
    else:
        sequence = _number_in_steps(case.pk, key, prefix)
    # Formatting again refuses a sequence past five digits (the caller's rollback gives it back).
    number = case_number_format(
        year=year, location_code=court.code, case_type_code=case_type.code, sequence=sequence
    )
    case.number = number
    return number


def _already_numbered(case_pk: int) -> None:
    """Raise for a case that cannot be numbered: NotFound (gone) or Conflict (numbered)."""
    found = list(Case.objects.filter(pk=case_pk).values_list("number", flat=True))
    if not found:
        raise NotFound("The case to number does not exist (any more).")
    raise Conflict(f"Case {found[0]} already has its number.", code="already_numbered")


def _number_in_one_statement(case_pk: int, key: str, prefix: str) -> int:
    """PostgreSQL: lock the unnumbered case row, advance the counter and store the number in
    one statement, so the counter row is held for that statement and the commit only (one
    round trip instead of three). Locks the case row before the counter row, like
    _number_in_steps. Returns the sequence drawn; the number is stored only if it fits five
    digits (otherwise the caller's rollback undoes the counter)."""
    cases = connection.ops.quote_name(Case._meta.db_table)
    counters = connection.ops.quote_name(Counter._meta.db_table)
    statement = (
        f"WITH target AS (SELECT id FROM {cases} WHERE id = %(case)s "  # noqa: S608 - our tables
        "AND (number IS NULL OR number = '') FOR NO KEY UPDATE), "
        f"advanced AS (INSERT INTO {counters} (key, value) SELECT %(key)s, 1 FROM target "
        f"ON CONFLICT (key) DO UPDATE SET value = {counters}.value + 1 RETURNING value), "
        f"numbered AS (UPDATE {cases} "
        "SET number = %(prefix)s || lpad(advanced.value::text, 5, '0') "
        f"FROM advanced WHERE {cases}.id = %(case)s AND advanced.value <= %(max)s RETURNING 1) "
        "SELECT value FROM advanced"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            statement, {"case": case_pk, "key": key, "prefix": prefix, "max": SEQUENCE_MAX}
        )
        row = cursor.fetchone()
    if row is None:
        _already_numbered(case_pk)
    return row[0]


def _number_in_steps(case_pk: int, key: str, prefix: str) -> int:
    """Other databases (SQLite): the same in three statements. The case row is locked first
    (then the counter row, always in that order): two clerks accepting the same case at once
    wait for each other, and the second sees the first's number instead of drawing a second
    one. SQLite ignores FOR UPDATE; its IMMEDIATE transactions already serialize writers."""
    found = list(
        Case.objects.select_for_update(no_key=True)
        .filter(Q(number__isnull=True) | Q(number=""), pk=case_pk)
        .order_by()
        .values_list("pk")
    )
    if not found:
        _already_numbered(case_pk)
    sequence = counter_next(key)
    if sequence <= SEQUENCE_MAX:
        Case.objects.filter(pk=case_pk).update(number=f"{prefix}{sequence:05d}")
    return sequence


def case_numbers_reserve(*, location_code: str, case_type_code: str, year: int, count: int):
    """The next `count` case numbers of one court, case type and (full, court-local) year, in
    order, taken at once inside the caller's transaction (a bulk load such as the data
    generator; the clerk's acceptance numbers one case with case_number_assign). ValidationFailed
    (case_numbers_exhausted) when the block would run past SEQUENCE_MAX."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("case_numbers_reserve must run inside the transaction that uses them.")
    key = case_number_counter_key(
        location_code=location_code, case_type_code=case_type_code, year=year
    )
    last = counter_advance(key, count)
    return [
        case_number_format(
            year=year, location_code=location_code, case_type_code=case_type_code, sequence=seq
        )
        for seq in range(last - count + 1, last + 1)
    ]
