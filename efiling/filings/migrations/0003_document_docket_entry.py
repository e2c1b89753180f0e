import django.db.models.deletion
from django.db import migrations, models


def link_docketed_documents(apps, schema_editor):
    """Documents of accepted filings belong to their filing's docket entry."""
    Document = apps.get_model("filings", "Document")
    DocketEntry = apps.get_model("docket", "DocketEntry")
    for entry in DocketEntry.objects.filter(filing__isnull=False).only("pk", "filing_id"):
        Document.objects.filter(filing_id=entry.filing_id).update(docket_entry=entry)


class Migration(migrations.Migration):
    dependencies = [
        ("docket", "0003_courtorder_judgmentline"),
        ("filings", "0002_document_stamped_sha256_and_more"),
    ]

    operations = [
        migrations.AlterField(
            model_name="document",
            name="filing",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty for a document the court put on the docket itself.",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="documents",
                to="filings.filing",
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="docket_entry",
            field=models.ForeignKey(
                blank=True,
                help_text="Set once the document is on a docket.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="documents",
                to="docket.docketentry",
            ),
        ),
        migrations.RunPython(link_docketed_documents, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.CheckConstraint(
                condition=models.Q(("filing__isnull", False))
                | models.Q(("docket_entry__isnull", False)),
                name="document_in_filing_or_on_docket",
            ),
        ),
    ]
