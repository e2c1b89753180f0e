from django.core.management.base import BaseCommand, CommandError

from efiling.accounts.two_factor import totp_secrets_reencrypt


class Command(BaseCommand):
    help = (
        "After putting a new key first in EFILING_FIELD_KEY, re-encrypt the stored secrets "
        "under it; the older keys can then be removed."
    )

    def handle(self, *args, **options):
        done, unreadable = totp_secrets_reencrypt()
        self.stdout.write(f"Re-encrypted {done} second-factor secret(s) under the first key.")
        if unreadable:
            raise CommandError(
                f"{len(unreadable)} secret(s) open with no key in EFILING_FIELD_KEY (users "
                f"{', '.join(map(str, unreadable))}): keep the old key listed, or have those "
                "users set up their second factor again."
            )
