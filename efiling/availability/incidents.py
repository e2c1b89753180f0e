"""Unplanned outages (incidents): opened, updated and closed by administrators, or by the
health monitor (efiling.availability.monitor) for a check that fails; shown on the public
status page and in the records of filing attempts (`incidents_between`).

Who may manage which incident follows the maintenance windows (the permission matrix's
MANAGE_INCIDENTS, court-scoped): a court administrator those covering only courts they
administer, a system administrator every one (an incident of every court is theirs alone; so
is closing one the health monitor opened, which covers every court). Every change is audited:
"availability.incident_opened", "availability.incident_updated", "availability.incident_closed"
(the health monitor's as "the health monitor").

Opening and closing record the events "availability.incident_opened" and
"availability.incident_closed" (facts: `incident`), once per incident each, the health
monitor's too (its imports are idempotent: a replayed journal entry records none); the service
app, above this one, notifies the users of the courts the incident covers
(efiling.service.handlers)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q

from efiling.accounts.permissions import Action, is_system_administrator, require
from efiling.audit.services import audit_record
from efiling.availability.maintenance import courts_require, instant_words
from efiling.availability.models import Incident, IncidentUpdate
from efiling.core import clock
from efiling.core.errors import NotFound, PermissionDenied, ValidationFailed
from efiling.core.events import event_record
from efiling.core.text import clean_text
from efiling.courts.models import Court

# An administrator opens an incident while it goes on: a start further back is a typing error
# (the longest real outage, the planned shutdown of 2021, lasted 5.5 days).
INCIDENT_START_MAX_AGE = timedelta(days=30)

INCIDENT_NOT_FOUND = "There is no such incident."
MONITOR = "the health monitor"
# What the public reads of an incident the health monitor opened, by failed check.
MONITOR_DESCRIPTIONS = {
    Incident.Check.DATABASE: (
        "The system's database is not answering: filing, case pages and the public search "
        "are unavailable. Keep a record of your attempts (Rule 103.06)."
    ),
    Incident.Check.STORAGE: (
        "The document storage is not answering: filing and reading documents are unavailable. "
        "Keep a record of your attempts (Rule 103.06)."
    ),
}
MONITOR_RESOLVED = "Resolved: the health monitor found the {what} working again."


def incident_words(incident: Incident) -> str:
    """ "Monday, March 9, 2026, 2:05 p.m. to 4:10 p.m. (Central time)" or "since ..." while
    open: an incident's times as courts' users read them."""
    if incident.ended_at is None:
        return f"since {instant_words(incident.started_at)} (Central time)"
    return (
        f"{instant_words(incident.started_at)} to {instant_words(incident.ended_at)} (Central time)"
    )


def _may_manage(user, *, courts: list[Court], all_courts: bool) -> None:
    courts_require(
        user,
        Action.MANAGE_INCIDENTS,
        courts=courts,
        all_courts=all_courts,
        what="manage incidents",
    )


def _text(value: str, *, field: str, label: str, missing: str) -> str:
    text = clean_text(value, field=field, label=label, max_length=1000, multiline=True)
    if not text:
        raise ValidationFailed(missing, field=field)
    return text


@transaction.atomic
def incident_open(
    *,
    actor,
    started_at: datetime,
    courts: list[Court],
    all_courts: bool,
    affects_filing: bool,
    affects_public_search: bool,
    description: str,
    request=None,
) -> Incident:
    """Open an incident that began at `started_at` (aware; not in the future) in `courts`, or
    every court with `all_courts` (system administrators only; PermissionDenied otherwise, or
    for a court the actor does not administer). ValidationFailed (on its field) for no court, no
    function, a start in the future or more than INCIDENT_START_MAX_AGE ago (a mistyped year)
    and an empty description. Audited; records
    "availability.incident_opened"."""
    _may_manage(actor, courts=courts, all_courts=all_courts)
    if not all_courts and not courts:
        raise ValidationFailed(
            "Choose the courts the incident affects, or all courts.", field="courts"
        )
    if not (affects_filing or affects_public_search):
        raise ValidationFailed(
            "Choose at least one function the incident stops.", field="functions"
        )
    description = _text(
        description,
        field="description",
        label="Description",
        missing="Write what the public reads about the incident.",
    )
    now = clock.now()
    if started_at > now:
        raise ValidationFailed(
            "The start is in the future: an incident is opened once it has begun (plan "
            "maintenance instead).",
            field="start_date",
        )
    if started_at < now - INCIDENT_START_MAX_AGE:
        raise ValidationFailed(
            f"The start is more than {INCIDENT_START_MAX_AGE.days} days ago: check the date. An "
            "incident is opened while it goes on (the health monitor records the start of one "
            "it found by itself).",
            field="start_date",
        )
    incident = Incident.objects.create(
        started_at=started_at,
        all_courts=all_courts,
        affects_filing=affects_filing,
        affects_public_search=affects_public_search,
        description=description,
        opened_by=actor,
        opened_at=now,
    )
    if not all_courts:
        incident.courts.set(courts)
    audit_record(
        action="availability.incident_opened",
        target=incident,
        actor=actor,
        request=request,
        details={
            "started_at": started_at.isoformat(),
            "courts": "all" if all_courts else sorted(c.code for c in courts),
            "filing": affects_filing,
            "public_search": affects_public_search,
        },
    )
    event_record("availability.incident_opened", incident=incident)
    return incident


def incidents_for_administration(user):
    """The incidents `user` may manage and sees on the incidents page, latest start first: all
    for a system administrator; else those covering a court they administer."""
    require(user, Action.MANAGE_INCIDENTS)
    rows = Incident.objects.prefetch_related("courts", "updates").order_by("-started_at", "-pk")
    if is_system_administrator(user):
        return rows
    return rows.filter(courts__in=user.court_assignments.values("court")).distinct()


def incident_get_for_administration(*, user, incident_id: int) -> Incident:
    """An incident `user` may manage (every affected court theirs; all courts: system
    administrators); NotFound in the same words for one that does not exist or is not theirs."""
    require(user, Action.MANAGE_INCIDENTS)
    incident = Incident.objects.filter(pk=incident_id).first()
    if incident is None:
        raise NotFound(INCIDENT_NOT_FOUND)
    try:
        _may_manage(user, courts=list(incident.courts.all()), all_courts=incident.all_courts)
    except PermissionDenied:
        raise NotFound(INCIDENT_NOT_FOUND) from None
    return incident


@transaction.atomic
def incident_update(*, actor, incident: Incident, text: str, request=None) -> IncidentUpdate:
    """Add a public update to an open incident (ValidationFailed once closed, or for an empty
    text). The actor must manage it (incident_get_for_administration). Audited."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    _may_manage(actor, courts=list(incident.courts.all()), all_courts=incident.all_courts)
    if incident.ended_at is not None:
        raise ValidationFailed("This incident is closed: it takes no more updates.")
    text = _text(text, field="text", label="Update", missing="Write the update the public reads.")
    update = IncidentUpdate.objects.create(
        incident=incident, posted_at=clock.now(), posted_by=actor, text=text
    )
    audit_record(
        action="availability.incident_updated",
        target=incident,
        actor=actor,
        request=request,
        details={"update": update.pk},
    )
    return update


@transaction.atomic
def incident_close(
    *, actor, incident: Incident, ended_at: datetime | None = None, text: str = "", request=None
) -> Incident:
    """Close an open incident at `ended_at` (default now; not before its start, not in the
    future), with an optional closing update. ValidationFailed when already closed or for such
    an end. Audited; records "availability.incident_closed"."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    _may_manage(actor, courts=list(incident.courts.all()), all_courts=incident.all_courts)
    if incident.ended_at is not None:
        raise ValidationFailed("This incident is already closed.")
    now = clock.now()
    ended_at = ended_at or now
    if ended_at > now:
        raise ValidationFailed("The end is in the future.", field="end_date")
    if ended_at < incident.started_at:
        raise ValidationFailed("The end is before the start of the incident.", field="end_date")
    text = clean_text(text, field="text", label="Update", max_length=1000, multiline=True)
    incident.ended_at, incident.closed_by = ended_at, actor
    incident.save(update_fields=["ended_at", "closed_by"])
    if text:
        IncidentUpdate.objects.create(incident=incident, posted_at=now, posted_by=actor, text=text)
    audit_record(
        action="availability.incident_closed",
        target=incident,
        actor=actor,
        request=request,
        details={"ended_at": ended_at.isoformat()},
    )
    event_record("availability.incident_closed", incident=incident)
    return incident


def incidents_open():
    """The incidents not closed, earliest start first (courts prefetched)."""
    return (
        Incident.objects.filter(ended_at__isnull=True)
        .prefetch_related("courts")
        .order_by("started_at", "pk")
    )


def incidents_between(start: datetime, end: datetime):
    """The incidents that overlap the interval [start, end) (aware instants): begun before
    `end` and not closed by `start` (an open one counts), earliest start first, courts and
    updates prefetched. For the records of filing attempts and the status page's history."""
    return (
        Incident.objects.filter(started_at__lt=end)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=start))
        .prefetch_related("courts", "updates")
        .order_by("started_at", "pk")
    )


@transaction.atomic
def monitor_incident_open(
    *, check: str, started_at: datetime, problem: str, entry_id: str
) -> Incident:
    """The health monitor opens an incident of every court for the failed `check`
    (Incident.Check) that began at `started_at` (its first failing observation): idempotent on
    the journal's `entry_id`, and none while one it opened for that check is still open (that
    one is returned). `problem` (the check's answer) goes to the audit trail, not to the public.
    """
    existing = (
        Incident.objects.filter(journal_entry=entry_id).first()
        or Incident.objects.filter(failed_check=check, ended_at__isnull=True).first()
    )
    if existing is not None:
        return existing
    incident = Incident.objects.create(
        started_at=started_at,
        all_courts=True,
        affects_filing=True,
        affects_public_search=check == Incident.Check.DATABASE,
        description=MONITOR_DESCRIPTIONS[check],
        failed_check=check,
        opened_at=clock.now(),
        journal_entry=entry_id,
    )
    audit_record(
        action="availability.incident_opened",
        target=incident,
        actor_label=MONITOR,
        details={"started_at": started_at.isoformat(), "check": check, "problem": problem},
    )
    event_record("availability.incident_opened", incident=incident)
    return incident


@transaction.atomic
def monitor_incident_close(*, check: str, ended_at: datetime) -> list[Incident]:
    """The health monitor closes the incidents it opened for `check` that are still open, at
    `ended_at` (its first healthy observation; never before an incident's start), each with the
    update that it is resolved. Idempotent: an incident already closed (by an administrator, or
    an earlier import) is left alone. Returns those closed."""
    closed = []
    rows = Incident.objects.select_for_update().filter(failed_check=check, ended_at__isnull=True)
    for incident in rows:
        incident.ended_at = max(ended_at, incident.started_at)
        incident.save(update_fields=["ended_at"])
        what = Incident.Check(check).label.lower()
        IncidentUpdate.objects.create(
            incident=incident, posted_at=clock.now(), text=MONITOR_RESOLVED.format(what=what)
        )
        audit_record(
            action="availability.incident_closed",
            target=incident,
            actor_label=MONITOR,
            details={"ended_at": incident.ended_at.isoformat(), "check": check},
        )
        event_record("availability.incident_closed", incident=incident)
        closed.append(incident)
    return closed
