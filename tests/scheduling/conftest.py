from datetime import datetime

import pytest

from efiling.accounts.models import Role
from efiling.core import clock
from efiling.scheduling.models import Courtroom
from tests import factories

# The tests schedule hearings in the week after Thanksgiving 2026: "now" is the Friday before.
BEFORE_THE_TEST_DATES = datetime(2026, 11, 20, 18, 0, tzinfo=clock.UTC)


@pytest.fixture(autouse=True)
def _before_the_test_dates(pinned_clock):
    pinned_clock(BEFORE_THE_TEST_DATES)


@pytest.fixture
def clerk(court):
    return factories.court_staff(Role.CLERK, court, first_name="Casey", last_name="Clerk")


@pytest.fixture
def judge(court):
    return factories.court_staff(Role.JUDGE, court, first_name="Jordan", last_name="Reyes")


@pytest.fixture
def room(court):
    """Division 3, with the standard hours (no rows of its own)."""
    return Courtroom.objects.create(court=court, name="Division 3")


@pytest.fixture
def case(court, attorney):
    return factories.case(court, counsel=[attorney], number="26SL-CC00001")
