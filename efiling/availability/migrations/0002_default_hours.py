"""The seed's hours: help desk 7:30 a.m. to 5 p.m. and best use 7 a.m. to 11:59 p.m., Monday to
Friday, excluding state holidays for the help desk. Administrators edit them afterwards."""

from datetime import time

from django.db import migrations

WEEKDAYS = range(5)


def add_hours(apps, schema_editor):
    hours = apps.get_model("availability", "ServiceHours")
    if hours.objects.exists():
        return
    rows = [
        hours(
            kind="help_desk",
            weekday=d,
            opens=time(7, 30),
            closes=time(17, 0),
            closed_on_state_holidays=True,
        )
        for d in WEEKDAYS
    ]
    rows += [
        hours(
            kind="best_use",
            weekday=d,
            opens=time(7, 0),
            closes=time(23, 59, 59),
            closed_on_state_holidays=False,
        )
        for d in WEEKDAYS
    ]
    hours.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("availability", "0001_initial")]
    operations = [migrations.RunPython(add_hours, migrations.RunPython.noop)]
