from datetime import timedelta

from django.core.management.base import BaseCommand

from efiling.core.scratch import scratch_sweep
from efiling.filings.storage import documents_sweep


class Command(BaseCommand):
    help = (
        "Find (and with --delete remove) stored document files that no row owns, and entries "
        "of the temporary folder (uploads, PDF checks, docketing) that a stopped process left. "
        "`efiling serve` runs it with --delete at start and hourly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-minutes",
            type=int,
            default=60,
            help="grace period for uploads and stamping in progress",
        )
        parser.add_argument(
            "--delete", action="store_true", help="remove them (otherwise only list)"
        )

    def handle(self, *args, **options):
        grace, delete = timedelta(minutes=options["older_than_minutes"]), options["delete"]
        strays = documents_sweep(older_than=grace, delete=delete)
        leftovers = scratch_sweep(older_than=grace, delete=delete)
        for name in [*strays, *map(str, leftovers)]:
            self.stdout.write(name)
        verb = "removed" if delete else "found (run with --delete to remove)"
        self.stdout.write(f"{len(strays)} stray file(s) {verb}.")
        self.stdout.write(f"{len(leftovers)} temporary file(s) or folder(s) {verb}.")
