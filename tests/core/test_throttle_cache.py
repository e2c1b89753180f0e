"""The throttle's database cache (efiling.core.throttle_cache): `add` stores only a missing or
expired key, `incr` counts every increment of every connection, a count keeps its expiry, and
the table made by `migrate` is the one the throttle uses."""

import threading
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, connections

from efiling.core.throttle_cache import AtomicDatabaseCache

THREADS = 4
EACH = 10
START = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
LATER = datetime(2026, 3, 2, 15, 2, tzinfo=UTC)  # past a 60-second expiry


@pytest.fixture
def cache():
    throttle = caches["throttle"]
    throttle.clear()
    yield throttle
    throttle.clear()


@pytest.mark.django_db
def test_add_stores_a_missing_key_once(cache):
    assert cache.add("k", 1, 60) is True
    assert cache.add("k", 5, 60) is False
    assert cache.get("k") == 1


@pytest.mark.django_db
def test_add_replaces_an_expired_key(cache):
    with time_machine.travel(START, tick=False):
        assert cache.add("k", 7, 60)
    with time_machine.travel(LATER, tick=False):
        assert cache.add("k", 1, 60) is True
        assert cache.get("k") == 1


@pytest.mark.django_db
def test_incr_counts_and_keeps_the_expiry(cache):
    with time_machine.travel(START, tick=False):
        cache.add("k", 1, 60)
        assert cache.incr("k") == 2
        assert cache.incr("k", 3) == 5
        assert cache.get("k") == 5
    with time_machine.travel(LATER, tick=False):
        with pytest.raises(ValueError):
            cache.incr("k")
        assert cache.get("k") is None


@pytest.mark.django_db
def test_incr_of_a_missing_key_is_a_value_error(cache):
    with pytest.raises(ValueError):
        cache.incr("never-set")


@pytest.mark.django_db
def test_adding_past_max_entries_culls(cache):
    small = AtomicDatabaseCache(cache._table, {"OPTIONS": {"MAX_ENTRIES": 6}})
    for n in range(20):
        small.add(f"k{n}", 1, 60)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(cache._table)}")  # noqa: S608
        assert cursor.fetchone()[0] <= 7


@pytest.mark.django_db(transaction=True)
def test_concurrent_increments_are_all_counted(cache):
    cache.add("k", 0, 600)
    errors = []

    def count():
        try:
            for _ in range(EACH):
                cache.incr("k")
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=count) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert cache.get("k") == THREADS * EACH


@pytest.mark.django_db(transaction=True)
def test_migrate_makes_the_throttle_table():
    table = caches["throttle"]._table
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)}")
    call_command("migrate", "public", "zero", verbosity=0)
    call_command("migrate", "public", verbosity=0)
    assert table in connection.introspection.table_names()
    assert "throttle" not in connection.introspection.table_names()
