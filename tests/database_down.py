"""Database outages for tests, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection, connections

from tests.gunicorn_server import unused_port


@contextmanager
def database_down():
    """The database stops answering: this process's connection points where no database is
    (a folder that does not exist for SQLite, a closed port for PostgreSQL)."""
    settings = connection.settings_dict
    saved = dict(settings)
    connection.close()
    if connection.vendor == "sqlite":
        settings["NAME"] = "/nonexistent/efiling/down.sqlite3"
    else:
        settings["PORT"] = str(unused_port())
    try:
        yield
    finally:
        connection.close()
        settings.clear()
        settings.update(saved)


def backends_terminate(database: str, *, application_name: str | None = None) -> int:
    """PostgreSQL: end every other session on `database` (pg_terminate_backend, as an
    administrator or a server restart would), or only those of `application_name`. Returns how
    many were ended. Runs on a connection of its own."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid() AND pid <> %s "
                "AND (%s::text IS NULL OR application_name = %s)",
                [database, _own_pid(), application_name, application_name],
            )
            return cursor.fetchone()[0]
    finally:
        other.close()


def _own_pid() -> int:
    """This process's own session on the test database (kept: the test goes on using it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]
