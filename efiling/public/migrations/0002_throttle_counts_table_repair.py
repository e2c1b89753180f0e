"""Repairs installations migrated by the first version of 0001, which passed the cache's alias
("throttle") to `createcachetable` where that command takes a table name: it made a table named
"throttle" and never the throttle's own (efiling_throttle_counts), so every throttled request
failed. The stray table is dropped and the right one made (nothing happens where it exists)."""

from importlib import import_module

from django.db import migrations

STRAY_TABLE = "throttle"
create_cache_table = import_module(
    "efiling.public.migrations.0001_throttle_counts_table"
).create_cache_table


def repair(apps, schema_editor):
    connection = schema_editor.connection
    if STRAY_TABLE in connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(STRAY_TABLE)}")
    create_cache_table(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("public", "0001_throttle_counts_table")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
