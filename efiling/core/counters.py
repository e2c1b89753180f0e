"""Gapless numbering. A sequence skips numbers on rollback; `max()+1` repeats them. One row per
counter, advanced with INSERT ... ON CONFLICT DO UPDATE ... RETURNING inside the caller's
transaction: the row stays locked until commit, and a rollback takes the number back with it."""

from django.db import connection, transaction

from efiling.core.models import Counter


def counter_next(key: str) -> int:
    if not connection.in_atomic_block:
        raise RuntimeError("counter_next must run inside the transaction that uses the number")
    table = connection.ops.quote_name(Counter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, value) VALUES (%s, 1) "  # noqa: S608 - table name is ours
            f"ON CONFLICT (key) DO UPDATE SET value = {table}.value + 1 RETURNING value",
            [key],
        )
        return cursor.fetchone()[0]


def counter_peek(key: str) -> int:
    with transaction.atomic():
        row = Counter.objects.filter(key=key).first()
        return row.value if row else 0
