"""Gapless numbering. A sequence skips numbers on rollback; `max()+1` repeats them. One row per
counter, advanced with INSERT ... ON CONFLICT DO UPDATE ... RETURNING inside the caller's
transaction: the row stays locked until commit, and a rollback takes the number back with it."""

from django.db import connection, transaction

from efiling.core.models import Counter


def counter_next(key: str) -> int:
    return counter_advance(key, 1)


def counter_advance(key: str, by: int) -> int:
    """Take the next `by` numbers of counter `key` at once (a block for a bulk load) and return
    the last of them: the block is last-by+1 .. last. Same locking as counter_next."""
    if not connection.in_atomic_block:
        raise RuntimeError("A counter advances inside the transaction that uses the number")
    if by < 1:
        raise ValueError("A counter advances by at least 1.")
    table = connection.ops.quote_name(Counter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, value) VALUES (%s, %s) "  # noqa: S608 - table name is ours
            f"ON CONFLICT (key) DO UPDATE SET value = {table}.value + %s RETURNING value",
            [key, by, by],
        )
        return cursor.fetchone()[0]


def counter_peek(key: str) -> int:
    with transaction.atomic():
        row = Counter.objects.filter(key=key).first()
        return row.value if row else 0
