"""The deadline calculator against a plain day-by-day reference, over random closure sets.

Each example writes its own Holiday rows (statewide legal holidays and closures, the court's
closures, another court's closures; single days and runs of weeks, weekends included) into
the database, inside a transaction rolled back after the example
(hypothesis.extra.django.TestCase). Every year is marked generated and the class starts with
no Holiday row, so the rows an example draws are the whole calendar and the reference knows
it exactly. The reference holds every closed day in memory and walks one day at a time; the
calculator reads the rows from the database as it counts.
"""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from efiling.courts.calendar import FIRST_YEAR, LAST_YEAR, deadline_compute, is_business_day
from efiling.courts.models import Court, Holiday, HolidayYear

SATURDAY = 5
SHORT_PERIOD = 7  # Rule 44.01(a): "less than seven days"
STATEWIDE_LEGAL, STATEWIDE_CLOSURE, THIS_COURT, OTHER_COURT = (
    "statewide legal holiday",
    "statewide closure",
    "this court's closure",
    "another court's closure",
)


def reference_deadline(start: date, days: int, closed: set[date]) -> tuple[date, list[date]]:
    """Rule 44.01(a) read literally, one day at a time: the day of the event is not counted;
    the last day is, unless it is a Saturday, Sunday or legal holiday (a closure day of the
    court counts as one), and then the period runs to the next day that is none of those. In
    a period of less than seven days the Saturdays, Sundays and legal holidays in between are
    not counted. Returns the last day and the days not counted on the way to it."""

    def does_not_count(day: date) -> bool:
        return day.weekday() >= SATURDAY or day in closed

    not_counted = []
    if days < SHORT_PERIOD:
        day, counted = start, 0
        while counted < days:
            day += timedelta(days=1)
            if does_not_count(day):
                not_counted.append(day)
            else:
                counted += 1
        return day, not_counted
    day = start + timedelta(days=days)
    while does_not_count(day):
        not_counted.append(day)
        day += timedelta(days=1)
    return day, not_counted


# A run of closed days: where it starts (days from the event, or from the plain last day
# start + days, so that runs fall where they matter for short and long periods alike), how
# long it is (a day or a few, or weeks), and whose it is.
runs = st.lists(
    st.tuples(
        st.sampled_from(["from the event", "from the plain last day"]),
        st.integers(min_value=-20, max_value=200),
        st.one_of(st.integers(min_value=1, max_value=4), st.integers(min_value=7, max_value=120)),
        st.sampled_from([STATEWIDE_LEGAL, STATEWIDE_CLOSURE, THIS_COURT, OTHER_COURT]),
    ),
    max_size=6,
)
periods = st.one_of(st.integers(min_value=1, max_value=6), st.integers(min_value=7, max_value=400))
starts = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


class DeadlineAgainstReference(TestCase):
    @classmethod
    def setUpTestData(cls):
        Holiday.objects.all().delete()
        HolidayYear.objects.all().delete()
        HolidayYear.objects.bulk_create(
            [
                HolidayYear(year=year, generated_at="2020-01-01T00:00Z")
                for year in range(FIRST_YEAR, LAST_YEAR + 1)
            ]
        )
        cls.court = Court.objects.create(code="P1", name="Court under test", kind="supreme")
        cls.other = Court.objects.create(code="P2", name="Another court", kind="supreme")

    def _write(self, start: date, days: int, drawn) -> set[date]:
        """Store the drawn runs as rows; returns the days closed for the court under test."""
        statewide: dict[date, str] = {}
        own: set[date] = set()
        others: set[date] = set()
        for anchor, offset, length, whose in drawn:
            first = start + timedelta(days=offset + (days if anchor != "from the event" else 0))
            for n in range(length):
                day = first + timedelta(days=n)
                if whose == THIS_COURT:
                    own.add(day)
                elif whose == OTHER_COURT:
                    others.add(day)
                else:
                    kind = Holiday.Kind.LEGAL if whose == STATEWIDE_LEGAL else "closure"
                    statewide.setdefault(day, kind)
        Holiday.objects.bulk_create(
            [Holiday(date=d, name="Holiday", kind=k) for d, k in statewide.items()]
            + [Holiday(date=d, name="Closed", court=self.court) for d in own]
            + [Holiday(date=d, name="Closed", court=self.other) for d in others]
        )
        return set(statewide) | own

    @settings(max_examples=100, deadline=None)
    @given(start=starts, days=periods, drawn=runs)
    def test_deadline_matches_the_day_by_day_reference(self, start, days, drawn):
        closed = self._write(start, days, drawn)
        result = deadline_compute(court=self.court, start=start, days=days)
        due, not_counted = reference_deadline(start, days, closed)
        assert result.due == due
        assert [day for day, _ in result.skipped] == not_counted
        assert result.short_period is (days < SHORT_PERIOD)

    @settings(max_examples=50, deadline=None)
    @given(start=starts, days=periods, drawn=runs, probe=st.integers(min_value=-25, max_value=330))
    def test_business_day_matches_the_reference(self, start, days, drawn, probe):
        closed = self._write(start, days, drawn)
        day = start + timedelta(days=probe)
        assert is_business_day(self.court, day) is (day.weekday() < SATURDAY and day not in closed)
