from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from efiling.accounts.roster import MAX_ROSTER_BYTES, roster_import
from efiling.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Import the Missouri bar roster from a CSV file (columns bar_number, last_name, "
        "first_name, middle_name, suffix, status, admission_date) and print what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the roster CSV file (UTF-8)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            if path.stat().st_size > MAX_ROSTER_BYTES:
                raise CommandError(
                    f"{path}: the file is larger than {MAX_ROSTER_BYTES // (1024 * 1024)} MB; "
                    "split it into smaller files and import each one."
                )
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: the file cannot be read ({exc.strerror}).") from exc
        try:
            result = roster_import(data=data, file_name=path.name, channel="cli")
        except DomainError as exc:
            raise CommandError(f"{path}: {exc.message}") from exc
        self.stdout.write(
            f"Roster import #{result.pk} of {result.file_name} (sha256 {result.sha256}): "
            f"{result.added} added, {result.changed} changed, {result.unchanged} unchanged, "
            f"{result.refused} refused."
        )
        for row in result.report.get("refused", []):
            number = f" (bar number {row['bar_number']})" if row["bar_number"] else ""
            self.stdout.write(f"  line {row['line']}{number}: refused: {row['reason']}")
        not_listed = result.report.get("refused_not_listed", 0)
        if not_listed:
            self.stdout.write(f"  ... and {not_listed} more refused lines not listed.")
