from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from efiling.audit.grants import grant_statements, grants_apply


class Command(BaseCommand):
    help = (
        "Print (or, with --apply, run as the owner) the GRANTs of the application's PostgreSQL "
        "role: SELECT, INSERT, UPDATE, DELETE on every table, but only SELECT and INSERT on the "
        "audit tables."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--role",
            help="the application's role (default: the user of EFILING_DATABASE_URL)",
        )
        parser.add_argument("--apply", action="store_true", help="run the statements")
        parser.add_argument(
            "--database",
            default="owner" if "owner" in settings.DATABASES else "default",
            help="the connection to read the tables through and to grant with: the owner's "
            "(EFILING_MIGRATE_DATABASE_URL) when set",
        )

    def handle(self, *args, **options):
        using = options["database"]
        if connections[using].vendor != "postgresql":
            raise CommandError("Database roles and GRANTs are for PostgreSQL.")
        role = options["role"] or settings.DATABASES["default"]["USER"]
        if not role:
            raise CommandError("Name the application's role with --role.")
        try:
            statements = (grants_apply if options["apply"] else grant_statements)(
                role=role, using=using
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for statement in statements:
            self.stdout.write(statement + ";")
        if options["apply"]:
            self.stdout.write(f"Granted to {role}: {len(statements)} statements.")
