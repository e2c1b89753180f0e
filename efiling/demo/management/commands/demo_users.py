from django.conf import settings
from django.core.management.base import BaseCommand

from efiling.demo.users import demo_credentials_path, demo_users_ensure


class Command(BaseCommand):
    help = (
        "Create one demo user per role and a system administrator (embedded mode) and print "
        "their passwords."
    )

    def handle(self, *args, **options):
        rows = demo_users_ensure()
        self.stdout.write(
            f"Demo users (sign in at /accounts/sign-in/; kept in {demo_credentials_path()}):"
        )
        width = max((len(role) for role, _, _ in rows), default=0)
        for role, email, password in rows:
            self.stdout.write(f"  {role:<{width}}  {email:<40}  {password}")
        self.stdout.write(
            "Court staff (clerk, judge, administrator, help desk) and the sheriff's office set up "
            "a second factor at first sign-in. To try registering, use bar number 61002 "
            "(Nora Newcomer); 61003 is suspended. "
            f"E-mail goes to {getattr(settings, 'EMAIL_FILE_PATH', 'the configured mail server')}."
        )
