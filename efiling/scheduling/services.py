"""Scheduling hearings and trials, and follow-up deadlines computed with the court calendar.

Every change is checked against the permission matrix (court-scoped), the court calendar
(weekends, legal holidays, closure days) and the calendars of the judge and the courtroom, and
is recorded in the audit trail and as a domain event, in one transaction; the service app tells
the parties (efiling.service.handlers). Events (efiling.core.events):
"scheduling.hearing_set" (hearing), "scheduling.hearing_rescheduled" (hearing; was: when it
was, in words), "scheduling.hearing_cancelled" (hearing, its cancel_reason set).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Q

from efiling.accounts.models import CourtAssignment, Role, User
from efiling.accounts.permissions import Action, court_work_get, require, require_write
from efiling.audit.services import audit_record
from efiling.cases.access import case_read_audit
from efiling.cases.models import Case
from efiling.core import clock
from efiling.core.clock import clock_time
from efiling.core.errors import Conflict, NotFound, ValidationFailed
from efiling.core.events import event_record
from efiling.core.words import REASON_MAX, WEEKDAYS, long_date, sentence
from efiling.courts.calendar import closed_days
from efiling.scheduling.models import STANDARD_HOURS, Courtroom, Hearing

# ---------------------------------------------------------------------------- wording


def courtroom_hours(courtroom: Courtroom) -> dict[int, tuple[time, time]]:
    """{weekday (0 = Monday): (opens, closes)} in court-local time: the courtroom's own rows,
    or STANDARD_HOURS (Monday to Friday, 8:00 a.m. to 5:00 p.m.) while it has none."""
    rows = list(courtroom.hours.all())
    if not rows:
        return dict(STANDARD_HOURS)
    return {row.weekday: (row.opens, row.closes) for row in rows}


def hours_text(hours: dict[int, tuple[time, time]]) -> str:
    """'Monday to Friday, 8:00 a.m. to 5:00 p.m.; Saturday, 9:00 a.m. to 12:00 p.m.': runs of
    weekdays with the same hours named together; 'no hours' when there are none."""
    runs: list[list] = []  # [first weekday, last weekday, (opens, closes)]
    for weekday in sorted(hours):
        if runs and runs[-1][1] == weekday - 1 and runs[-1][2] == hours[weekday]:
            runs[-1][1] = weekday
        else:
            runs.append([weekday, weekday, hours[weekday]])
    parts = []
    for first, last, (opens, closes) in runs:
        days = WEEKDAYS[first] if first == last else f"{WEEKDAYS[first]} to {WEEKDAYS[last]}"
        if last == first + 1:
            days = f"{WEEKDAYS[first]} and {WEEKDAYS[last]}"
        parts.append(f"{days}, {clock_time(opens)} to {clock_time(closes)}")
    return "; ".join(parts) or "no hours"


def hearing_when(hearing: Hearing) -> str:
    """'from 9:00 a.m. to 10:00 a.m. on Monday, November 30, 2026' in the court's zone."""
    zone_name = hearing.case.court.time_zone
    start = clock.to_local(hearing.starts_at, zone_name)
    end = clock.to_local(hearing.ends_at, zone_name)
    text = f"from {clock_time(start)} to {clock_time(end)} on {long_date(start.date())}"
    if end.date() != start.date():
        text = (
            f"from {clock_time(start)} on {long_date(start.date())} "
            f"to {clock_time(end)} on {long_date(end.date())}"
        )
    return text


def judge_name(judge: User) -> str:
    return f"Judge {judge.get_full_name() or judge.email}"


def case_label(case: Case) -> str:
    """The case's number, or "case <id>" before it has one."""
    return case.number or f"case {case.pk}"


# ---------------------------------------------------------------------------- checks


def _check_judge(judge: User, court) -> None:
    if judge is None or judge.role != Role.JUDGE or not judge.is_active:
        raise ValidationFailed("Choose a judge.", field="judge")
    if not CourtAssignment.objects.filter(user=judge, court=court).exists():
        raise ValidationFailed(
            f"{judge_name(judge)} is not assigned to the {court.name}.", field="judge"
        )


def _check_courtroom(courtroom: Courtroom, court) -> None:
    if courtroom is None or courtroom.court_id != court.pk:
        raise ValidationFailed(f"Choose a courtroom of the {court.name}.", field="courtroom")
    if not courtroom.active:
        raise ValidationFailed(f"{courtroom.name} is not in use.", field="courtroom")


def _check_times(court, starts_at: datetime, ends_at: datetime) -> None:
    if starts_at is None or ends_at is None or starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ValidationFailed("Give the date and the start and end times.", field="starts_at")
    if ends_at <= starts_at:
        raise ValidationFailed("The hearing must end after it starts.", field="ends_at")
    if ends_at - starts_at > timedelta(days=31):
        raise ValidationFailed("A setting may not run longer than 31 days.", field="ends_at")
    first = clock.local_date(starts_at, court.time_zone)
    # A hearing ending exactly at midnight does not use the next day.
    last = clock.local_date(ends_at - timedelta(microseconds=1), court.time_zone)
    closed = closed_days(court, first, last)
    if closed:
        day = min(closed)
        raise ValidationFailed(
            f"The court is closed on {long_date(day)} ({closed[day]}).", field="date"
        )
    if starts_at < clock.now():
        raise ValidationFailed(
            f"{clock_time(clock.to_local(starts_at, court.time_zone))} on {long_date(first)} "
            "has passed: hearings are set for a time to come. Record a hearing already held "
            "as a minute entry on the docket.",
            field="date",
        )


def _within_hours(hours, moment: datetime, *, closing: bool) -> bool:
    """Whether a court-local instant falls in its weekday's hours (an end may fall on closing
    time, a start not)."""
    day = hours.get(moment.weekday())
    if day is None:
        return False
    opens, closes = day
    clock_at = moment.time().replace(tzinfo=None)
    return opens < clock_at <= closes if closing else opens <= clock_at < closes


def _check_hours(
    *, actor: User, courtroom: Courtroom, court, starts_at, ends_at, reason: str
) -> str:
    """The reason kept on the hearing: "" when the setting is within the courtroom's hours
    (its start within the start day's hours, its end within the end day's: the nights of a
    setting over several days are recesses). Outside them it needs a reason, and a judge or
    clerk (Action.SCHEDULE_OUTSIDE_HOURS); otherwise ValidationFailed naming the hours."""
    zone_name = court.time_zone
    start = clock.to_local(starts_at, zone_name)
    end = clock.to_local(ends_at, zone_name)
    hours = courtroom_hours(courtroom)
    if _within_hours(hours, start, closing=False) and _within_hours(hours, end, closing=True):
        return ""
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ValidationFailed(
            f"The reason is at most {REASON_MAX} characters.", field="outside_hours_reason"
        )
    if not reason:
        if end.date() == start.date():
            asked = f"{clock_time(start)} to {clock_time(end)} on {long_date(start.date())}"
        else:
            asked = (
                f"{clock_time(start)} on {long_date(start.date())} to {clock_time(end)} "
                f"on {long_date(end.date())}"
            )
        raise ValidationFailed(
            sentence(f"{asked} is outside the hours of {courtroom.name}: {hours_text(hours)}")
            + " Choose a time within them, or give the reason to sit outside them.",
            field="outside_hours_reason",
        )
    require(actor, Action.SCHEDULE_OUTSIDE_HOURS, court=court)
    return reason


def _lock(judge: User, courtroom: Courtroom) -> None:
    """Serialize bookings of the same judge or courtroom: lock the judge's row, then the
    courtroom's row (always in this order), before looking for overlaps."""
    list(
        User.objects.select_for_update(no_key=True).filter(pk=judge.pk).values_list("pk", flat=True)
    )
    list(
        Courtroom.objects.select_for_update(no_key=True)
        .filter(pk=courtroom.pk)
        .values_list("pk", flat=True)
    )


def _check_overlaps(
    *, judge: User, courtroom: Courtroom, starts_at, ends_at, exclude: int | None = None
) -> None:
    overlapping = (
        Hearing.objects.filter(
            status=Hearing.Status.SCHEDULED, starts_at__lt=ends_at, ends_at__gt=starts_at
        )
        .filter(Q(judge=judge) | Q(courtroom=courtroom))
        .select_related("case__court", "courtroom", "judge")
        .order_by("starts_at", "pk")
    )
    if exclude is not None:
        overlapping = overlapping.exclude(pk=exclude)
    other = overlapping.first()
    if other is None:
        return
    what = f"{other.get_kind_display().lower()} in {case_label(other.case)} {hearing_when(other)}"
    if other.judge_id == judge.pk:
        raise Conflict(f"{judge_name(judge)} already has a {what}.", field="judge")
    raise Conflict(f"{courtroom.name} is already booked for a {what}.", field="courtroom")


def _audit_details(hearing: Hearing) -> dict:
    return {
        "case": hearing.case_id,
        "courtroom": hearing.courtroom_id,
        "judge": hearing.judge_id,
        "kind": hearing.kind,
        "starts_at": hearing.starts_at.isoformat(),
        "ends_at": hearing.ends_at.isoformat(),
        "status": hearing.status,
        "outside_hours_reason": hearing.outside_hours_reason,
    }


# ---------------------------------------------------------------------------- services


def hearing_schedule(
    *,
    actor: User,
    case: Case,
    courtroom: Courtroom,
    judge: User,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    note: str = "",
    outside_hours_reason: str = "",
    request=None,
) -> Hearing:
    """Set a hearing. Refused (ValidationFailed, field named) for a judge or courtroom not of
    the court, a closed day, a time past, or a time outside the courtroom's hours without
    `outside_hours_reason` (kept and audited when the time is outside them); Conflict when the
    judge or the courtroom is already booked then."""
    court = case.court
    require_write(actor, Action.SCHEDULE_HEARINGS, court=court)
    if kind not in Hearing.Kind.values:
        raise ValidationFailed("Choose the kind of setting.", field="kind")
    _check_judge(judge, court)
    _check_courtroom(courtroom, court)
    _check_times(court, starts_at, ends_at)
    outside_hours_reason = _check_hours(
        actor=actor,
        courtroom=courtroom,
        court=court,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=outside_hours_reason,
    )
    note = (note or "").strip()
    if len(note) > REASON_MAX:
        raise ValidationFailed(f"The note is at most {REASON_MAX} characters.", field="note")
    with transaction.atomic():
        _lock(judge, courtroom)
        _check_overlaps(judge=judge, courtroom=courtroom, starts_at=starts_at, ends_at=ends_at)
        hearing = Hearing.objects.create(
            case=case,
            courtroom=courtroom,
            judge=judge,
            kind=kind,
            starts_at=starts_at,
            ends_at=ends_at,
            created_by=actor,
            created_at=clock.now(),
            note=note,
            outside_hours_reason=outside_hours_reason,
        )
        audit_record(
            action="hearing.scheduled",
            target=hearing,
            actor=actor,
            request=request,
            details=_audit_details(hearing),
        )
        event_record("scheduling.hearing_set", hearing=hearing)
    return hearing


def _locked_hearing(hearing: Hearing) -> Hearing:
    locked = (
        Hearing.objects.select_for_update(no_key=True, of=("self",))
        .select_related("case__court", "courtroom", "judge")
        .filter(pk=hearing.pk)
        .first()
    )
    if locked is None:
        raise NotFound("There is no such hearing.")
    if locked.status == Hearing.Status.CANCELLED:
        raise Conflict("This hearing was cancelled; schedule a new one instead.")
    if locked.status == Hearing.Status.HELD:
        raise Conflict("This hearing was held; schedule a new one instead.")
    return locked


def hearing_reschedule(
    *,
    actor: User,
    hearing: Hearing,
    starts_at: datetime,
    ends_at: datetime,
    courtroom: Courtroom | None = None,
    judge: User | None = None,
    outside_hours_reason: str = "",
    request=None,
) -> Hearing:
    """Move a hearing (and change its courtroom or judge): the same checks as
    hearing_schedule."""
    case = hearing.case
    court = case.court
    require_write(actor, Action.SCHEDULE_HEARINGS, court=court)
    judge = judge or hearing.judge
    courtroom = courtroom or hearing.courtroom
    _check_judge(judge, court)
    _check_courtroom(courtroom, court)
    _check_times(court, starts_at, ends_at)
    outside_hours_reason = _check_hours(
        actor=actor,
        courtroom=courtroom,
        court=court,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=outside_hours_reason,
    )
    with transaction.atomic():
        _lock(judge, courtroom)
        hearing = _locked_hearing(hearing)
        before = hearing_when(hearing)
        before_details = _audit_details(hearing)
        _check_overlaps(
            judge=judge,
            courtroom=courtroom,
            starts_at=starts_at,
            ends_at=ends_at,
            exclude=hearing.pk,
        )
        hearing.starts_at, hearing.ends_at = starts_at, ends_at
        hearing.judge, hearing.courtroom = judge, courtroom
        hearing.outside_hours_reason = outside_hours_reason
        hearing.save(
            update_fields=["starts_at", "ends_at", "judge", "courtroom", "outside_hours_reason"]
        )
        audit_record(
            action="hearing.rescheduled",
            target=hearing,
            actor=actor,
            request=request,
            details={"before": before_details, "after": _audit_details(hearing)},
        )
        event_record("scheduling.hearing_rescheduled", hearing=hearing, was=before)
    return hearing


def hearing_cancel(*, actor: User, hearing: Hearing, reason: str, request=None) -> Hearing:
    """Cancel (vacate) a scheduled hearing, giving `reason` (kept, audited and told to those
    who get its notices: the event "scheduling.hearing_cancelled"). The one writer of a
    hearing's cancellation. PermissionDenied for anyone but the court's clerks and judges;
    ValidationFailed (field "reason") without a reason or with one over REASON_MAX; Conflict
    for a hearing held or cancelled already."""
    case = hearing.case
    require_write(actor, Action.SCHEDULE_HEARINGS, court=case.court)
    reason = (reason or "").strip()
    if not reason or len(reason) > REASON_MAX:
        raise ValidationFailed(
            f"Give the reason for cancelling (at most {REASON_MAX} characters).", field="reason"
        )
    with transaction.atomic():
        hearing = _locked_hearing(hearing)
        hearing.status = Hearing.Status.CANCELLED
        hearing.cancelled_at = clock.now()
        hearing.cancel_reason = reason
        hearing.save(update_fields=["status", "cancelled_at", "cancel_reason"])
        audit_record(
            action="hearing.cancelled",
            target=hearing,
            actor=actor,
            request=request,
            details={**_audit_details(hearing), "reason": hearing.cancel_reason},
        )
        event_record("scheduling.hearing_cancelled", hearing=hearing)
    return hearing


def hearings_vacate(*, actor: User, case: Case, reason: str, request=None) -> list[Hearing]:
    """Cancel every hearing of `case` still scheduled to start after now (a hearing begun,
    held or cancelled stays as it is), each through hearing_cancel with `reason` (so each is
    audited and noticed as any cancellation), in the caller's transaction. The hearings
    cancelled, first first. Called when the case is disposed (efiling.docket.disposition):
    courts vacate the settings of a case that has ended."""
    future = Hearing.objects.filter(
        case=case, status=Hearing.Status.SCHEDULED, starts_at__gt=clock.now()
    ).select_related("case__court", "courtroom", "judge")
    return [
        hearing_cancel(actor=actor, hearing=hearing, reason=reason, request=request)
        for hearing in future.order_by("starts_at", "pk")
    ]


def hearing_record_held(*, actor: User, hearing: Hearing, request=None) -> Hearing:
    """Record that a scheduled hearing took place (once it has begun). The docket's minute
    entry and its notices are the caller's (efiling.docket.services.hearing_held_docket)."""
    case = hearing.case
    require_write(actor, Action.SCHEDULE_HEARINGS, court=case.court)
    with transaction.atomic():
        hearing = _locked_hearing(hearing)
        if hearing.starts_at > clock.now():
            start = clock.to_local(hearing.starts_at, case.court.time_zone)
            raise ValidationFailed(
                f"This hearing starts at {clock_time(start)} on {long_date(start.date())}: "
                "it is recorded as held once it has begun."
            )
        hearing.status = Hearing.Status.HELD
        hearing.save(update_fields=["status"])
        audit_record(
            action="hearing.held",
            target=hearing,
            actor=actor,
            request=request,
            details=_audit_details(hearing),
        )
    return hearing


# ---------------------------------------------------------------------------- selectors


# Hearings a calendar shows: those to come and those held (not the cancelled ones).
ON_THE_CALENDAR = (Hearing.Status.SCHEDULED, Hearing.Status.HELD)


def hearings_for_judge(*, judge: User, start: date, days: int) -> list[Hearing]:
    """The judge's scheduled and held hearings whose court-local date falls in the `days`
    days from `start`, in order."""
    end = start + timedelta(days=days)
    window = (
        Hearing.objects.filter(
            judge=judge,
            status__in=ON_THE_CALENDAR,
            starts_at__gte=clock.day_bounds(start - timedelta(days=1), "UTC")[0],
            starts_at__lt=clock.day_bounds(end + timedelta(days=1), "UTC")[0],
        )
        .select_related("case__court", "courtroom", "judge")
        .order_by("starts_at", "pk")
    )
    return [
        h for h in window if start <= clock.local_date(h.starts_at, h.case.court.time_zone) < end
    ]


def hearings_for_case(case: Case):
    return Hearing.objects.filter(case=case).select_related("courtroom", "judge", "case__court")


def case_get(*, user, case_id: int, request=None) -> Case:
    """A case whose hearings `user` may schedule; NotFound alike for a missing case and for a
    case of a court the user does not serve. Showing a confidential or sealed case is audited."""
    case = court_work_get(
        user=user,
        action=Action.SCHEDULE_HEARINGS,
        queryset=Case.objects.select_related("court"),
        pk=case_id,
        court_of=lambda case: case.court,
        not_found="There is no such case, or you may not see it.",
    )
    case_read_audit(user=user, case=case, request=request, what="hearings")
    return case


def hearing_get(*, user, hearing_id: int, request=None) -> Hearing:
    """A hearing `user` may reschedule or cancel; NotFound alike for a missing hearing and for
    one of a court the user does not serve. Showing one of a confidential or sealed case is
    audited."""
    hearing = court_work_get(
        user=user,
        action=Action.SCHEDULE_HEARINGS,
        queryset=Hearing.objects.select_related("case__court", "courtroom", "judge"),
        pk=hearing_id,
        court_of=lambda hearing: hearing.case.court,
        not_found="There is no such hearing, or you may not see it.",
    )
    case_read_audit(user=user, case=hearing.case, request=request, what="hearing")
    return hearing


def judges_of(court) -> list[User]:
    return list(
        User.objects.filter(
            role=Role.JUDGE, is_active=True, court_assignments__court=court
        ).order_by("last_name", "first_name", "pk")
    )
