from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from efiling.core.errors import DomainError
from efiling.courts.services import DEFAULT_COURTS_FILE, courts_load


class Command(BaseCommand):
    help = "Load or update the courts and case types from the courts data file."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_COURTS_FILE)

    def handle(self, *args, **options):
        try:
            report = courts_load(path=options["file"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Courts file loaded: {len(report.added)} added, {len(report.changed)} changed, "
            f"{report.unchanged} unchanged."
        )
