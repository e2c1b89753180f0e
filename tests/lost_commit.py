"""A lost acknowledgement of a COMMIT: the database commits, then the client hears an error,
as when the connection drops between the two. Only a test that really commits can use it
(`transactional_db`); a test's own transaction never commits."""

from __future__ import annotations

from contextlib import contextmanager
from unittest import mock

from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections


@contextmanager
def commit_acknowledgement_lost(table: str):
    """The first COMMIT of a transaction that wrote to `table` (INSERT or UPDATE) commits and
    then raises OperationalError. Yields a list that holds True once it happened."""
    wrote, lost = [], []
    marks = (f'INSERT INTO "{table}"', f'UPDATE "{table}"')

    def watch(execute, sql, params, many, context):
        if sql.lstrip().startswith(marks):
            wrote.append(sql)
        return execute(sql, params, many, context)

    wrapper = connections[DEFAULT_DB_ALIAS]  # this thread's connection
    real_commit = type(wrapper).commit

    def commit(self):
        real_commit(self)
        if wrote and not lost:
            lost.append(True)
            raise OperationalError("server closed the connection unexpectedly (after COMMIT)")

    with (
        connection.execute_wrapper(watch),
        mock.patch.object(wrapper, "commit", commit.__get__(wrapper)),
    ):
        yield lost
