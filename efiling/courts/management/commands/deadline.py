from datetime import date

from django.core.management.base import BaseCommand, CommandError

from efiling.core.errors import DomainError
from efiling.courts.calendar import deadline_compute
from efiling.courts.services import court_get


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"{text!r} is not a date in the form YYYY-MM-DD.") from exc


class Command(BaseCommand):
    help = "Compute a due date under Rule 44.01(a); the last line is the date as YYYY-MM-DD."

    def add_arguments(self, parser):
        parser.add_argument("--court", required=True, help="location code, e.g. SL")
        parser.add_argument(
            "--from", dest="start", required=True, help="day of the event, YYYY-MM-DD"
        )
        parser.add_argument("--days", required=True, type=int, help="length of the period in days")

    def handle(self, *args, **options):
        try:
            court = court_get(code=options["court"])
            result = deadline_compute(
                court=court, start=iso_date(options["start"]), days=options["days"]
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"{court.name}: {result.days} days after {result.start.isoformat()}")
        self.stdout.write(result.rule)
        for day, reason in result.skipped:
            self.stdout.write(f"  not counted: {day.isoformat()} {day:%A} ({reason})")
        self.stdout.write(result.due.isoformat())
