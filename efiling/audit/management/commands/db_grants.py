from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connection

from efiling.audit.grants import connected_as_owner, grant_statements, grants_apply


class Command(BaseCommand):
    help = (
        "Print (or, with --apply, run as the owner: EFILING_MIGRATE_DATABASE_URL when set) the "
        "GRANTs of the application's PostgreSQL role: SELECT, INSERT, UPDATE, DELETE on every "
        "table, but only SELECT and INSERT on the audit tables. `efiling migrate` applies them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--role",
            help="the application's role (default: the user of EFILING_DATABASE_URL)",
        )
        parser.add_argument("--apply", action="store_true", help="run the statements")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Database roles and GRANTs are for PostgreSQL.")
        role = options["role"] or settings.DATABASES[DEFAULT_DB_ALIAS]["USER"]
        if not role:
            raise CommandError("Name the application's role with --role.")
        try:
            with connected_as_owner():
                statements = (grants_apply if options["apply"] else grant_statements)(role=role)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for statement in statements:
            self.stdout.write(statement + ";")
        if options["apply"]:
            self.stdout.write(f"Granted {role} its privileges ({len(statements)} statements).")
