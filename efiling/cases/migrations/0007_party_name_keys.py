"""Public search (decision 0018): the search forms of party names stored, so that one index
answers a name search without reading the table.

- efiling_search_name replaced by its present steps (periods dropped inside a word; "Mac"
  kept as written, the search asks for both spellings: efiling.cases.names.name_variants),
  and cases.0006's index of users' names rebuilt with it;
- Party.name_key (the search form of an organization's name or a person's last name) and
  Party.first_name_key, generated columns the database computes on every write
  (efiling_search_name; on SQLite the function efiling.cases.names registers);
- on PostgreSQL only: the efiling_search_words function (the judgments index, docket.0010),
  and one btree index over (name_key, first_name_key) in byte order and the year of birth,
  with the case included, which answers a name search (a prefix range, narrowed by first name
  and year of birth inside the index) by an index-only scan; it replaces cases.0006's two
  party indexes over names computed again.

Adding the columns rewrites cases_party (docs/operations.md says how long at scale)."""

from django.db import migrations, models

from efiling.cases.names import (
    POSTGRESQL_FUNCTION,
    POSTGRESQL_WORDS_FUNCTION,
    SEARCH_KEY_INDEX,
    SEARCH_WORDS_FUNCTION,
)

NAME_INDEX = "cases_party_name_key"
# cases.0006's indexes over party names: (index, columns)
FORMER_INDEXES = (
    ("cases_party_key_person", ("last_name", "first_name")),
    ("cases_party_key_organization", ("organization_name",)),
)


def replace_search_function(apps, schema_editor):
    """Before the columns are computed with it. Not undone: the earlier steps are gone from
    the code, and the forms of the earlier search are a-z and 0-9 too."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(POSTGRESQL_FUNCTION)
    schema_editor.execute("REINDEX INDEX accounts_user_key_name")


def create_name_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(POSTGRESQL_WORDS_FUNCTION)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME_INDEX} ON cases_party "
        '(name_key COLLATE "C", first_name_key COLLATE "C", birth_year) INCLUDE (case_id)'
    )
    for name, _ in FORMER_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def drop_name_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, columns in FORMER_INDEXES:
        keys = ", ".join(SEARCH_KEY_INDEX.format(column=column) for column in columns)
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON cases_party ({keys})")
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME_INDEX}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {SEARCH_WORDS_FUNCTION}(text)")


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_search_key_indexes")]

    operations = [
        migrations.RunPython(replace_search_function, migrations.RunPython.noop),
        migrations.AddField(
            model_name="party",
            name="name_key",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Func(
                    models.Case(
                        models.When(kind="organization", then=models.F("organization_name")),
                        default=models.F("last_name"),
                    ),
                    function="efiling_search_name",
                    output_field=models.TextField(),
                ),
                output_field=models.TextField(),
            ),
        ),
        migrations.AddField(
            model_name="party",
            name="first_name_key",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Func(
                    models.F("first_name"),
                    function="efiling_search_name",
                    output_field=models.TextField(),
                ),
                output_field=models.TextField(),
            ),
        ),
        migrations.RunPython(create_name_index, drop_name_index),
    ]
