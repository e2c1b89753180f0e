import random
import threading
from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection, connections, transaction
from hypothesis import given
from hypothesis import strategies as st

from efiling.cases.models import Case
from efiling.cases.numbering import (
    CaseNumber,
    case_number_assign,
    case_number_format,
    case_number_parse,
)
from efiling.core.errors import Conflict, ValidationFailed
from efiling.core.models import Counter
from efiling.courts.models import Court
from tests import factories

SUMMER_2026 = datetime(2026, 6, 15, 17, 0, tzinfo=UTC)


class _RolledBack(Exception):
    """Raised on purpose to roll an acceptance back."""


# Format and parse


def test_format_in_the_missouri_form():
    parts = {"location_code": "SL", "case_type_code": "CC"}
    assert case_number_format(year=2026, sequence=1, **parts) == "26SL-CC00001"
    assert case_number_format(year=2026, sequence=807, **parts) == "26SL-CC00807"
    assert case_number_format(year=2000, sequence=99_999, **parts) == "00SL-CC99999"
    assert case_number_format(year=26, sequence=5, **parts) == "26SL-CC00005"
    assert (
        case_number_format(year=2031, location_code="31", case_type_code="CR", sequence=12)
        == "3131-CR00012"
    )
    assert (
        case_number_format(year=2026, location_code="CTY", case_type_code="PN", sequence=3)
        == "26CTY-PN00003"
    )


def test_format_refuses_a_sequence_that_five_digits_cannot_hold():
    with pytest.raises(ValidationFailed, match="does not fit the five digits") as refused:
        case_number_format(year=2026, location_code="SL", case_type_code="CC", sequence=100_000)
    assert refused.value.code == "case_numbers_exhausted"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sequence", 0),
        ("sequence", -1),
        ("sequence", True),
        ("sequence", "1"),
        ("year", -1),
        ("year", "26"),
        ("location_code", "S"),
        ("location_code", "SLCO"),
        ("location_code", "sl"),
        ("location_code", "S-"),
        ("case_type_code", "C"),
        ("case_type_code", "C1"),
        ("case_type_code", "cc"),
        ("case_type_code", "CCC"),
    ],
)
def test_format_refuses_malformed_parts(field, value):
    parts = {"year": 2026, "location_code": "SL", "case_type_code": "CC", "sequence": 1}
    parts[field] = value
    with pytest.raises(ValidationFailed) as refused:
        case_number_format(**parts)
    assert refused.value.field == field


def test_parse_gives_the_parts():
    assert case_number_parse("26SL-CC00807") == CaseNumber(26, "SL", "CC", 807)
    assert case_number_parse("26SL-CC00807") == (26, "SL", "CC", 807)
    assert case_number_parse("0531-CR00001") == (5, "31", "CR", 1)
    assert case_number_parse("26CTY-PN99999") == (26, "CTY", "PN", 99_999)
    assert case_number_parse("  26sl-cc00807 ") == (26, "SL", "CC", 807)  # as typed in a search


@given(
    year=st.integers(min_value=0, max_value=9999),
    location_code=st.from_regex(r"[A-Z0-9]{2,3}", fullmatch=True),
    case_type_code=st.from_regex(r"[A-Z]{2}", fullmatch=True),
    sequence=st.integers(min_value=1, max_value=99_999),
)
def test_format_and_parse_round_trip(year, location_code, case_type_code, sequence):
    number = case_number_format(
        year=year, location_code=location_code, case_type_code=case_type_code, sequence=sequence
    )
    assert len(number) in (12, 13)
    assert case_number_parse(number) == (year % 100, location_code, case_type_code, sequence)
    year2, *rest = case_number_parse(number)
    assert (
        case_number_format(year=year2, **dict(zip(CaseNumber._fields[1:], rest, strict=True)))
        == number
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "26SL-CC0001",  # four digits
        "26SL-CC000001",  # six digits
        "26SLCC00001",  # no dash
        "26SL CC00001",
        "26SL\u2013CC00001",  # en dash
        "2SL-CC00001",  # one-digit year
        "2026SL-CC00001",  # four-digit year
        "26S-CC00001",  # one-character location code
        "26SLCO-CC00001",  # four-character location code
        "26S_-CC00001",
        "26SL-C100001",  # case type with a digit
        "26SL-CCC0001",
        "26SL-CC00000",  # sequences start at 1
        "26SL-CC0000\u0661",  # an Arabic-Indic digit is a digit to Python's \d, not to the court
        "26SL-CC00001X",
        "X26SL-CC00001",
        "26SL-CC00001\n26SL-CC00002",
    ],
)
def test_parse_refuses_malformed_numbers(text):
    with pytest.raises(ValidationFailed, match="not a case number") as refused:
        case_number_parse(text)
    assert refused.value.field == "number"


@pytest.mark.parametrize("value", [None, 2600001, b"26SL-CC00001"])
def test_parse_refuses_what_is_not_text(value):
    with pytest.raises(ValidationFailed, match="is text like"):
        case_number_parse(value)


# Assignment


def _counter(key: str) -> int | None:
    row = Counter.objects.filter(key=key).first()
    return row.value if row else None


def test_assign_numbers_cases_in_order_and_saves_the_number(court):
    first, second = factories.case(court), factories.case(court)
    assert case_number_assign(case=first, at=SUMMER_2026) == "26SL-CC00001"
    assert case_number_assign(case=second, at=SUMMER_2026) == "26SL-CC00002"
    assert Case.objects.get(pk=first.pk).number == "26SL-CC00001"
    assert Case.objects.get(pk=second.pk).number == second.number == "26SL-CC00002"
    assert _counter("case-number:SL:CC:2026") == 2


def test_sequences_are_independent_per_court_type_and_year(court, other_court):
    def assign(the_court, case_type="CC", at=SUMMER_2026):
        return case_number_assign(case=factories.case(the_court, case_type=case_type), at=at)

    assert assign(court) == "26SL-CC00001"
    assert assign(court) == "26SL-CC00002"
    assert assign(court, case_type="AC") == "26SL-AC00001"
    assert assign(other_court) == "26BA-CC00001"
    assert assign(court, at=datetime(2027, 3, 1, 18, tzinfo=UTC)) == "27SL-CC00001"
    assert assign(other_court, case_type="DR") == "26BA-DR00001"
    assert assign(court) == "26SL-CC00003"
    assert assign(court, case_type="AC") == "26SL-AC00002"
    assert assign(other_court) == "26BA-CC00002"


def test_the_year_is_the_courts_local_year_on_both_sides_of_midnight(court):
    assert court.time_zone == "America/Chicago"
    # 11:30 p.m. on December 31 in Clayton is already January 1 in UTC: still the old year.
    late = datetime(2026, 1, 1, 5, 30, tzinfo=UTC)
    assert case_number_assign(case=factories.case(court), at=late) == "25SL-CC00001"
    # 12:30 a.m. on January 1 in Clayton: the new year, its sequence starting again at 1.
    early = datetime(2026, 1, 1, 6, 30, tzinfo=UTC)
    assert case_number_assign(case=factories.case(court), at=early) == "26SL-CC00001"
    assert case_number_assign(case=factories.case(court), at=late) == "25SL-CC00002"


def test_without_at_the_year_comes_from_the_clock_in_the_courts_zone(court):
    # Local midnight in Clayton on January 1, 2026 is 06:00 UTC (CST, UTC-6).
    with time_machine.travel(datetime(2026, 1, 1, 5, 59, 59, tzinfo=UTC), tick=False):
        assert case_number_assign(case=factories.case(court)) == "25SL-CC00001"
    with time_machine.travel(datetime(2026, 1, 1, 6, 0, 0, tzinfo=UTC), tick=False):
        assert case_number_assign(case=factories.case(court)) == "26SL-CC00001"
    # The same instant in UTC is still December 31 in Chicago at the other end of the year.
    with time_machine.travel(datetime(2027, 1, 1, 3, 0, tzinfo=UTC), tick=False):
        assert case_number_assign(case=factories.case(court)) == "26SL-CC00002"


def test_a_numbered_case_is_refused_and_uses_no_number(court):
    the_case = factories.case(court)
    number = case_number_assign(case=the_case, at=SUMMER_2026)
    with pytest.raises(Conflict, match=f"{number} already has its number") as refused:
        case_number_assign(case=the_case, at=SUMMER_2026)
    assert refused.value.code == "already_numbered"
    # A copy loaded before the number was given still is refused: the database decides.
    stale = Case.objects.get(pk=the_case.pk)
    stale.number = None
    with pytest.raises(Conflict):
        case_number_assign(case=stale, at=SUMMER_2026)
    assert Case.objects.get(pk=the_case.pk).number == number == "26SL-CC00001"
    assert _counter("case-number:SL:CC:2026") == 1
    assert case_number_assign(case=factories.case(court), at=SUMMER_2026) == "26SL-CC00002"


def test_a_rolled_back_acceptance_gives_its_number_back(court):
    first, second = factories.case(court), factories.case(court)
    with pytest.raises(_RolledBack), transaction.atomic():
        assert case_number_assign(case=first, at=SUMMER_2026) == "26SL-CC00001"
        raise _RolledBack
    first.refresh_from_db()
    assert first.number is None
    assert _counter("case-number:SL:CC:2026") is None  # the counter's first row went too
    assert case_number_assign(case=second, at=SUMMER_2026) == "26SL-CC00001"
    with pytest.raises(_RolledBack), transaction.atomic():
        assert case_number_assign(case=first, at=SUMMER_2026) == "26SL-CC00002"
        raise _RolledBack
    first.refresh_from_db()
    assert case_number_assign(case=first, at=SUMMER_2026) == "26SL-CC00002"  # no gap


def test_the_last_five_digit_number_and_then_a_clear_refusal(court):
    Counter.objects.create(key="case-number:SL:CC:2026", value=99_998)
    assert case_number_assign(case=factories.case(court), at=SUMMER_2026) == "26SL-CC99999"
    full = factories.case(court)
    with (
        pytest.raises(ValidationFailed, match="does not fit the five digits"),
        transaction.atomic(),
    ):
        case_number_assign(case=full, at=SUMMER_2026)
    full.refresh_from_db()
    assert full.number is None
    assert _counter("case-number:SL:CC:2026") == 99_999
    assert case_number_assign(case=factories.case(court, case_type="AC"), at=SUMMER_2026) == (
        "26SL-AC00001"
    )


def test_an_unsaved_case_is_refused(court):
    from efiling.courts.models import CaseType

    unsaved = Case(court=court, case_type=CaseType.objects.get(code="CC"), caption="x")
    with pytest.raises(ValueError, match="Save the case"):
        case_number_assign(case=unsaved, at=SUMMER_2026)


@pytest.mark.django_db(transaction=True)
def test_assign_refuses_to_run_outside_a_transaction(courts):
    the_case = factories.case(Court.objects.get(code="SL"))
    assert not connection.in_atomic_block
    with pytest.raises(RuntimeError, match="inside the transaction"):
        case_number_assign(case=the_case, at=SUMMER_2026)
    the_case.refresh_from_db()
    assert the_case.number is None
    assert not Counter.objects.filter(key__startswith="case-number:").exists()


# Many clerks at the same moment, on whichever database the suite runs


def _run_clerks(worker, count):
    errors = []
    start = threading.Barrier(count)

    def clerk(n):
        try:
            start.wait()
            worker(n)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=clerk, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def _accept(pk, *, roll_back=False):
    """A clerk's acceptance: its own transaction, the case loaded inside it."""
    with transaction.atomic():
        the_case = Case.objects.select_related("court", "case_type").get(pk=pk)
        number = case_number_assign(case=the_case, at=SUMMER_2026)
        if roll_back:
            raise _RolledBack
        return number


@pytest.mark.django_db(transaction=True)
def test_concurrent_clerks_never_repeat_or_skip_a_number(courts):
    clerks, per_clerk = 8, 25
    court = Court.objects.get(code="SL")
    pks = [[factories.case(court).pk for _ in range(per_clerk)] for _ in range(clerks)]
    rollbacks, issued = [0] * clerks, [[] for _ in range(clerks)]

    def work(n):
        chance = random.Random(n)  # repeatable: about 10% of acceptances roll back first
        for pk in pks[n]:
            if chance.random() < 0.1:
                with pytest.raises(_RolledBack):
                    _accept(pk, roll_back=True)
                rollbacks[n] += 1
            issued[n].append(_accept(pk))

    _run_clerks(work, clerks)
    total = clerks * per_clerk
    assert sum(rollbacks) >= 10
    expected = [f"26SL-CC{n:05d}" for n in range(1, total + 1)]
    assert sorted(number for numbers in issued for number in numbers) == expected
    stored = Case.objects.filter(number__isnull=False).values_list("number", flat=True)
    assert sorted(stored) == expected  # no duplicate, no gap
    assert not Case.objects.filter(number__isnull=True).exists()
    assert Counter.objects.get(key="case-number:SL:CC:2026").value == total


@pytest.mark.django_db(transaction=True)
def test_concurrent_clerks_accepting_the_same_cases_number_each_once(courts):
    clerks, cases = 8, 25
    court = Court.objects.get(code="SL")
    pks = [factories.case(court).pk for _ in range(cases)]
    issued, refused = [], []

    def work(n):
        order = pks[:]
        random.Random(n).shuffle(order)
        for pk in order:
            try:
                issued.append((pk, _accept(pk)))
            except Conflict:
                refused.append(pk)

    _run_clerks(work, clerks)
    assert len(issued) == cases and len(refused) == (clerks - 1) * cases
    assert sorted(pk for pk, _ in issued) == sorted(pks)  # each case numbered by one clerk
    expected = [f"26SL-CC{n:05d}" for n in range(1, cases + 1)]
    assert sorted(number for _, number in issued) == expected
    stored = dict(Case.objects.filter(pk__in=pks).values_list("pk", "number"))
    assert stored == dict(issued)
    assert Counter.objects.get(key="case-number:SL:CC:2026").value == cases
