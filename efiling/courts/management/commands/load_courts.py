from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from efiling.core.data_files import data_file_digest, data_file_loaded, data_file_unchanged
from efiling.core.errors import DomainError
from efiling.courts.services import COURTS_FILE_NAME, DEFAULT_COURTS_FILE, courts_load


class Command(BaseCommand):
    help = (
        "Load or update the courts and case types from the courts data file. Courts and case "
        "types an administrator edited are left as they are, and listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_COURTS_FILE)
        parser.add_argument(
            "--if-changed",
            action="store_true",
            help="do nothing when the file is the one loaded last (same SHA-256)",
        )

    def handle(self, *args, **options):
        try:
            digest = data_file_digest(options["file"])
        except OSError as exc:
            raise CommandError(f"The courts file {options['file']} cannot be read: {exc}") from exc
        if options["if_changed"] and data_file_unchanged(COURTS_FILE_NAME, digest):
            self.stdout.write("Courts file unchanged since its last load.")
            return
        try:
            with transaction.atomic():
                report = courts_load(path=options["file"])
                data_file_loaded(COURTS_FILE_NAME, digest)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write("\n".join(report.lines("Courts file")))
