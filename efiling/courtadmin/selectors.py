"""What a court administrator reads: the audit trail of the courts they administer."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from efiling.accounts.models import CourtAssignment
from efiling.audit.models import AuditEvent
from efiling.cases.models import Case
from efiling.core import clock
from efiling.filings.models import Envelope


def _ids_as_text(queryset):
    """A subquery of the rows' ids as text (AuditEvent.object_id is text)."""
    return queryset.annotate(key=Cast("pk", output_field=CharField())).values("key")


def audit_events_of_courts(
    *,
    courts,
    everything: bool = False,
    action: str = "",
    first: date | None = None,
    last: date | None = None,
):
    """Audit events about `courts` (a list of Court), newest first: events on their cases and
    envelopes, events whose details name one of them (the administration pages, a document's
    read and a courthouse terminal's events record the court's code as "court"; a terminal's
    events also name the terminal's own court as "terminal_court", so that a terminal's court
    sees what its terminals opened of other courts' public cases), and events by the people
    assigned to them. With `everything` (a system
    administrator who chose no court), every event. `action` keeps one kind of event; `first`
    and `last` keep the events of those local days (the default time zone), both included."""
    events = AuditEvent.objects.order_by("-id")
    if not everything:
        ids, codes = [court.pk for court in courts], [court.code for court in courts]
        events = events.filter(
            Q(
                object_type="cases.case",
                object_id__in=_ids_as_text(Case.objects.filter(court__in=ids)),
            )
            | Q(
                object_type="filings.envelope",
                object_id__in=_ids_as_text(Envelope.objects.filter(court__in=ids)),
            )
            | Q(details__court__in=codes)
            | Q(details__terminal_court__in=codes)
            | Q(actor_id__in=CourtAssignment.objects.filter(court__in=ids).values("user_id"))
        )
    if action:
        events = events.filter(action=action)
    zone_name = settings.EFILING_DEFAULT_TIME_ZONE
    if first is not None:
        events = events.filter(occurred_at__gte=clock.day_bounds(first, zone_name)[0])
    if last is not None:
        events = events.filter(occurred_at__lt=clock.day_bounds(last, zone_name)[1])
    return events


def audit_actions() -> list[str]:
    """Every kind of event recorded so far, for the trail's filter (a few dozen names, read
    from the action index)."""
    return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())
