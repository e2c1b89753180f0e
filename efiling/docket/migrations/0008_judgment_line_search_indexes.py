"""Public search (decision 0018), on PostgreSQL only: GIN trigram indexes over the search form
(efiling_search_name, migration cases.0005) of the names in the judgments index."""

from django.db import migrations

from efiling.cases.names import SEARCH_NAME_FUNCTION

COLUMNS = ("in_favor_of", "against")


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS docket_judgmentline_search_{column} "
            f"ON docket_judgmentline USING gin ({SEARCH_NAME_FUNCTION}({column}) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS docket_judgmentline_search_{column}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_public_search_indexes"),
        ("docket", "0007_alter_courtorder_kind_alter_proposedorder_kind"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
