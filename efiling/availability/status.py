"""The system's status, for the public status page, its CSV and Atom exports (efiling.public.
status) and GetSystemStatus (efiling.api.public): the state now, per court or for all, the
windows to come, and the history of planned windows and incidents.

A court's state is "incident" while an open incident covers it, else "maintenance" while a
current window covers it, else "operating_normally". Windows that were cancelled are not in the
history (they never happened); every incident is, open or closed, for as long as the database
keeps them (never deleted).

Times are told in the zone of the courts an event covers (`Event.local_times`): one line per
zone when they span several, each naming its courts; the CSV's and the feed's words stay in
the courts' default zone (Central time), said so."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import models

from efiling.availability.incidents import incidents_open
from efiling.availability.maintenance import (
    instant_words,
    window_courts_words,
    window_functions_words,
    windows_posted,
)
from efiling.availability.models import Incident, MaintenanceWindow
from efiling.core import clock
from efiling.courts.models import Court

# A zone's courts in words, by zone name; "" when the zone holds every court the event covers.
Zones = tuple[tuple[str, str], ...]


class State(models.TextChoices):
    OPERATING_NORMALLY = "operating_normally", "Operating normally"
    MAINTENANCE = "maintenance", "Planned maintenance in progress"
    INCIDENT = "incident", "Incident in progress"


@dataclass(frozen=True)
class LocalTimes:
    """An event's start and end in one zone (`zone_words`: "Central time"), for `courts`
    (their names; "" for every court the event covers)."""

    zone_words: str
    starts_words: str
    ends_words: str
    courts: str


@dataclass(frozen=True)
class Event:
    """A planned window or an incident as the status page, its exports and the API tell it.
    `ends_at` is None for an incident still open; `courts` is None for every court, else the
    courts' (location code, name) by code; `court_names` the courts in words."""

    kind: str  # "maintenance" or "incident"
    pk: int
    starts_at: datetime
    ends_at: datetime | None
    courts: list[tuple[str, str]] | None
    court_names: str
    stops_filing: bool
    stops_public_search: bool
    description: str
    emergency_reason: str = ""
    updates: list[tuple[datetime, str]] = field(default_factory=list)
    zones: Zones = ()  # (zone name, its courts in words or ""); empty: the default zone
    published_at: datetime | None = None  # a window's posting, an incident's opening

    @property
    def local_times(self) -> list[LocalTimes]:
        """The start and end in each zone of the courts covered, the default zone first."""
        zones = self.zones or ((settings.EFILING_DEFAULT_TIME_ZONE, ""),)
        over = self.ends_at is not None
        return [
            LocalTimes(
                zone_words=clock.zone_words(name),
                starts_words=instant_words(self.starts_at, name),
                ends_words=instant_words(self.ends_at, name) if over else "not over yet",
                courts=courts,
            )
            for name, courts in zones
        ]

    @property
    def court_codes(self) -> list[str] | None:
        return None if self.courts is None else [code for code, _ in self.courts]

    @property
    def kind_words(self) -> str:
        if self.kind == "incident":
            return "Incident"
        return "Emergency maintenance" if self.emergency_reason else "Planned maintenance"

    @property
    def unavailable_words(self) -> str:
        return window_functions_words(self)

    @property
    def affects_filing(self) -> bool:
        return self.stops_filing

    @property
    def affects_public_search(self) -> bool:
        return self.stops_public_search

    @property
    def starts_words(self) -> str:
        """The start in the courts' default zone (the CSV's and the feed's)."""
        return instant_words(self.starts_at)

    @property
    def ends_words(self) -> str:
        return instant_words(self.ends_at) if self.ends_at is not None else "not over yet"


def _courts(row) -> list[tuple[str, str]] | None:
    return None if row.all_courts else sorted((c.code, c.name) for c in row.courts.all())


def _grouped(pairs: list[tuple[str, str]], *, rest: str) -> Zones:
    """(zone, court name) pairs as Zones: the default zone first, then by name; a single zone
    names no court; with several, the default zone's courts are `rest` when given."""
    default = settings.EFILING_DEFAULT_TIME_ZONE
    by_zone: dict[str, list[str]] = {}
    for zone_name, name in pairs:
        by_zone.setdefault(zone_name, []).append(name)
    if len(by_zone) <= 1:
        return tuple((zone_name, "") for zone_name in by_zone)
    order = sorted(by_zone, key=lambda z: (z != default, z))
    return tuple(
        (z, rest if rest and z == default else ", ".join(sorted(by_zone[z]))) for z in order
    )


def all_courts_zones() -> Zones:
    """The zones of every court (one query), for the events of every court: the courts of
    other zones than the default named, the default zone's as "the other courts"."""
    pairs = list(Court.objects.values_list("time_zone", "name"))
    return _grouped(pairs, rest="the other courts")


def _zones(row, every: Zones) -> Zones:
    if row.all_courts:
        return every
    return _grouped([(c.time_zone, c.name) for c in row.courts.all()], rest="")


def window_event(window: MaintenanceWindow, every: Zones = ()) -> Event:
    return Event(
        kind="maintenance",
        pk=window.pk,
        starts_at=window.starts_at,
        ends_at=window.ends_at,
        courts=_courts(window),
        court_names=window_courts_words(window),
        stops_filing=window.affects_filing,
        stops_public_search=window.affects_public_search,
        description=window.message,
        emergency_reason=window.emergency_reason if window.emergency else "",
        zones=_zones(window, every),
        published_at=window.posted_at,
    )


def incident_event(incident: Incident, every: Zones = ()) -> Event:
    return Event(
        kind="incident",
        pk=incident.pk,
        starts_at=incident.started_at,
        ends_at=incident.ended_at,
        courts=_courts(incident),
        court_names=window_courts_words(incident),
        stops_filing=incident.affects_filing,
        stops_public_search=incident.affects_public_search,
        description=incident.description,
        updates=[(u.posted_at, u.text) for u in incident.updates.all()],
        zones=_zones(incident, every),
        published_at=incident.opened_at,
    )


@dataclass(frozen=True)
class CourtState:
    code: str
    name: str
    state: State


@dataclass(frozen=True)
class SystemStatus:
    """`state`: of every court (the state of all courts together: an incident or a window of
    every court); `courts`: the courts whose own state differs from it, by name; `current`:
    the open incidents and current windows; `upcoming`: the windows to come, by start."""

    at: datetime
    state: State
    courts: list[CourtState]
    current: list[Event]
    upcoming: list[Event]

    @property
    def state_words(self) -> str:
        return self.state.label

    @property
    def worst_state(self) -> State:
        """The gravest state of any one court (an incident, then maintenance)."""
        states = {self.state, *(court.state for court in self.courts)}
        return next(
            (s for s in (State.INCIDENT, State.MAINTENANCE) if s in states),
            State.OPERATING_NORMALLY,
        )


def _state_of(events: list[Event], code: str | None) -> State:
    """The state of court `code` (None: of every court) given the current events."""
    kinds = {
        e.kind for e in events if e.courts is None or (code is not None and code in e.court_codes)
    }
    if "incident" in kinds:
        return State.INCIDENT
    if "maintenance" in kinds:
        return State.MAINTENANCE
    return State.OPERATING_NORMALLY


def system_status() -> SystemStatus:
    """The status now (four queries, five with windows naming courts)."""
    now = clock.now()
    every = all_courts_zones()
    windows = list(windows_posted().order_by("starts_at", "pk"))
    current = [incident_event(i, every) for i in incidents_open().prefetch_related("updates")]
    current += [window_event(w, every) for w in windows if w.starts_at <= now]
    upcoming = [window_event(w, every) for w in windows if w.starts_at > now]
    state = _state_of(current, None)
    named = dict(pair for event in current for pair in event.courts or ())
    courts = [
        CourtState(code, name, _state_of(current, code))
        for code, name in sorted(named.items(), key=lambda item: item[1])
    ]
    courts = [c for c in courts if c.state != state]
    return SystemStatus(now, state, courts, current, upcoming)


def status_history() -> list[Event]:
    """Every planned window not cancelled that has begun, and every incident, latest start
    first (the status page pages it; the CSV has it all)."""
    now = clock.now()
    windows = MaintenanceWindow.objects.filter(
        cancelled_at__isnull=True, starts_at__lte=now
    ).prefetch_related("courts")
    incidents = Incident.objects.prefetch_related("courts", "updates")
    every = all_courts_zones()
    events = [window_event(w, every) for w in windows]
    events += [incident_event(i, every) for i in incidents]
    return sorted(events, key=lambda e: (e.starts_at, e.kind, e.pk), reverse=True)
