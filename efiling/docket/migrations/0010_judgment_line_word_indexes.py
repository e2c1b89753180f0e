"""The judgments index finds a word of a name (decision 0018), on PostgreSQL only: GIN trigram
indexes over the words of the names in their search form (efiling_search_words, migration
cases.0007), which replace docket.0008's over the names with their spaces removed (where
"Ann" was found inside "Adrian Norman")."""

from django.db import migrations

from efiling.cases.names import SEARCH_NAME_FUNCTION, SEARCH_WORDS_FUNCTION

COLUMNS = ("in_favor_of", "against")


def _replace(schema_editor, *, function: str, former: str, index: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS docket_judgmentline_{index}_{column} "
            f"ON docket_judgmentline USING gin ({function}({column}) gin_trgm_ops)"
        )
        schema_editor.execute(f"DROP INDEX IF EXISTS docket_judgmentline_{former}_{column}")


def create_word_indexes(apps, schema_editor):
    _replace(schema_editor, function=SEARCH_WORDS_FUNCTION, former="search", index="words")


def drop_word_indexes(apps, schema_editor):
    _replace(schema_editor, function=SEARCH_NAME_FUNCTION, former="words", index="search")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_party_name_keys"),
        ("docket", "0009_order_of_transfer"),
    ]

    operations = [migrations.RunPython(create_word_indexes, drop_word_indexes)]
