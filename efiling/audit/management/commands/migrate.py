"""Django's `migrate`, run as the database owner when EFILING_MIGRATE_DATABASE_URL is set, then
the application's role (the user of EFILING_DATABASE_URL) granted its privileges on what now
exists (efiling.audit.grants): a new table is usable, and the audit tables stay insert-only."""

from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS

from efiling.audit.grants import connected_as_owner, grants_apply


class Command(DjangoMigrate):
    help = (
        DjangoMigrate.help + " Runs as the owner (EFILING_MIGRATE_DATABASE_URL) when it is set, "
        "then grants the application's role (EFILING_DATABASE_URL) its privileges."
    )

    def handle(self, *args, **options):
        owner = settings.EFILING_MIGRATE_DATABASE
        if owner is None or options["database"] != DEFAULT_DB_ALIAS:
            return super().handle(*args, **options)
        role = settings.DATABASES[DEFAULT_DB_ALIAS]["USER"]
        with connected_as_owner():
            super().handle(*args, **options)
            if options["plan"] or options["check_unapplied"] or not role or role == owner["USER"]:
                return None
            statements = grants_apply(role=role)
        if options["verbosity"]:
            self.stdout.write(f"Granted {role} its privileges ({len(statements)} statements).")
        return None
