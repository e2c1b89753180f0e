"""The application's database role in production (PostgreSQL): everything it needs, and on the
audit trail only INSERT and SELECT.

A trigger alone is hollow while the application owns the tables (an owner can disable it), so
the owner (EFILING_MIGRATE_DATABASE_URL) runs migrations and the application connects as a role
that owns nothing (EFILING_DATABASE_URL). This module writes the GRANTs that role needs: SELECT,
INSERT, UPDATE, DELETE on every table of the project, but only SELECT and INSERT on the audit
tables, only SELECT on the migration history, and the use of every sequence. It grants no
TRUNCATE, REFERENCES or TRIGGER anywhere, and the role cannot ALTER or DROP what it does not own.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from efiling.audit.models import AuditCheckpoint, AuditEvent, AuditLink

AUDIT_TABLES = tuple(model._meta.db_table for model in (AuditEvent, AuditLink, AuditCheckpoint))
MIGRATIONS_TABLE = "django_migrations"
ROLE_PATTERN = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def role_checked(role: str) -> str:
    """A role name safe to write into SQL: lower-case letters, digits and underscores."""
    if not ROLE_PATTERN.match(role):
        raise ValueError(
            f"{role!r} is not a plain role name (lower-case letters, digits, underscores)."
        )
    return role


def grant_statements(*, role: str, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The SQL that gives `role` its privileges on the tables and sequences that exist now in
    the current schema of database `using` (PostgreSQL). Each table's privileges are revoked
    and granted again, so running it again, or after a migration, converges. Raises ValueError
    for a role name that is not plain."""
    role = role_checked(role)
    connection = connections[using]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = cursor.fetchone()[0]
        cursor.execute(
            "SELECT c.relname, c.relkind FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'S') ORDER BY c.relname",
            [schema],
        )
        rows = cursor.fetchall()
    statements = [f"GRANT USAGE ON SCHEMA {quote(schema)} TO {role}"]
    for name, kind in rows:
        if kind == "S":
            statements.append(f"GRANT USAGE, SELECT ON SEQUENCE {quote(name)} TO {role}")
            continue
        statements.append(f"REVOKE ALL ON TABLE {quote(name)} FROM {role}")
        if name in AUDIT_TABLES:
            privileges = "SELECT, INSERT"
        elif name == MIGRATIONS_TABLE:
            privileges = "SELECT"
        else:
            privileges = "SELECT, INSERT, UPDATE, DELETE"
        statements.append(f"GRANT {privileges} ON TABLE {quote(name)} TO {role}")
    return statements


def grants_apply(*, role: str, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Run grant_statements in one transaction on `using` (connected as the owner)."""
    statements = grant_statements(role=role, using=using)
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return statements


CONNECTION_KEYS = ("NAME", "USER", "PASSWORD", "HOST", "PORT", "OPTIONS")


@contextmanager
def connected_as_owner():
    """For the duration, the default connection logs in as the database owner
    (settings.EFILING_MIGRATE_DATABASE, from EFILING_MIGRATE_DATABASE_URL) when one is set: so
    migrations, their data steps included, all run as the owner on one connection."""
    owner = settings.EFILING_MIGRATE_DATABASE
    if owner is None:
        yield
        return
    wrapper = connections[DEFAULT_DB_ALIAS]
    saved = {key: wrapper.settings_dict[key] for key in CONNECTION_KEYS}
    wrapper.close()
    wrapper.settings_dict.update({key: owner.get(key, saved[key]) for key in CONNECTION_KEYS})
    try:
        yield
    finally:
        wrapper.close()
        wrapper.settings_dict.update(saved)
