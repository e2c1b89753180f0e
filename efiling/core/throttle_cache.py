"""A database cache whose `incr` is atomic, for counting requests (efiling.public.throttle,
decision 0019). Django's DatabaseCache increments by reading and writing again, so two web
processes counting the same client at once could both write the same count. Here the row is
locked first by an UPDATE that changes nothing (a row lock on PostgreSQL; on SQLite the
write lock, taken at once by the project's IMMEDIATE transactions), then read and written
inside that transaction: every process of every machine counts every request.

An incremented value keeps the cache's default TIMEOUT from then on (Django's own `incr`
does the same); the settings give the throttle cache a TIMEOUT longer than any window.
"""

from __future__ import annotations

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


class AtomicDatabaseCache(DatabaseCache):
    def incr(self, key, delta=1, version=None):
        """The value under `key` plus `delta`, stored and returned; ValueError when the key
        is missing or expired (as every Django cache answers)."""
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        stored_key = self.make_and_validate_key(key, version=version)
        with transaction.atomic(using=db):
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET cache_key = cache_key WHERE cache_key = %s",  # noqa: S608
                    [stored_key],
                )
            value = self.get(key, version=version)
            if value is None:
                raise ValueError(f"Key '{key}' not found")
            value += delta
            self.set(key, value, version=version)
        return value
