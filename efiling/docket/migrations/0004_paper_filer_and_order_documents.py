import django.db.models.deletion
from django.db import migrations, models


def orders_to_documents(apps, schema_editor):
    """Each order's PDF becomes a document of its docket entry, like every docketed PDF."""
    from django.core.files.storage import default_storage

    CourtOrder = apps.get_model("docket", "CourtOrder")
    Document = apps.get_model("filings", "Document")
    for order in CourtOrder.objects.all():
        try:
            size = default_storage.size(order.storage_name)
        except (OSError, NotImplementedError):  # file missing, or a storage that cannot tell
            size = 0  # unknown; the file's SHA-256 and page count are kept from the order
        order.document = Document.objects.create(
            docket_entry_id=order.docket_entry_id,
            kind="lead",
            position=1,
            title=order.title,
            original_name=f"{order.kind}.pdf",
            storage_name=order.storage_name,
            size=size,
            sha256=order.sha256,
            page_count=order.page_count,
            text_searchable=True,
            uploaded_by_id=order.issued_by_id,
            uploaded_at=order.issued_at,
            stamped_storage_name=order.stamped_storage_name,
        )
        order.save(update_fields=["document"])


class Migration(migrations.Migration):
    dependencies = [
        ("docket", "0003_courtorder_judgmentline"),
        ("filings", "0003_document_docket_entry"),
    ]

    operations = [
        migrations.AddField(
            model_name="docketentry",
            name="paper_filer",
            field=models.CharField(
                blank=True,
                help_text=(
                    "For a scanned paper filing: who filed the paper (a filer without an account)."
                ),
                max_length=200,
            ),
        ),
        migrations.AddField(
            model_name="courtorder",
            name="document",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="court_order",
                to="filings.document",
            ),
        ),
        migrations.RunPython(orders_to_documents, migrations.RunPython.noop),
        migrations.RemoveField(model_name="courtorder", name="page_count"),
        migrations.RemoveField(model_name="courtorder", name="sha256"),
        migrations.RemoveField(model_name="courtorder", name="stamped_storage_name"),
        migrations.RemoveField(model_name="courtorder", name="storage_name"),
        migrations.AlterField(
            model_name="courtorder",
            name="document",
            field=models.OneToOneField(
                help_text=(
                    "The signed PDF (its original and its file-stamped version), on the docket."
                ),
                on_delete=django.db.models.deletion.PROTECT,
                related_name="court_order",
                to="filings.document",
            ),
        ),
    ]
