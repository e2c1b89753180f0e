from django.core.management.base import BaseCommand, CommandError

from efiling.audit.checkpoints import audit_checkpoint_publish, checkpoint_text
from efiling.core.signing import CannotSign


class Command(BaseCommand):
    help = (
        "Chain waiting events, sign the chain's head and publish it as a checkpoint; print the "
        "checkpoint's JSON (keep it: `efiling verify_audit --checkpoint FILE` checks it later)."
    )

    def handle(self, *args, **options):
        try:
            checkpoint = audit_checkpoint_publish()
        except CannotSign as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(checkpoint_text(checkpoint))
