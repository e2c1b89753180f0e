"""A database cache whose `add` and `incr` are atomic and cheap, for counting requests
(efiling.public.throttle, decision 0019), which calls `add` then `incr` on every public request.

Django's DatabaseCache increments by reading and writing again, so two web processes counting
the same client at once could both write the same count; and each of its writes first counts
the whole table (SELECT COUNT(*), to cull it) and runs in a transaction of its own. Here:

- `add` is two single statements: an UPDATE that replaces the key's row if it has expired,
  then an INSERT ... ON CONFLICT DO NOTHING (False when a live row is there). When the key is
  live (every request of a window but the first) neither writes, so neither makes PostgreSQL
  flush a commit to disk (an ON CONFLICT DO UPDATE would: it locks the row even when its WHERE
  refuses). Only when it stored a row is the table counted and culled (as Django's cache culls:
  expired rows, then a share past MAX_ENTRIES): once per client per window, not per request.
- `incr` reads the row locked (SELECT ... FOR UPDATE on PostgreSQL; on SQLite the write lock,
  taken at once by the project's IMMEDIATE transactions) and writes the new value in the same
  transaction: every process of every machine counts every request. On PostgreSQL that
  transaction commits without waiting for the disk (synchronous_commit off for it alone): a
  server crash may forget the last moment's counts, which lets a few requests more through.
  The row keeps its expiry (as memcached and Redis keep it), so a window's count disappears
  with its window.

Values are stored as Django's DatabaseCache stores them (pickled, base64), so `get`, `set` and
`delete` are Django's own.
"""

from __future__ import annotations

import base64
import pickle
from datetime import UTC, datetime

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils.timezone import now as tz_now


class AtomicDatabaseCache(DatabaseCache):
    def connection(self):
        """The database connection the counts are written on (the primary)."""
        return connections[router.db_for_write(self.cache_model_class)]

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        """Store `value` under `key` for `timeout` seconds unless a live value is there:
        True when stored, False when the key was already set."""
        stored_key = self.make_and_validate_key(key, version=version)
        connection = self.connection()
        ops = connection.ops
        table = ops.quote_name(self._table)
        timeout = self.get_backend_timeout(timeout)
        if timeout is None:
            expires = datetime.max.replace(tzinfo=UTC)
        else:
            expires = datetime.fromtimestamp(timeout, tz=UTC)
        expires = ops.adapt_datetimefield_value(expires.replace(microsecond=0))
        now = tz_now().replace(microsecond=0)
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET value = %s, expires = %s "  # noqa: S608
                "WHERE cache_key = %s AND expires < %s",
                [encoded, expires, stored_key, ops.adapt_datetimefield_value(now)],
            )
            stored = cursor.rowcount == 1
            if not stored:
                cursor.execute(
                    f"INSERT INTO {table} (cache_key, value, expires) "  # noqa: S608
                    "VALUES (%s, %s, %s) ON CONFLICT (cache_key) DO NOTHING",
                    [stored_key, encoded, expires],
                )
                stored = cursor.rowcount == 1
            if stored:
                cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
                entries = cursor.fetchone()[0]
                if entries > self._max_entries:
                    self._cull(connection.alias, cursor, now, entries)
        return stored

    def incr(self, key, delta=1, version=None):
        """The value under `key` plus `delta`, stored and returned; ValueError when the key
        is missing or expired (as every Django cache answers)."""
        stored_key = self.make_and_validate_key(key, version=version)
        connection = self.connection()
        ops = connection.ops
        table = ops.quote_name(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # A count lost in a crash of the server costs nothing; waiting for the disk
                # on every public request does.
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
            cursor.execute(
                f"SELECT value FROM {table} WHERE cache_key = %s AND expires >= %s{lock}",  # noqa: S608
                [stored_key, ops.adapt_datetimefield_value(tz_now().replace(microsecond=0))],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(ops.process_clob(row[0]).encode())) + delta  # noqa: S301
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET value = %s WHERE cache_key = %s",  # noqa: S608
                [encoded, stored_key],
            )
        return value
