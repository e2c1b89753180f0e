"""Document.received_sha256 and received_size: the file as received, next to the file kept.
Existing rows kept what they received (nothing recorded otherwise), so received = kept."""

from django.db import migrations, models
from django.db.models import F


def received_is_kept(apps, schema_editor):
    Document = apps.get_model("filings", "Document")
    Document.objects.update(received_sha256=F("sha256"), received_size=F("size"))


class Migration(migrations.Migration):
    dependencies = [
        ("filings", "0005_envelope_case_number"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="received_sha256",
            field=models.CharField(
                default="",
                help_text="SHA-256 of the file as received: differs from sha256 when the court "
                "keeps a cleaned copy.",
                max_length=64,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="document",
            name="received_size",
            field=models.PositiveBigIntegerField(
                default=0, help_text="Bytes of the file as received."
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="document",
            name="sha256",
            field=models.CharField(help_text="SHA-256 of the file the court keeps.", max_length=64),
        ),
        migrations.AlterField(
            model_name="document",
            name="size",
            field=models.PositiveBigIntegerField(help_text="Bytes of the file the court keeps."),
        ),
        migrations.RunPython(received_is_kept, migrations.RunPython.noop),
    ]
