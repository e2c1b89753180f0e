"""The common rejection reasons of domain.md; each court edits the list in the admin."""

from django.db import migrations

REASONS = [
    "Filed in the wrong court or case",
    "Several pleadings combined in one document",
    "Proposed order not filed as a lead document of its own",
    "Payment declined",
    "Unredacted sensitive personal information (Rule 55.025)",
    "Incomplete or missing bar number in the signature block",
    "Document is illegible or incomplete",
]


def add_reasons(apps, schema_editor):
    reason = apps.get_model("docket", "RejectionReason")
    if not reason.objects.exists():
        reason.objects.bulk_create([reason(text=text, court=None) for text in REASONS])


class Migration(migrations.Migration):
    dependencies = [("docket", "0001_initial")]
    operations = [migrations.RunPython(add_reasons, migrations.RunPython.noop)]
