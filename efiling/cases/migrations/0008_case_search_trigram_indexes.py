"""The court's case search (efiling.docket.access.cases_search: any part of the case number or
the caption, case-insensitive), on PostgreSQL only: GIN trigram indexes over the upper-cased
number and caption, the expressions Django's `icontains` compares, so a court's search reads
the cases that hold the words instead of every case of the court (issue 16)."""

from django.db import migrations

COLUMNS = ("number", "caption")


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS cases_case_{column}_trgm "
            f"ON cases_case USING gin (upper({column}::text) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS cases_case_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_party_name_keys")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
