"""The application's PostgreSQL role may INSERT and SELECT audit rows and nothing more: PostgreSQL
itself refuses it UPDATE, DELETE and TRUNCATE, whatever the triggers. Migrations and the test
clean-up run as the owner."""

import io
import os
import shutil
import subprocess
import uuid

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import ProgrammingError, connection, transaction
from psycopg import sql

from efiling.audit.checkpoints import audit_checkpoint_publish
from efiling.audit.grants import grant_statements, grants_apply, role_checked
from efiling.audit.models import AuditLink
from efiling.audit.verify import audit_chain_verify
from efiling.courts.models import Court
from tests.audit.helpers import chain_now, raw, record

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database roles are PostgreSQL's"
)
AUDIT_TABLES = (
    ("audit_auditevent", "action"),
    ("audit_auditlink", "hash"),
    ("audit_auditcheckpoint", "hash"),
)


def _refused(statement: str) -> None:
    with (
        pytest.raises(ProgrammingError, match=r"permission denied|must be owner"),
        transaction.atomic(),
    ):
        raw(statement)


@pytest.mark.postgres_only
@on_postgresql
def test_the_application_role_records_and_chains_but_cannot_change_the_trail(court):
    role = f"efiling_app_{os.getpid()}"  # roles belong to the server: one per test run
    raw(f"CREATE ROLE {role}")  # rolled back with the test's transaction
    grants_apply(role=role)
    raw(f"SET ROLE {role}")
    try:
        events = record(2)
        chain_now()
        assert AuditLink.objects.filter(event__in=events).count() == 2
        assert audit_checkpoint_publish() is not None
        assert audit_chain_verify().intact
        Court.objects.filter(pk=court.pk).update(seat="Clayton")  # ordinary tables: all of DML
        for table, column in AUDIT_TABLES:
            _refused(f"UPDATE {table} SET {column} = 'x'")  # noqa: S608 - our table names
            _refused(f"DELETE FROM {table}")  # noqa: S608
            _refused(f"TRUNCATE {table} CASCADE")
            _refused(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
        _refused("DELETE FROM django_migrations")
        _refused("TRUNCATE courts_court CASCADE")
    finally:
        raw("RESET ROLE")
    assert Court.objects.get(pk=court.pk).seat == "Clayton"


@pytest.mark.postgres_only
@on_postgresql
def test_db_grants_prints_the_statements(db):
    out = io.StringIO()
    call_command("db_grants", "--role", "efiling_app", stdout=out)
    printed = out.getvalue().splitlines()
    assert 'GRANT SELECT, INSERT ON TABLE "audit_auditlink" TO efiling_app;' in printed
    assert 'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "courts_court" TO efiling_app;' in printed
    assert 'GRANT SELECT ON TABLE "django_migrations" TO efiling_app;' in printed
    assert not any("TRUNCATE" in line for line in printed)
    assert printed == [s + ";" for s in grant_statements(role="efiling_app")]


def test_db_grants_refuses_a_role_name_that_is_not_plain(db):
    with pytest.raises(ValueError, match="not a plain role name"):
        role_checked("app; DROP TABLE x")
    if connection.vendor == "sqlite":
        with pytest.raises(CommandError, match="PostgreSQL"):
            call_command("db_grants", "--role", "efiling_app")


@pytest.mark.postgres_only
@on_postgresql
def test_deploying_with_an_owner_and_an_application_role_end_to_end(tmp_path):
    """`efiling migrate` runs as the owner (EFILING_MIGRATE_DATABASE_URL) and grants the
    application's role; the system then runs as that role and cannot rewrite the trail."""
    server = settings.DATABASES["default"]
    host, port, owner = server["HOST"] or "127.0.0.1", server["PORT"] or 5432, server["USER"]
    suffix = uuid.uuid4().hex[:8]
    name, role = f"efiling_deploy_{suffix}", f"efiling_app_{suffix}"

    def admin(*statements):
        with psycopg.connect(host=host, port=port, user=owner, dbname="postgres") as conn:
            conn.autocommit = True
            for statement in statements:
                conn.execute(statement)

    admin(
        sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)),
        sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)),
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EFILING_"))}
    env |= {
        "EFILING_DATA_DIR": str(tmp_path),
        "EFILING_DATABASE_URL": f"postgres://{role}@{host}:{port}/{name}",
        "EFILING_MIGRATE_DATABASE_URL": f"postgres://{owner}@{host}:{port}/{name}",
    }

    def efiling(*args):
        return subprocess.run(  # noqa: S603
            [shutil.which("efiling"), *args], env=env, capture_output=True, text=True, timeout=300
        )

    try:
        migrated = efiling("migrate", "--verbosity", "1")
        assert migrated.returncode == 0, migrated.stderr
        assert f"Granted {role} its privileges" in migrated.stdout
        assert efiling("load_courts").returncode == 0
        verified = efiling("verify_audit")
        assert verified.returncode == 0 and "Audit chain intact" in verified.stdout
        with psycopg.connect(host=host, port=port, user=role, dbname=name) as conn:
            for statement in ("UPDATE audit_auditlink SET hash = 'x'", "TRUNCATE audit_auditevent"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(statement)
                conn.rollback()
    finally:
        admin(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)),
            sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)),
        )
