from datetime import timedelta

from django.core.management.base import BaseCommand

from efiling.service import delivery, summons, webhooks


class Command(BaseCommand):
    help = (
        "Enqueue again the notice e-mails, webhook deliveries and summonses to issue whose "
        "attempt is overdue (a process stopped before it enqueued or finished it). `efiling "
        "serve` runs it every few minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overdue-minutes",
            type=int,
            default=None,
            help="how late an attempt must be before it counts as lost (default: "
            f"{delivery.RESUME_AFTER.total_seconds() // 60:.0f} for e-mail, "
            f"{webhooks.RESUME_AFTER.total_seconds() // 60:.0f} for webhooks)",
        )

    def handle(self, *args, **options):
        minutes = options["overdue_minutes"]
        given = {} if minutes is None else {"overdue": timedelta(minutes=minutes)}
        mail = delivery.deliveries_resume(**given)
        hooks = webhooks.webhooks_resume(**given)
        issued = summons.summonses_resume(**given)
        self.stdout.write(
            f"{len(mail)} notice e-mail{'s' * (len(mail) != 1)}, {len(hooks)} webhook "
            f"deliver{'ies' if len(hooks) != 1 else 'y'} and {len(issued)} "
            f"summons{'es' * (len(issued) != 1)} enqueued again."
        )
