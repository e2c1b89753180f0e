from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from efiling.core.errors import DomainError
from efiling.courts.fees import DEFAULT_FILING_CODES_FILE, filing_codes_load


class Command(BaseCommand):
    help = (
        "Load or update the courts' filing codes and fees from the filing codes data file "
        "(load the courts first). Codes not in the file are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_FILING_CODES_FILE)

    def handle(self, *args, **options):
        try:
            report = filing_codes_load(path=options["file"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Filing codes file loaded: {len(report.added)} added, {len(report.changed)} "
            f"changed, {report.unchanged} unchanged."
        )
