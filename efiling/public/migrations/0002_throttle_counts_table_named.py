"""The throttle cache's table under the name the cache reads (settings.CACHES["throttle"],
LOCATION "efiling_throttle_counts"). 0001 passed the cache's alias to `createcachetable`,
which takes table names, so a migrated installation had a table named "throttle" and none for
the counts: every public request failed (tests did not notice, as Django's test runner makes
every cache table itself; tests/scale/test_topology.py migrates as production does). Made
here where missing (`createcachetable` leaves a table that exists alone), and the stray
"throttle" table is dropped."""

from django.core.management import call_command
from django.db import migrations

STRAY_TABLE = "throttle"


def create_cache_table(apps, schema_editor):
    connection = schema_editor.connection
    call_command("createcachetable", database=connection.alias, verbosity=0)
    if STRAY_TABLE in connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {connection.ops.quote_name(STRAY_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("public", "0001_throttle_counts_table")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
