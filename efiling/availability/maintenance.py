"""Planned maintenance windows: posting and cancelling them, the notice rule, and which windows
are upcoming or current (for the banner on every page and the middleware that answers writes
503 during a window; efiling.availability.middleware).

The notice rule (the seed: "announced three business days in advance"): a window is posted on
or before the third business day before the day it starts, counted in the calendar of every
court it covers (weekends, legal holidays and each court's closure days out; the courts'
`business_days_after`, never a count of our own). A window starting on a Monday is posted by
the Wednesday before. A later posting is refused, naming the first day a window posted now may
start, unless it is marked an emergency with a reason, which the public reads on the banner.

Posting records the event "availability.maintenance_posted" (facts: `window`) and cancelling
"availability.maintenance_cancelled" (facts: `window`); the service app, above this one,
notifies registered users of both (efiling.service.handlers)."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction

from efiling.accounts.permissions import Action, is_system_administrator, require
from efiling.audit.services import audit_record
from efiling.availability.models import MaintenanceWindow
from efiling.core import clock
from efiling.core.clock import clock_time
from efiling.core.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    Unavailable,
    ValidationFailed,
)
from efiling.core.events import event_record
from efiling.core.text import clean_text
from efiling.core.words import long_date
from efiling.courts.calendar import business_days_after
from efiling.courts.models import Court, Holiday

NOTICE_BUSINESS_DAYS = 3
# The longest a window may last: a longer one is a typing error, or is posted in parts.
MAX_WINDOW = timedelta(days=14)
# How long a process reuses the windows it read (seconds): the banner and the middleware ask
# on every request; a window posted or cancelled elsewhere shows within this time.
CACHE_SECONDS = 5
WINDOW_NOT_FOUND = "There is no such maintenance window."


def _zone_of(court: Court | None) -> str:
    return court.time_zone if court is not None else settings.EFILING_DEFAULT_TIME_ZONE


def _first_start_in(court: Court | None, posted_at: datetime) -> date:
    """The first local day a window posted at `posted_at` may start in `court`'s calendar (None:
    the statewide one): the day after the third business day counted from the posting day
    itself (so that the posting day is on or before the third business day before it)."""
    posted_day = clock.local_date(posted_at, _zone_of(court))
    third = business_days_after(court, posted_day - timedelta(days=1), NOTICE_BUSINESS_DAYS)
    return third + timedelta(days=1)


def first_allowed_start(
    *, courts: list[Court] | None, posted_at: datetime
) -> tuple[date, Court | None]:
    """The first local day a window covering `courts` (None: every court) may start when posted
    at `posted_at` (UTC), and the court whose calendar sets it (None: the statewide calendar).
    Every covered court counts: the statewide calendar once, and on its own each covered court
    with a closure day before the statewide answer or a zone of its own (its answer can only be
    later). Raises ValidationFailed outside the calendar's years."""
    statewide = _first_start_in(None, posted_at)
    posted_day = clock.local_date(posted_at, settings.EFILING_DEFAULT_TIME_ZONE)
    scope = (
        Court.objects.all()
        if courts is None
        else Court.objects.filter(pk__in=[c.pk for c in courts])
    )
    closed = Holiday.objects.filter(
        court__in=scope, date__gte=posted_day - timedelta(days=1), date__lt=statewide
    ).values("court_id")
    own = scope.filter(pk__in=closed) | scope.exclude(time_zone=settings.EFILING_DEFAULT_TIME_ZONE)
    best, by = statewide, None
    for court in own.order_by("name", "pk"):
        day = _first_start_in(court, posted_at)
        if day > best:
            best, by = day, court
    return best, by


def instant_words(instant: datetime, zone_name: str | None = None) -> str:
    """ "Saturday, March 7, 2026, 10:00 p.m.": an instant in `zone_name` (default: the courts'
    default zone); the zone is not named."""
    local = clock.to_local(instant, zone_name or settings.EFILING_DEFAULT_TIME_ZONE)
    return f"{long_date(local.date())}, {clock_time(local)}"


def window_words(window: MaintenanceWindow) -> str:
    """ "Saturday, March 7, 2026, 10:00 p.m. to Sunday, March 8, 2026, 6:00 a.m. (Central
    time)": a window's times as courts' users read them (the default zone, Missouri's)."""
    return f"{instant_words(window.starts_at)} to {instant_words(window.ends_at)} (Central time)"


def window_courts_words(window: MaintenanceWindow) -> str:
    if window.all_courts:
        return "all courts"
    return ", ".join(court.name for court in window.courts.all())


def window_functions_words(window: MaintenanceWindow) -> str:
    affected = []
    if window.affects_filing:
        affected.append("filing and other changes")
    if window.affects_public_search:
        affected.append("public case search")
    return " and ".join(affected)


def courts_require(user, action: Action, *, courts: list[Court], all_courts: bool, what: str):
    """PermissionDenied unless `user` may do court-scoped `action` in every one of `courts`,
    or, with `all_courts`, is a system administrator (`what` names the thing in the refusal:
    "post maintenance", "manage incidents")."""
    require(user, action)
    if all_courts:
        if not is_system_administrator(user):
            raise PermissionDenied(f"Only a system administrator can {what} for every court.")
        return
    for court in courts:
        require(user, action, court=court)


def _may_post(user, *, courts: list[Court], all_courts: bool) -> None:
    courts_require(
        user,
        Action.SCHEDULE_MAINTENANCE,
        courts=courts,
        all_courts=all_courts,
        what="post maintenance",
    )


@transaction.atomic
def maintenance_post(
    *,
    actor,
    starts_at: datetime,
    ends_at: datetime,
    courts: list[Court],
    all_courts: bool,
    affects_filing: bool,
    affects_public_search: bool,
    message: str,
    emergency: bool = False,
    emergency_reason: str = "",
    request=None,
) -> MaintenanceWindow:
    """Post a window (times aware, stored UTC) for `courts`, or every court with `all_courts`
    (system administrators only; a court administrator posts for courts they administer:
    PermissionDenied otherwise). ValidationFailed (on its field) for no court, no function, an
    end not after the start or already past, a window longer than MAX_WINDOW, an empty message,
    an emergency without a reason, and a start earlier than the notice rule allows (naming the
    first allowed day), unless an emergency; Conflict for the same window (times, courts,
    functions) posted already. Audited; records "availability.maintenance_posted"."""
    _may_post(actor, courts=courts, all_courts=all_courts)
    if not all_courts and not courts:
        raise ValidationFailed(
            "Choose the courts the maintenance covers, or all courts.", field="courts"
        )
    if not (affects_filing or affects_public_search):
        raise ValidationFailed(
            "Choose at least one function the maintenance stops.", field="functions"
        )
    message = clean_text(message, field="message", label="Message", max_length=1000, multiline=True)
    if not message:
        raise ValidationFailed(
            "Write the message users read about the maintenance.", field="message"
        )
    if ends_at <= starts_at:
        raise ValidationFailed("The end must be after the start.", field="end_date")
    now = clock.now()
    if ends_at <= now:
        raise ValidationFailed("The end is already past.", field="end_date")
    if ends_at - starts_at > MAX_WINDOW:
        raise ValidationFailed(
            f"A maintenance window lasts at most {MAX_WINDOW.days} days (the longest shutdown so "
            "far lasted 5.5): check the dates, or post a longer one as several windows.",
            field="end_date",
        )
    same = MaintenanceWindow.objects.filter(
        cancelled_at__isnull=True,
        starts_at=starts_at,
        ends_at=ends_at,
        all_courts=all_courts,
        affects_filing=affects_filing,
        affects_public_search=affects_public_search,
    )
    if any(
        all_courts or {c.pk for c in window.courts.all()} == {c.pk for c in courts}
        for window in same
    ):
        raise Conflict("This maintenance is already posted, for the same courts and times.")
    reason = ""
    if emergency:
        reason = clean_text(
            emergency_reason,
            field="emergency_reason",
            label="Reason",
            max_length=1000,
            multiline=True,
        )
        if not reason:
            raise ValidationFailed(
                "Give the reason for the emergency: the public reads it.", field="emergency_reason"
            )
    else:
        first, by = first_allowed_start(courts=None if all_courts else courts, posted_at=now)
        start_day = clock.local_date(starts_at, _zone_of(by))
        if start_day < first:
            calendar = (
                f"the calendar of the {by.name}" if by is not None else "the courts' calendar"
            )
            raise ValidationFailed(
                f"Planned maintenance is announced {NOTICE_BUSINESS_DAYS} business days ahead: "
                "a window posted "
                f"now starts on {long_date(first)} at the earliest ({calendar}). Mark it an "
                "emergency, with the reason, to post it sooner.",
                field="start_date",
            )
    window = MaintenanceWindow.objects.create(
        starts_at=starts_at,
        ends_at=ends_at,
        all_courts=all_courts,
        affects_filing=affects_filing,
        affects_public_search=affects_public_search,
        message=message,
        emergency=emergency,
        emergency_reason=reason,
        posted_by=actor,
        posted_at=now,
    )
    if not all_courts:
        window.courts.set(courts)
    audit_record(
        action="availability.maintenance_posted",
        target=window,
        actor=actor,
        request=request,
        details={
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat(),
            "courts": "all" if all_courts else sorted(c.code for c in courts),
            "filing": affects_filing,
            "public_search": affects_public_search,
            "emergency": emergency,
        },
    )
    event_record("availability.maintenance_posted", window=window)
    transaction.on_commit(windows_forget)
    return window


def windows_for_administration(user):
    """The windows `user` may cancel and sees on the maintenance page, latest start first: all
    of them for a system administrator; else those covering a court they administer."""
    require(user, Action.SCHEDULE_MAINTENANCE)
    rows = MaintenanceWindow.objects.prefetch_related("courts").order_by("-starts_at", "-pk")
    if is_system_administrator(user):
        return rows
    return rows.filter(courts__in=user.court_assignments.values("court")).distinct()


def maintenance_get_for_administration(*, user, window_id: int) -> MaintenanceWindow:
    """A window `user` may cancel (every covered court theirs; all courts: system
    administrators); NotFound in the same words for one that does not exist or is not theirs."""
    require(user, Action.SCHEDULE_MAINTENANCE)
    window = MaintenanceWindow.objects.filter(pk=window_id).first()
    if window is None:
        raise NotFound(WINDOW_NOT_FOUND)
    try:
        _may_post(user, courts=list(window.courts.all()), all_courts=window.all_courts)
    except PermissionDenied:
        raise NotFound(WINDOW_NOT_FOUND) from None
    return window


@transaction.atomic
def maintenance_cancel(*, actor, window: MaintenanceWindow, request=None) -> MaintenanceWindow:
    """Cancel a window that has not ended (ValidationFailed once ended or already cancelled):
    the banner drops it, writes are taken again. A window not yet begun is cancelled
    (`cancelled_at`; it was never an outage); one already in force ends now instead (its
    `ends_at` moved to now), so the time it stopped filing stays in the history, the status
    page and the records of filing attempts (Rule 103.06). Audited
    ("availability.maintenance_cancelled", or "availability.maintenance_ended_early" with the
    planned end); records the event of the same name (users are told)."""
    window = MaintenanceWindow.objects.select_for_update().get(pk=window.pk)
    if window.cancelled_at is not None:
        raise ValidationFailed("This maintenance is already cancelled.")
    now = clock.now()
    if window.ends_at <= now:
        raise ValidationFailed("This maintenance is over: it cannot be cancelled.")
    if window.starts_at <= now:
        planned_end = window.ends_at
        window.ends_at = now
        window.save(update_fields=["ends_at"])
        action = "availability.maintenance_ended_early"
        details = {"planned_end": planned_end.isoformat()}
    else:
        window.cancelled_at, window.cancelled_by = now, actor
        window.save(update_fields=["cancelled_at", "cancelled_by"])
        action, details = "availability.maintenance_cancelled", None
    audit_record(action=action, target=window, actor=actor, request=request, details=details)
    event_record(action, window=window)
    transaction.on_commit(windows_forget)
    return window


@dataclass(frozen=True)
class Announced:
    """What the banner says of one window, read once from the database."""

    window: MaintenanceWindow
    when: str
    where: str
    what: str

    @property
    def current(self) -> bool:
        return self.window.starts_at <= clock.now() < self.window.ends_at


_cache: dict = {"read_at": None, "windows": ()}


def windows_posted():
    """The windows posted, not cancelled and not ended (a queryset, courts prefetched)."""
    return MaintenanceWindow.objects.filter(
        cancelled_at__isnull=True, ends_at__gt=clock.now()
    ).prefetch_related("courts")


def windows_forget() -> None:
    """Read the windows again at the next request (after a window is posted or cancelled)."""
    _cache["read_at"] = None


def windows_announced() -> tuple[Announced, ...]:
    """The windows posted and not cancelled that have not ended, by start: the banner's and the
    middleware's. One query (two when there are windows naming courts), at most once every
    CACHE_SECONDS per process; windows that end meanwhile are dropped at each call."""
    read_at = _cache["read_at"]
    if read_at is None or not 0 <= time.monotonic() - read_at < CACHE_SECONDS:
        rows = windows_posted().order_by("starts_at", "pk")
        _cache["windows"] = tuple(
            Announced(w, window_words(w), window_courts_words(w), window_functions_words(w))
            for w in rows
        )
        _cache["read_at"] = time.monotonic()
    now = clock.now()
    return tuple(a for a in _cache["windows"] if a.window.ends_at > now)


def window_stopping(function: str, *, court: Court | None = None) -> MaintenanceWindow | None:
    """The current window that stops `function` (MaintenanceWindow.Function), the one ending
    last, or None: without `court`, only windows for every court (what the middleware can tell
    before a view runs); with `court`, also the windows naming that court."""
    now = clock.now()
    field = {
        MaintenanceWindow.Function.FILING: "affects_filing",
        MaintenanceWindow.Function.PUBLIC_SEARCH: "affects_public_search",
    }[function]

    def covers(window: MaintenanceWindow) -> bool:
        if window.all_courts:
            return True
        return court is not None and any(c.pk == court.pk for c in window.courts.all())

    stopping = [
        a.window
        for a in windows_announced()
        if getattr(a.window, field) and a.window.starts_at <= now and covers(a.window)
    ]
    return max(stopping, key=lambda w: w.ends_at, default=None)


def retry_after_seconds(window: MaintenanceWindow) -> int:
    """Whole seconds from now to the window's end, at least 1 (the Retry-After header)."""
    return max(1, math.ceil((window.ends_at - clock.now()).total_seconds()))


def maintenance_check(function: str, *, court: Court | None) -> None:
    """Raise Unavailable (503, code "maintenance", `retry_after` the seconds to the window's
    end) when a current window stops `function` in `court` (every court's windows and those
    naming it), naming the window's end in the court's local time. Nothing is written before
    it, so a draft stays as it was saved."""
    window = window_stopping(function, court=court)
    if window is None:
        return
    local = clock.to_local(window.ends_at, _zone_of(court))
    end = f"{long_date(local.date())}, {clock_time(local)} ({local.tzname()})"
    named = court is not None and not window.all_courts
    if function == MaintenanceWindow.Function.FILING:
        where = f" in the {court.name}" if named else ""
        message = (
            f"Filing and other changes{where} are stopped for planned maintenance until {end}. "
            "Nothing was changed (a draft stays as it was saved): try again after the "
            "maintenance ends."
        )
    else:
        where = f" of the {court.name}" if named else ""
        message = (
            f"The public case pages{where} are stopped for planned maintenance until {end}: "
            "try again after the maintenance ends."
        )
    raise Unavailable(
        message,
        retry_after=retry_after_seconds(window),
        code="maintenance",
    )


def court_writes_stopped_check(court: Court) -> None:
    """The maintenance gate of every write for `court` (efiling.core.court_writes, added by
    AvailabilityConfig.ready): Unavailable while a current window that stops filing and other
    changes covers it (a window naming it, or one for every court)."""
    maintenance_check(MaintenanceWindow.Function.FILING, court=court)
