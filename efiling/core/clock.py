"""The only place that knows "now" and converts between UTC and a court's local time.

Instants are stored in UTC. A court's day runs midnight to 11:59:59 p.m. in its own zone, so a
day can have 23 or 25 hours; never do date arithmetic on UTC instants to find a court's date.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone

from efiling.core.errors import ValidationFailed

UTC = ZoneInfo("UTC")
# The dates the system counts with: the years the court calendar covers. A date outside is
# refused as input (efiling.core.text.date_in_range), never carried into date arithmetic.
FIRST_DATE, LAST_DATE = date(1970, 1, 1), date(2199, 12, 31)
# How a zone is named to readers; any other zone by its IANA name ("Europe/Paris time").
ZONE_WORDS = {
    "America/Chicago": "Central time",
    "America/New_York": "Eastern time",
    "America/Denver": "Mountain time",
    "America/Phoenix": "Arizona time",
    "America/Los_Angeles": "Pacific time",
    "America/Anchorage": "Alaska time",
    "Pacific/Honolulu": "Hawaii time",
    "UTC": "UTC",
}


def now() -> datetime:
    """The current instant, timezone-aware, in UTC."""
    return timezone.now()


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"Unknown time zone {name!r}.") from exc


def zone_words(zone_name: str) -> str:
    """ "Central time" for "America/Chicago": a zone as the pages label times (ZONE_WORDS)."""
    return ZONE_WORDS.get(zone_name, f"{zone_name.replace('_', ' ')} time")


def to_local(instant: datetime, zone_name: str) -> datetime:
    if instant.tzinfo is None:
        raise ValueError("A naive datetime has no meaning here: pass an aware instant.")
    return instant.astimezone(zone(zone_name))


def local_date(instant: datetime, zone_name: str) -> date:
    """The calendar date of an instant in a court's zone (12:30 a.m. belongs to the new day)."""
    return to_local(instant, zone_name).date()


def today(zone_name: str) -> date:
    return local_date(now(), zone_name)


def day_bounds(day: date, zone_name: str) -> tuple[datetime, datetime]:
    """The UTC instants at which a local day starts and the next one starts (23-25 hours apart)."""
    tz = zone(zone_name)
    start = datetime.combine(day, time.min, tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def local_instant(day: date, at: time, zone_name: str, *, field: str = "time") -> datetime:
    """The aware UTC instant of the local `day` at `at` in zone `zone_name`. A time that
    happens twice (the hour clocks go back) is its first, daylight-time occurrence; a time that
    never happens (the hour clocks skip) is refused: ValidationFailed on `field`, naming the
    day and the skipped hour."""
    naive = datetime.combine(day, at)
    local = naive.replace(tzinfo=zone(zone_name), fold=0)
    instant = local.astimezone(UTC)
    if instant.astimezone(zone(zone_name)).replace(tzinfo=None) != naive:
        raise ValidationFailed(
            f"{clock_time(at)} does not exist on {day:%B} {day.day}, {day.year}: the clocks "
            "skip that hour when daylight saving time begins. Choose a time before or after it.",
            field=field,
        )
    return instant


def clock_time(value: datetime | time, *, seconds: bool = False) -> str:
    """A time of day in the court's style (AP, as its notices read): "9:00 a.m.", "12:30 p.m.",
    with `seconds` "3:04:05 p.m.". `value` is already local; its zone is not shown."""
    hour = value.hour % 12 or 12
    suffix = "a.m." if value.hour < 12 else "p.m."
    sec = f":{value.second:02d}" if seconds else ""
    return f"{hour}:{value.minute:02d}{sec} {suffix}"
