"""When a summons must be served and returned, and when it has expired (issue 14).

Missouri Supreme Court Rule 54.21 (Time for Service and Return): "The officer or other person
receiving a summons or other process shall serve the same and make return of service promptly.
If the process cannot be served it shall be returned to the court within thirty days after the
date of issue with a statement of the reason for the failure to serve the same; provided,
however, that the time for service thereof may be extended up to ninety days from the date of
issue by order of the court." (Rule text as amended through June 4, 2024: casetext.com, Mo. R.
Civ. P. 54.21.) The rule draws no line between service in and outside the state.

The period is court data (CourtPolicy.summons_return_days, default courts.models
.SUMMONS_RETURN_DAYS), counted under Rule 44.01(a) with the court's calendar from the day of
issue in the court's zone: a last day on a Saturday, Sunday, legal holiday or closure day runs
to the next day the court is open. The date is fixed when the summons is issued
(Summons.return_by, printed on it). After it, the summons has expired: service on a later day is
refused (the time for service has run), and the clerk may reissue it (an alias summons).
"""

from __future__ import annotations

from datetime import date, datetime

from efiling.core import clock
from efiling.courts.calendar import deadline_compute
from efiling.courts.models import Court
from efiling.courts.services import court_policy


def summons_return_by(*, court: Court, issued_at: datetime) -> date:
    """The court's date by which a summons issued at `issued_at` (an instant) is served and
    returned: `summons_return_days` of the court's policy after the day of issue in the court's
    zone, under Rule 44.01(a) with the court's calendar. ValidationFailed only for a date
    outside the calendar's years (courts.calendar)."""
    issued_on = clock.local_date(issued_at, court.time_zone)
    days = court_policy(court=court).summons_return_days
    return deadline_compute(court=court, start=issued_on, days=days).due


def summons_expired(summons, *, today: date | None = None) -> bool:
    """Whether an issued summons' time for service has run: the court's today (or `today`) is
    after its return-by date. False for one without a return-by date (not issued yet)."""
    if summons.return_by is None:
        return False
    if today is None:
        today = clock.today(summons.case.court.time_zone)
    return today > summons.return_by
