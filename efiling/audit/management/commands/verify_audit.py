from django.core.management.base import BaseCommand, CommandError

from efiling.audit.services import audit_chain_verify


class Command(BaseCommand):
    help = "Check the whole audit chain and name the first broken event."

    def handle(self, *args, **options):
        report = audit_chain_verify()
        if not report.intact:
            raise CommandError(
                f"Audit chain broken at event #{report.broken_seq}: {report.problem}. "
                f"{report.events_checked} events before it are intact."
            )
        self.stdout.write(
            f"Audit chain intact: {report.events_checked} events; "
            f"head #{report.head_seq} {report.head_hash}"
        )
