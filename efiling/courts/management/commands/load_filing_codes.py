from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from efiling.core.data_files import (
    data_file_digest,
    data_file_loaded,
    data_file_recorded,
    data_file_unchanged,
)
from efiling.core.errors import DomainError
from efiling.courts.fees import DEFAULT_FILING_CODES_FILE, FILING_CODES_FILE_NAME, filing_codes_load
from efiling.courts.services import COURTS_FILE_NAME


class Command(BaseCommand):
    help = (
        "Load or update the courts' filing codes and fees from the filing codes data file "
        "(load the courts first). Codes not in the file are left alone, and so are codes an "
        "administrator edited (listed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_FILING_CODES_FILE)
        parser.add_argument(
            "--if-changed",
            action="store_true",
            help="do nothing when the file and the courts file are those loaded last",
        )

    def handle(self, *args, **options):
        try:
            # The codes apply to the courts as loaded: a new courts file loads them again.
            digest = data_file_digest(options["file"], data_file_recorded(COURTS_FILE_NAME))
        except OSError as exc:
            raise CommandError(
                f"The filing codes file {options['file']} cannot be read: {exc}"
            ) from exc
        if options["if_changed"] and data_file_unchanged(FILING_CODES_FILE_NAME, digest):
            self.stdout.write("Filing codes file unchanged since its last load.")
            return
        try:
            with transaction.atomic():
                report = filing_codes_load(path=options["file"])
                data_file_loaded(FILING_CODES_FILE_NAME, digest)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write("\n".join(report.lines("Filing codes file")))
