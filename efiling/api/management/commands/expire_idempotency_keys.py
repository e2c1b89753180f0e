"""Delete the idempotency records past their retention (efiling.api.idempotency)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from efiling.api.idempotency import expired_records_delete


class Command(BaseCommand):
    help = (
        "Delete the API's idempotency records older than EFILING_IDEMPOTENCY_KEY_DAYS; "
        "`efiling serve` runs it hourly."
    )

    def handle(self, *args, **options):
        deleted = expired_records_delete()
        self.stdout.write(
            f"{deleted} idempotency record(s) older than "
            f"{settings.EFILING_IDEMPOTENCY_KEY_DAYS} days deleted."
        )
