"""Court pages for hearings: a case's hearings (schedule, reschedule, cancel) and a judge's
calendar by day or week. Times are shown and entered in the court's own zone."""

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from efiling.accounts.access import requires
from efiling.accounts.models import Role, User
from efiling.accounts.permissions import Action, require
from efiling.cases.access import cases_listed_audit
from efiling.core import clock
from efiling.core.errors import DomainError, ValidationFailed
from efiling.core.forms import DatePicker, add_domain_error
from efiling.core.pages import safe_only
from efiling.core.query import query_value
from efiling.core.text import parse_form_date
from efiling.core.words import sentence
from efiling.scheduling import services
from efiling.scheduling.forms import CancelForm, RescheduleForm, ScheduleForm
from efiling.scheduling.models import Hearing

FIELD_NAMES = {"starts_at": "start_time", "ends_at": "end_time"}


def _domain_error(form, exc: DomainError) -> None:
    exc.field = FIELD_NAMES.get(exc.field, exc.field)
    add_domain_error(form, exc)


def _row(hearing: Hearing) -> dict:
    zone_name = hearing.case.court.time_zone
    start = clock.to_local(hearing.starts_at, zone_name)
    end = clock.to_local(hearing.ends_at, zone_name)
    return {
        "hearing": hearing,
        "day": services.long_date(start.date()),
        "start": services.clock_time(start),
        "end": services.clock_time(end),
        "judge": services.judge_name(hearing.judge),
    }


def _case_page(request, case, form, status=200):
    hearings = [_row(h) for h in services.hearings_for_case(case)]
    return render(
        request,
        "scheduling/case_hearings.html",
        {
            "case": case,
            "form": form,
            "rows": hearings,
            "deadlines": case.deadlines.all(),
            "zone": case.court.time_zone,
        },
        status=status,
    )


@requires(Action.SCHEDULE_HEARINGS)
@require_http_methods(["GET", "HEAD", "POST"])
def case_hearings(request, case_id: int):
    case = services.case_get(user=request.user, case_id=case_id, request=request)
    require(request.user, Action.SCHEDULE_HEARINGS, court=case.court)
    judges = services.judges_of(case.court)
    if request.method != "POST":
        initial = {"judge": request.user.pk} if request.user.role == Role.JUDGE else {}
        form = ScheduleForm(court=case.court, judges=judges, initial=initial)
        return _case_page(request, case, form)
    form = ScheduleForm(request.POST, court=case.court, judges=judges)
    if not form.is_valid():
        return _case_page(request, case, form, status=400)
    starts_at, ends_at = form.instants()
    try:
        hearing = services.hearing_schedule(
            actor=request.user,
            case=case,
            courtroom=form.cleaned_data["courtroom"],
            judge=form.cleaned_data["judge"],
            kind=form.cleaned_data["kind"],
            starts_at=starts_at,
            ends_at=ends_at,
            note=form.cleaned_data["note"],
            outside_hours_reason=form.cleaned_data["outside_hours_reason"],
            request=request,
        )
    except DomainError as exc:
        _domain_error(form, exc)
        return _case_page(request, case, form, status=exc.status)
    row = _row(hearing)
    messages.success(
        request,
        sentence(
            f"Scheduled: {hearing.get_kind_display().lower()} on {row['day']} from "
            f"{row['start']} to {row['end']}"
        )
        + " The parties are notified.",
    )
    return redirect("case-hearings", case.pk)


def _hearing_page(request, hearing, template, form, status=200):
    return render(
        request,
        template,
        {"hearing": hearing, "row": _row(hearing), "case": hearing.case, "form": form},
        status=status,
    )


@requires(Action.SCHEDULE_HEARINGS)
@require_http_methods(["GET", "HEAD", "POST"])
def hearing_reschedule(request, hearing_id: int):
    hearing = services.hearing_get(user=request.user, hearing_id=hearing_id, request=request)
    court = hearing.case.court
    require(request.user, Action.SCHEDULE_HEARINGS, court=court)
    judges = services.judges_of(court)
    template = "scheduling/hearing_reschedule.html"
    if request.method != "POST":
        start = clock.to_local(hearing.starts_at, court.time_zone)
        end = clock.to_local(hearing.ends_at, court.time_zone)
        initial = {"date": start.date(), "start_time": start.time(), "end_time": end.time()}
        form = RescheduleForm(court=court, judges=judges, initial=initial)
        return _hearing_page(request, hearing, template, form)
    form = RescheduleForm(request.POST, court=court, judges=judges)
    if not form.is_valid():
        return _hearing_page(request, hearing, template, form, status=400)
    starts_at, ends_at = form.instants()
    try:
        hearing = services.hearing_reschedule(
            actor=request.user,
            hearing=hearing,
            starts_at=starts_at,
            ends_at=ends_at,
            courtroom=form.cleaned_data["courtroom"],
            judge=form.cleaned_data["judge"],
            outside_hours_reason=form.cleaned_data["outside_hours_reason"],
            request=request,
        )
    except DomainError as exc:
        _domain_error(form, exc)
        return _hearing_page(request, hearing, template, form, status=exc.status)
    row = _row(hearing)
    messages.success(
        request,
        sentence(f"Rescheduled to {row['day']} from {row['start']} to {row['end']}")
        + " The parties are notified.",
    )
    return redirect("case-hearings", hearing.case_id)


@requires(Action.SCHEDULE_HEARINGS)
@require_http_methods(["GET", "HEAD", "POST"])
def hearing_cancel(request, hearing_id: int):
    hearing = services.hearing_get(user=request.user, hearing_id=hearing_id, request=request)
    require(request.user, Action.SCHEDULE_HEARINGS, court=hearing.case.court)
    template = "scheduling/hearing_cancel.html"
    if request.method != "POST":
        return _hearing_page(request, hearing, template, CancelForm())
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _hearing_page(request, hearing, template, form, status=400)
    try:
        services.hearing_cancel(
            actor=request.user, hearing=hearing, reason=form.cleaned_data["reason"], request=request
        )
    except DomainError as exc:
        _domain_error(form, exc)
        return _hearing_page(request, hearing, template, form, status=exc.status)
    messages.success(request, "Cancelled. The parties are notified.")
    return redirect("case-hearings", hearing.case_id)


def _calendar_judges(user: User) -> list[User]:
    """Whose calendar the user may see: a judge their own; a clerk the judges of their courts."""
    if user.role == Role.JUDGE:
        return [user]
    courts = [a.court for a in user.court_assignments.select_related("court")]
    seen, judges = set(), []
    for court in courts:
        for judge in services.judges_of(court):
            if judge.pk not in seen:
                seen.add(judge.pk)
                judges.append(judge)
    return judges


@requires(Action.SCHEDULE_HEARINGS)
@safe_only
def judge_calendar(request):
    view = "week" if query_value(request, "view") == "week" else "day"
    judges = _calendar_judges(request.user)
    judge = judges[0] if request.user.role == Role.JUDGE else None
    chosen = query_value(request, "judge", "")
    if request.user.role != Role.JUDGE and chosen:
        judge = next((j for j in judges if str(j.pk) == chosen), None)
    zone_name = "America/Chicago"
    if judge is not None:
        assignment = judge.court_assignments.select_related("court").first()
        if assignment is not None:
            zone_name = assignment.court.time_zone
    asked = query_value(request, "date", "")
    status = 200
    try:  # a day that is not one, or outside the calendar, shows today, and says so (400)
        day = parse_form_date(asked, field="date")
    except ValidationFailed:
        day = clock.today(zone_name)
        if asked:
            status = 400
            messages.error(
                request,
                "The date asked for is not a day of the calendar (month, day and year, for "
                "example 11/30/2026): here is today.",
            )
    if view == "week":
        first, count = day - timedelta(days=day.weekday()), 7
    else:
        first, count = day, 1
    hearings = services.hearings_for_judge(judge=judge, start=first, days=count) if judge else []
    cases_listed_audit(
        user=request.user, cases=[h.case for h in hearings], request=request, what="calendar"
    )
    days = []
    for offset in range(count):
        current = first + timedelta(days=offset)
        rows = [
            _row(h)
            for h in hearings
            if clock.local_date(h.starts_at, h.case.court.time_zone) == current
        ]
        days.append({"date": current, "label": services.long_date(current), "rows": rows})
    step = timedelta(days=count)
    return render(
        request,
        "scheduling/judge_calendar.html",
        {
            "view": view,
            "judge": judge,
            "judges": judges,
            "is_judge": request.user.role == Role.JUDGE,
            "day": day,
            "days": days,
            "previous": (first - step).isoformat(),
            "next": (first + step).isoformat(),
            "zone": zone_name,
            "date_box": DatePicker().render(
                "date",
                day,
                attrs={"id": "c-date", "class": "usa-input", "aria-describedby": "c-date-hint"},
            ),
        },
        status=status,
    )
