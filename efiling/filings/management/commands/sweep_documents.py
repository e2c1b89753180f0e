from datetime import timedelta

from django.core.management.base import BaseCommand

from efiling.filings.storage import documents_sweep


class Command(BaseCommand):
    help = "Find (and with --delete remove) stored document files that no document row owns."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-minutes",
            type=int,
            default=60,
            help="grace period for uploads in progress",
        )
        parser.add_argument(
            "--delete", action="store_true", help="remove them (otherwise only list)"
        )

    def handle(self, *args, **options):
        strays = documents_sweep(
            older_than=timedelta(minutes=options["older_than_minutes"]), delete=options["delete"]
        )
        for name in strays:
            self.stdout.write(name)
        verb = "removed" if options["delete"] else "found (run with --delete to remove)"
        self.stdout.write(f"{len(strays)} stray file(s) {verb}.")
