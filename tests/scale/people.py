"""The cast of the scale-out tests, made in a system's own database before anything is walked
through it over HTTP: `python -m tests.scale.people` in the system's environment (its
EFILING_DATABASE_URL, EFILING_FIELD_KEY, ...) loads the courts and filing codes and makes an
attorney in good standing with money deposited and a filing API token, and a clerk and a
judge of the St. Louis County court with a TOTP second factor. Prints their credentials (and
each one's signature) as JSON on standard output."""

import json
import os

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()

    import pyotp
    from django.core.management import call_command

    from efiling.accounts.models import ApiToken, Role
    from efiling.accounts.tokens import api_token_create
    from efiling.core import clock, secrets_at_rest
    from efiling.courts.models import Court
    from efiling.payments.services import deposit, payment_account_for
    from tests import factories

    call_command("load_courts", verbosity=0)
    call_command("load_filing_codes", verbosity=0)
    court = Court.objects.get(code="SL")
    attorney = factories.user(
        Role.ATTORNEY, email="avery.lawson@example.test", first_name="Avery", last_name="Lawson"
    )
    deposit(account=payment_account_for(attorney), amount_cents=1_000_000, reference="test")
    token = api_token_create(user=attorney, name="firm", scope=ApiToken.Scope.FILE)[1]
    court_people = {}
    for role, name, first, last in (
        (Role.CLERK, "clerk", "Casey", "Clerk"),
        (Role.JUDGE, "judge", "Dana", "Whitfield"),
    ):
        secret = pyotp.random_base32()
        factories.court_staff(
            role,
            court,
            email=f"{name}@example.test",
            first_name=first,
            last_name=last,
            totp_secret=secrets_at_rest.encrypt(secret),
            totp_confirmed_at=clock.now(),
        )
        court_people[name] = {
            "email": f"{name}@example.test",
            "password": factories.PASSWORD,
            "totp": secret,
            "signature": f"/s/ {first} {last}",
        }
    print(json.dumps({"token": token, "signature": "/s/ Avery Lawson", **court_people}))


if __name__ == "__main__":
    main()
