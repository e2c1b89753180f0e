from django.db import connection

from tests.conftest import database_vendor_expected


def test_suite_runs_on_the_database_it_was_asked_for(db):
    """CI runs the suite twice; this proves the second run really is on PostgreSQL."""
    assert connection.vendor == database_vendor_expected()
