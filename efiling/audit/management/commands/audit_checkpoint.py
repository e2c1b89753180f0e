from django.core.management.base import BaseCommand

from efiling.audit.checkpoints import audit_checkpoint_publish, checkpoint_text


class Command(BaseCommand):
    help = (
        "Chain waiting events, sign the chain's head and publish it as a checkpoint; print the "
        "checkpoint's JSON (keep it: `efiling verify_audit --checkpoint FILE` checks it later)."
    )

    def handle(self, *args, **options):
        self.stdout.write(checkpoint_text(audit_checkpoint_publish()))
