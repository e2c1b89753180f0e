"""Copy the filing attempts kept in the local journal while the database was down into the
database (efiling.availability.attempts); `efiling serve` runs it every five minutes."""

from django.core.management.base import BaseCommand

from efiling.availability.attempts import attempts_journal_import


class Command(BaseCommand):
    help = (
        "Import the filing attempts journaled during a database outage; `efiling serve` runs "
        "it every five minutes."
    )

    def handle(self, *args, **options):
        count = attempts_journal_import()
        self.stdout.write(f"{count} filing attempt(s) imported from the journal.")
