from django.core.management.base import BaseCommand, CommandError

from efiling.core.stored_files import stored_files_missing


class Command(BaseCommand):
    help = (
        "Check that every stored file the database names (each document's original and stamped "
        "copy) is in the document store; list the rows whose file is missing and exit with "
        "status 1 if any is. Run it after restoring the database or the store."
    )

    def handle(self, *args, **options):
        report = stored_files_missing()
        for missing in report.missing:
            self.stdout.write(f"{missing.model} {missing.pk} {missing.field}: {missing.name}")
        if report.missing:
            raise CommandError(
                f"{len(report.missing)} of {report.checked} stored file(s) are missing from the "
                "document store (listed above)."
            )
        self.stdout.write(f"Every stored file is in the document store: {report.checked} checked.")
