"""Django's `migrate`, run as the database owner when EFILING_MIGRATE_DATABASE_URL is set (the
`owner` connection), then the application's role granted its privileges on what now exists
(efiling.audit.grants): a new table is usable, and the audit tables stay insert-only."""

from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrate

from efiling.audit.grants import grants_apply

OWNER = "owner"


class Command(DjangoMigrate):
    help = (
        DjangoMigrate.help + " Runs as the owner (EFILING_MIGRATE_DATABASE_URL) when it is set, "
        "then grants the application's role (EFILING_DATABASE_URL) its privileges."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        if OWNER in settings.DATABASES:
            parser.set_defaults(database=OWNER)

    def handle(self, *args, **options):
        super().handle(*args, **options)
        if options["database"] != OWNER or options["plan"] or options["check_unapplied"]:
            return
        role = settings.DATABASES["default"]["USER"]
        if role and role != settings.DATABASES[OWNER]["USER"]:
            statements = grants_apply(role=role, using=OWNER)
            if options["verbosity"]:
                self.stdout.write(f"Granted {role} its privileges ({len(statements)} statements).")
