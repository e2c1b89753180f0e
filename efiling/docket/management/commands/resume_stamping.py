from datetime import timedelta

from django.core.management.base import BaseCommand

from efiling.docket.tasks import RESUME_AFTER, stamping_resume


class Command(BaseCommand):
    help = (
        "Enqueue again the file-stamping of docket entries whose attempt is overdue (a process "
        "stopped before it enqueued or finished it). `efiling serve` runs it hourly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overdue-minutes",
            type=int,
            default=int(RESUME_AFTER.total_seconds() // 60),
            help="how late an attempt must be before it counts as lost",
        )

    def handle(self, *args, **options):
        resumed = stamping_resume(overdue=timedelta(minutes=options["overdue_minutes"]))
        self.stdout.write(
            f"{len(resumed)} docket entr{'y' if len(resumed) == 1 else 'ies'} "
            "enqueued again for stamping."
        )
