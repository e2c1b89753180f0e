"""The table of the "throttle" cache (efiling.public.throttle): made by `migrate`, so that
every installation that migrates has it. Django's `createcachetable` without table names makes
the table of every database cache in settings.CACHES (the throttle's LOCATION,
efiling_throttle_counts) and does nothing for a table that exists."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies: list = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
