"""Public search (decision 0018): the indexes of one statement a page.

- On PostgreSQL only, btree indexes over the search keys (efiling.cases.names.search_key_of:
  the search form in byte order) of party names and of users' names (attorneys and judges are
  found by name), which answer a name prefix as a range without computing a name again; they
  replace the GIN trigram indexes over party names of cases.0005, which a prefix search no
  longer reads (the judgments index keeps its own: docket.0008).
- A created_at index of cases: newest first across every court, which every search's page and
  the date search read."""

from django.conf import settings
from django.db import migrations, models

from efiling.cases.names import SEARCH_KEY_INDEX, SEARCH_NAME_FUNCTION

# (index, table, columns)
KEY_INDEXES = (
    ("cases_party_key_person", "cases_party", ("last_name", "first_name")),
    ("cases_party_key_organization", "cases_party", ("organization_name",)),
    ("accounts_user_key_name", "accounts_user", ("last_name", "first_name")),
)
TRIGRAM_COLUMNS = ("last_name", "first_name", "organization_name")  # cases.0005's


def _trigram_index(column: str) -> str:
    return f"cases_party_search_{column}"


def create_key_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, columns in KEY_INDEXES:
        keys = ", ".join(SEARCH_KEY_INDEX.format(column=column) for column in columns)
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({keys})")
    for column in TRIGRAM_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {_trigram_index(column)}")


def drop_key_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in TRIGRAM_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {_trigram_index(column)} ON cases_party "
            f"USING gin ({SEARCH_NAME_FUNCTION}({column}) gin_trgm_ops)"
        )
    for name, _, _ in KEY_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_public_search_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["created_at"], name="case_created"),
        ),
        migrations.RunPython(create_key_indexes, drop_key_indexes),
    ]
