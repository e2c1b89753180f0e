from django.core.management.base import BaseCommand

from efiling.core import signing


class Command(BaseCommand):
    help = (
        "List the signing keys of EFILING_SIGNING_KEYS (key id, public key; the first signs). "
        "With --generate, print a new private key to put first in the list (rotation)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--generate", action="store_true", help="print a new private key and its public key"
        )

    def handle(self, *args, **options):
        if options["generate"]:
            private = signing.generate_private_key_text()
            key = signing.keyring(private)[0]
            self.stdout.write(f"private key (secret: put it first in the list) {private}")
            self.stdout.write(f"key id {key.key_id}, public key {key.public_base64}")
            return
        for position, key in enumerate(signing.signing_keys()):
            if not key.can_sign:
                role = "verifies (public key only)"
            else:
                role = "signs and verifies" if position == 0 else "verifies"
            self.stdout.write(f"{key.key_id}\t{key.public_base64}\t{role}")
