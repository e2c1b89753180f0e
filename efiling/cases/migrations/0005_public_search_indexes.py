"""Public search (decision 0018): the (court, created_at) index of cases; on PostgreSQL only,
the pg_trgm and unaccent extensions, the efiling_search_name function (efiling.cases.names) and
GIN trigram indexes over the search form of party names. SQLite migrates the index only."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations, models

from efiling.cases.names import POSTGRESQL_FUNCTION, SEARCH_NAME_FUNCTION

PARTY_NAME_COLUMNS = ("last_name", "first_name", "organization_name")


def _index(column: str) -> str:
    return f"cases_party_search_{column}"


def create_search_function(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(POSTGRESQL_FUNCTION)
    for column in PARTY_NAME_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {_index(column)} ON cases_party "
            f"USING gin ({SEARCH_NAME_FUNCTION}({column}) gin_trgm_ops)"
        )


def drop_search_function(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in PARTY_NAME_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {_index(column)}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {SEARCH_NAME_FUNCTION}(text)")


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_case_status_disposition_judge")]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["court", "created_at"], name="case_court_created"),
        ),
        migrations.RunPython(create_search_function, drop_search_function),
    ]
