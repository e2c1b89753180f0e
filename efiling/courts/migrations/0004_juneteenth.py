"""Juneteenth in the years an existing database has already generated (issue 9).

`holidays_generate_year` now creates Juneteenth (June 19, from 2022; a Sunday kept on Monday)
and the statewide closure of Friday, June 18, 2021 (executive order) when it first generates a
year. Years generated before this change lack them: this migration adds them to every year that
`HolidayYear` marks as generated, and to no other (those will be generated complete).

What it never touches: it only adds rows, never updates or deletes one. A date that already has
a statewide row keeps it: that row is an administrator's (a Juneteenth closure they recorded
themselves, or any other entry), and it already makes the day not count. No earlier version
generated a Juneteenth row, so a year without one is never an administrator's deletion of a
generated row: nothing an administrator removed comes back. From here on, Juneteenth rows are
data like every other row; deleting one sticks.

The rule is written out here, not imported from courts.calendar, so that this migration keeps
doing what it did when it was written whatever the calendar code becomes. Reversing it removes
nothing (the rows may have been edited since, and they are the law).
"""

from datetime import date, timedelta

from django.db import migrations

JUNETEENTH_FIRST_YEAR = 2022
SATURDAY, SUNDAY = 5, 6
CLOSURE_2021 = (
    date(2021, 6, 18),
    "Juneteenth (state offices closed)",
    "Closed by the Governor's executive order after Juneteenth became a federal holiday; "
    "June 19, 2021 was a Saturday and not yet a Missouri holiday",
)


def juneteenth(year: int) -> tuple[date, str, str]:
    day = date(year, 6, 19)
    if day.weekday() == SUNDAY:
        note = f"{day.isoformat()} is a Sunday; kept on Monday (RSMo 9.010)"
        return day + timedelta(days=1), "Juneteenth (observed)", note
    if day.weekday() == SATURDAY:
        return day, "Juneteenth", "falls on a Saturday"
    return day, "Juneteenth", ""


def add_juneteenth(apps, schema_editor):
    holiday = apps.get_model("courts", "Holiday")
    generated = set(apps.get_model("courts", "HolidayYear").objects.values_list("year", flat=True))
    rows = [
        holiday(date=day, name=name, kind="legal", court=None, note=note)
        for day, name, note in (
            juneteenth(y) for y in sorted(generated) if y >= JUNETEENTH_FIRST_YEAR
        )
    ]
    day, name, note = CLOSURE_2021
    if day.year in generated:
        rows.append(holiday(date=day, name=name, kind="closure", court=None, note=note))
    taken = set(
        holiday.objects.filter(court__isnull=True, date__in=[row.date for row in rows]).values_list(
            "date", flat=True
        )
    )
    holiday.objects.bulk_create([row for row in rows if row.date not in taken])


class Migration(migrations.Migration):
    dependencies = [("courts", "0003_filingcode_follow_up_deadlines")]
    operations = [migrations.RunPython(add_juneteenth, migrations.RunPython.noop)]
