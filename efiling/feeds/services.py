"""A personal iCalendar feed (RFC 5545) of the user's hearings and deadlines, at a secret
address that calendar programs poll, so that calendars update by themselves (issue 12).

Whose: a filer's feed holds the hearings and open deadlines of the cases they may see (for
staff, those of each attorney who authorized them); a judge's the hearings they preside over; a
clerk's the hearings of their courts. Read at each poll with the access rules of that moment:
a case the user can no longer see leaves the feed, and a user who may no longer use a feed
(deactivated, role changed) gets the answer of an address that does not exist.

What an event says: the hearing's kind or the deadline's title, the case number, court,
courtroom and judge, and a link that requires sign-in. Never a caption or a party's name: a
feed is copied into calendar services outside the court, as an e-mail is, and follows the
notices' rule (case numbers, no text of the case).

Bounded: hearings from FEED_PAST_DAYS before today to FEED_FUTURE_DAYS after it, deadlines due
from FEED_PAST_DAYS before today, at most FEED_MAX_EVENTS of each kind, soonest first.
Cancelled hearings stay in the window as STATUS:CANCELLED, so that calendars drop them.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from icalendar import Calendar, Event

from efiling.accounts.models import Role, User
from efiling.accounts.permissions import FILERS, Action, check
from efiling.audit.services import audit_record
from efiling.core import clock
from efiling.core.errors import Conflict, NotFound
from efiling.docket.access import cases_for_user
from efiling.feeds.models import CalendarFeed
from efiling.scheduling.models import Deadline, Hearing

FEED_PAST_DAYS = 30
FEED_FUTURE_DAYS = 400
FEED_MAX_EVENTS = 1000
SECRET_BYTES = 32
_SECRET_MAX_LENGTH = 100  # longer input is not one of ours; do not even hash it
LAST_READ_EVERY = timedelta(minutes=10)  # record a poll at most this often
_MISSING = "There is no such calendar feed."


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def calendar_feed_of(user: User) -> CalendarFeed | None:
    """The user's live feed address (its secret is not kept), or None."""
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def calendar_feed_create(*, user: User, request=None) -> str:
    """Make the user a new feed address, revoking the one they had; returns its secret (the
    last segment of the address), shown once. Audited. Conflict if two requests race."""
    secret = secrets.token_urlsafe(SECRET_BYTES)
    try:
        with transaction.atomic():
            replaced = _revoke(user)
            feed = CalendarFeed.objects.create(
                user=user, secret_sha256=_sha256(secret), created_at=clock.now()
            )
            audit_record(
                action="calendar_feed.created",
                target=feed,
                actor=user,
                request=request,
                details={"replaced": replaced},
            )
    except IntegrityError as exc:
        raise Conflict("A new address was being made at the same moment; try again.") from exc
    return secret


def calendar_feed_revoke(*, user: User, request=None) -> bool:
    """Turn the user's feed off: its address answers as one that never existed. Whether there
    was one to turn off. Audited when there was."""
    with transaction.atomic():
        revoked = _revoke(user)
        if revoked:
            audit_record(
                action="calendar_feed.revoked",
                actor=user,
                request=request,
                object_type="feeds.calendarfeed",
                object_id=str(revoked),
            )
    return revoked is not None


def _revoke(user: User) -> int | None:
    feed = CalendarFeed.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
    feed = feed.first()
    if feed is None:
        return None
    feed.revoked_at = clock.now()
    feed.save(update_fields=["revoked_at"])
    return feed.pk


def calendar_feed_owner(secret: str) -> User:
    """The user whose live feed `secret` opens; NotFound alike for an unknown, revoked or
    malformed secret and for a user who may no longer use a feed."""
    if not secret or len(secret) > _SECRET_MAX_LENGTH:
        raise NotFound(_MISSING)
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(secret_sha256=_sha256(secret), revoked_at__isnull=True)
        .first()
    )
    if feed is None or check(feed.user, Action.SUBSCRIBE_CALENDAR):
        raise NotFound(_MISSING)
    now = clock.now()
    if feed.last_read_at is None or now - feed.last_read_at >= LAST_READ_EVERY:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=now)
    return feed.user


def _feed_hearings(user: User, today):
    start = clock.day_bounds(today - timedelta(days=FEED_PAST_DAYS), "UTC")[0]
    end = clock.day_bounds(today + timedelta(days=FEED_FUTURE_DAYS), "UTC")[1]
    hearings = Hearing.objects.filter(starts_at__gte=start, starts_at__lt=end)
    if user.role == Role.JUDGE:
        hearings = hearings.filter(judge=user)
    else:
        hearings = hearings.filter(case__in=cases_for_user(user=user).values("pk"))
    hearings = hearings.select_related("case__court", "courtroom", "judge")
    return list(hearings.order_by("starts_at", "pk")[:FEED_MAX_EVENTS])


def _feed_deadlines(user: User, today):
    if user.role not in FILERS:
        return []
    deadlines = Deadline.objects.filter(
        case__in=cases_for_user(user=user).values("pk"),
        satisfied_at__isnull=True,
        due_date__gte=today - timedelta(days=FEED_PAST_DAYS),
    ).select_related("case__court")
    return list(deadlines.order_by("due_date", "pk")[:FEED_MAX_EVENTS])


def _case_link(user: User, case) -> str:
    name = "my-case" if user.role in FILERS else "court-case"
    return settings.EFILING_SITE_URL.rstrip("/") + reverse(name, args=[case.pk])


def event_uid(kind: str, pk: int) -> str:
    """A feed event's UID (RFC 5545 3.8.4.7): the same for a hearing or deadline at every
    poll, so that a calendar replaces the event it has instead of adding one. `kind` is
    "hearing" or "deadline"."""
    return f"{kind}-{pk}@{urlsplit(settings.EFILING_SITE_URL).hostname or 'efiling'}"


def _hearing_event(user: User, hearing: Hearing, stamp) -> Event:
    case = hearing.case
    event = Event()
    event.add("uid", event_uid("hearing", hearing.pk))
    event.add("dtstamp", stamp)
    event.add("dtstart", hearing.starts_at)
    event.add("dtend", hearing.ends_at)
    event.add("summary", f"{hearing.get_kind_display()}: case {case.number}")
    event.add("location", f"{hearing.courtroom.name}, {case.court.name}")
    judge = hearing.judge.get_full_name() or "the court"
    link = _case_link(user, case)
    event.add(
        "description",
        f"{hearing.get_kind_display()} before {judge} in case {case.number}, "
        f"{case.court.name}. Sign in to see the case: {link}",
    )
    event.add("url", link)
    cancelled = hearing.status == Hearing.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _deadline_event(user: User, deadline: Deadline, stamp) -> Event:
    case = deadline.case
    event = Event()
    event.add("uid", event_uid("deadline", deadline.pk))
    event.add("dtstamp", stamp)
    event.add("dtstart", deadline.due_date)
    event.add("dtend", deadline.due_date + timedelta(days=1))
    event.add("summary", f"{deadline.title}: case {case.number}")
    link = _case_link(user, case)
    event.add(
        "description",
        f"{deadline.title} in case {case.number}, {case.court.name} ({deadline.source}). "
        f"Sign in to see the case: {link}",
    )
    event.add("url", link)
    event.add("transp", "TRANSPARENT")
    return event


def calendar_for(user: User) -> bytes:
    """The user's feed as an iCalendar document (UTF-8, CRLF lines): their hearings and, for
    filers, their open deadlines, within the window of the module's docstring."""
    now = clock.now()
    today = now.date()
    calendar = Calendar()
    calendar.add("prodid", "-//efiling//Court calendar feed//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Court calendar of {user.get_full_name() or user.email}")
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    for hearing in _feed_hearings(user, today):
        calendar.add_component(_hearing_event(user, hearing, now))
    for deadline in _feed_deadlines(user, today):
        calendar.add_component(_deadline_event(user, deadline, now))
    return calendar.to_ical()
