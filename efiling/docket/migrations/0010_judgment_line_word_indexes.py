"""The judgments index finds a word of a name (decision 0018): the words of both names of a
judgment line in their search form (efiling.cases.names.search_words), stored by the database
(generated columns over efiling_search_words, migration cases.0007), and on PostgreSQL GIN
trigram indexes over them, which replace docket.0008's over the names with their spaces
removed (where "Ann" was found inside "Adrian Norman", and every candidate's name was computed
again to check it)."""

from django.db import migrations, models

from efiling.cases.names import SEARCH_NAME_FUNCTION, SEARCH_WORDS_FUNCTION

COLUMNS = ("in_favor_of", "against")


def create_word_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS docket_judgmentline_words_{column} "
            f"ON docket_judgmentline USING gin ({column}_words gin_trgm_ops)"
        )
        schema_editor.execute(f"DROP INDEX IF EXISTS docket_judgmentline_search_{column}")


def drop_word_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS docket_judgmentline_search_{column} "
            f"ON docket_judgmentline USING gin ({SEARCH_NAME_FUNCTION}({column}) gin_trgm_ops)"
        )
        schema_editor.execute(f"DROP INDEX IF EXISTS docket_judgmentline_words_{column}")


def _words(column: str) -> models.GeneratedField:
    return models.GeneratedField(
        db_persist=True,
        expression=models.Func(
            models.F(column), function=SEARCH_WORDS_FUNCTION, output_field=models.TextField()
        ),
        output_field=models.TextField(),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_party_name_keys"),
        ("docket", "0009_order_of_transfer"),
    ]

    operations = [
        migrations.AddField("judgmentline", "in_favor_of_words", _words("in_favor_of")),
        migrations.AddField("judgmentline", "against_words", _words("against")),
        migrations.RunPython(create_word_indexes, drop_word_indexes),
    ]
