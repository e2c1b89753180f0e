from datetime import datetime

import pytest

from efiling.core import clock

# The tests schedule hearings in the week after Thanksgiving 2026: "now" is the Friday before.
BEFORE_THE_TEST_DATES = datetime(2026, 11, 20, 18, 0, tzinfo=clock.UTC)


@pytest.fixture(autouse=True)
def _before_the_test_dates(pinned_clock):
    pinned_clock(BEFORE_THE_TEST_DATES)
