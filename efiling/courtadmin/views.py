"""The court administrator's pages (/court-admin/): their courts' closure days, rejection
reasons, filing codes and fees, courtrooms, users and roles, and the audit trail with its
verification; statewide holidays for system administrators. Each page asks the permission
matrix for the court it shows (a court the user does not administer is answered as one that
does not exist); each change goes through one service of the app that owns the data, which
audits it. Lists are paged."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from efiling.accounts import administration as accounts_admin
from efiling.accounts.access import requires
from efiling.accounts.emails import password_link_lifetime
from efiling.accounts.permissions import Action, can, is_system_administrator
from efiling.audit.checkpoints import stored_checkpoint_expectations
from efiling.audit.services import audit_chain_verify, audit_record
from efiling.core.errors import DomainError
from efiling.core.forms import add_domain_error
from efiling.core.pages import safe_only
from efiling.core.paging import page_of
from efiling.core.query import posted_value
from efiling.core.words import counted, long_date
from efiling.courtadmin import forms
from efiling.courtadmin.selectors import audit_actions, audit_events_of_courts
from efiling.courts import administration as courts_admin
from efiling.courts.selectors import courts_of
from efiling.docket import administration as docket_admin
from efiling.scheduling import administration as scheduling_admin
from efiling.scheduling.selectors import hearings_count_on

ROWS_PER_PAGE = 50
EVENTS_PER_PAGE = 50


def _court(request, code: str, action: Action = Action.MANAGE_COURTS):
    return courts_admin.court_administered_get(user=request.user, code=code, action=action)


def _list_page(request, template: str, *, form, rows, add, context: dict, done):
    """A list with its add form: GET shows both; a valid POST calls `add(cleaned_data)` (a
    service), says `done` (a text, or a function of what `add` returned that gives it) and
    shows the list again (POST-redirect-GET); a refusal is shown on the form, with its
    status."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                added = add(form.cleaned_data)
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
            else:
                messages.success(request, done(added) if callable(done) else done)
                return redirect(request.path)
        else:
            status = 400
    page = page_of(request, rows, per_page=ROWS_PER_PAGE)
    return render(request, template, {"form": form, "page": page, **context}, status=status)


@requires(Action.MANAGE_COURTS)
@safe_only
def index(request):
    """The courts the user administers (every court for a system administrator)."""
    page = page_of(request, courts_of(request.user), per_page=ROWS_PER_PAGE)
    context = {"page": page, "system_administrator": is_system_administrator(request.user)}
    return render(request, "courtadmin/index.html", context)


@requires(Action.MANAGE_COURTS)
@safe_only
def court(request, code: str):
    court = _court(request, code)
    return render(
        request,
        "courtadmin/court.html",
        {"court": court, "manages_users": can(request.user, Action.MANAGE_USERS, court=court)},
    )


def _holidays_page(request, court):
    """A court's closure days, or (court None) the statewide legal holidays, with the add form."""
    form = forms.HolidayForm(request.POST or None)

    def add(data):
        courts_admin.closure_day_add(
            actor=request.user,
            court=court,
            day=data["date"],
            name=data["name"],
            note=data["note"],
            request=request,
        )
        zone = court.time_zone if court is not None else settings.EFILING_DEFAULT_TIME_ZONE
        set_that_day = hearings_count_on(day=data["date"], zone_name=zone, court=court)
        if set_that_day:
            messages.warning(
                request,
                f"{counted(set_that_day, 'hearing')} {'is' if set_that_day == 1 else 'are'} "
                f"set on {long_date(data['date'])} in {where}: the closure does not move "
                "them. Reschedule or cancel them on the court's calendar; their parties are "
                "told then.",
            )

    where = "this court" if court is not None else "every court"
    return _list_page(
        request,
        "courtadmin/holidays.html",
        form=form,
        rows=courts_admin.holidays_of(court=court),
        add=add,
        context={"court": court},
        done=f"The day is recorded: deadlines in {where} skip it.",
    )


@requires(Action.MANAGE_COURTS)
@require_http_methods(["GET", "HEAD", "POST"])
def closures(request, code: str):
    return _holidays_page(request, _court(request, code))


@requires(Action.MANAGE_STATEWIDE_CALENDAR)
@require_http_methods(["GET", "HEAD", "POST"])
def statewide_holidays(request):
    return _holidays_page(request, None)


@requires(Action.MANAGE_COURTS)
@require_POST
def holiday_remove(request, holiday_id: int):
    holiday = courts_admin.holiday_get_for_administration(user=request.user, holiday_id=holiday_id)
    courts_admin.closure_day_remove(actor=request.user, holiday=holiday, request=request)
    messages.success(request, f"{holiday.name} ({holiday.date:%Y-%m-%d}) is removed.")
    if holiday.court is None:
        return redirect("courtadmin-holidays")
    return redirect("courtadmin-closures", holiday.court.code)


@requires(Action.MANAGE_COURTS)
@require_http_methods(["GET", "HEAD", "POST"])
def rejection_reasons(request, code: str):
    court = _court(request, code)
    form = forms.RejectionReasonForm(request.POST or None)

    def add(data):
        docket_admin.rejection_reason_add(
            actor=request.user, court=court, text=data["text"], request=request
        )

    return _list_page(
        request,
        "courtadmin/rejection_reasons.html",
        form=form,
        rows=docket_admin.rejection_reasons_of(court=court),
        add=add,
        context={"court": court},
        done="The reason is added: clerks can choose it now.",
    )


@requires(Action.MANAGE_COURTS)
@require_POST
def rejection_reason_toggle(request, reason_id: int):
    reason = docket_admin.rejection_reason_get_for_administration(
        user=request.user, reason_id=reason_id
    )
    active = not reason.active
    docket_admin.rejection_reason_set_active(
        actor=request.user, reason=reason, active=active, request=request
    )
    words = "offered to clerks again" if active else "no longer offered to clerks"
    messages.success(request, f"“{reason.text}” is {words}.")
    return redirect("courtadmin-rejection-reasons", reason.court.code)


@requires(Action.MANAGE_COURTS)
@require_http_methods(["GET", "HEAD", "POST"])
def courtrooms(request, code: str):
    court = _court(request, code)
    form = forms.CourtroomForm(request.POST or None, initial={"active": True})

    def add(data):
        room = scheduling_admin.courtroom_add(
            actor=request.user, court=court, name=data["name"], request=request
        )
        if not data["active"]:
            scheduling_admin.courtroom_update(
                actor=request.user, courtroom=room, name=room.name, active=False, request=request
            )

    return _list_page(
        request,
        "courtadmin/courtrooms.html",
        form=form,
        rows=scheduling_admin.courtrooms_of(court=court),
        add=add,
        context={"court": court},
        done="The courtroom is added.",
    )


@requires(Action.MANAGE_COURTS)
@require_http_methods(["GET", "HEAD", "POST"])
def courtroom_edit(request, courtroom_id: int):
    room = scheduling_admin.courtroom_get_for_administration(
        user=request.user, courtroom_id=courtroom_id
    )
    initial = {"name": room.name, "active": room.active}
    form = forms.CourtroomForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                scheduling_admin.courtroom_update(
                    actor=request.user, courtroom=room, request=request, **form.cleaned_data
                )
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
            else:
                messages.success(request, "The courtroom is saved.")
                return redirect("courtadmin-courtrooms", room.court.code)
    context = {"form": form, "court": room.court, "title": f"Courtroom {room.name}"}
    back = reverse("courtadmin-courtrooms", args=[room.court.code])
    return render(request, "courtadmin/edit.html", {**context, "back": back}, status=status)


@requires(Action.MANAGE_COURTS)
@require_http_methods(["GET", "HEAD", "POST"])
def courtroom_hours(request, courtroom_id: int):
    room = scheduling_admin.courtroom_get_for_administration(
        user=request.user, courtroom_id=courtroom_id
    )
    form = forms.CourtroomHoursForm(
        request.POST or None, hours=scheduling_admin.courtroom_hours_of(room)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                scheduling_admin.courtroom_hours_set(
                    actor=request.user, courtroom=room, hours=form.hours(), request=request
                )
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
            else:
                messages.success(request, f"The hours of {room.name} are saved.")
                return redirect("courtadmin-courtrooms", room.court.code)
    context = {
        "form": form,
        "court": room.court,
        "title": f"Hours of {room.name}",
        "intro": "When the courtroom sits, in the court's local time. A hearing outside these "
        "hours is refused unless a judge or clerk overrides it with a reason.",
        "back": reverse("courtadmin-courtrooms", args=[room.court.code]),
    }
    return render(request, "courtadmin/edit.html", context, status=status)


@requires(Action.MANAGE_COURTS)
@require_http_methods(["GET", "HEAD", "POST"])
def filing_codes(request, code: str):
    court = _court(request, code)
    form = forms.NewFilingCodeForm(request.POST or None, court=court)

    def add(data):
        courts_admin.filing_code_add(
            actor=request.user,
            court=court,
            code=data["code"],
            name=data["name"],
            case_type=data["case_type"],
            initiating=data["initiating"],
            fee_cents=form.fee_cents,
            docket_text_template=data["docket_text_template"],
            request=request,
        )

    return _list_page(
        request,
        "courtadmin/filing_codes.html",
        form=form,
        rows=courts_admin.filing_codes_of(court=court),
        add=add,
        context={"court": court},
        done="The filing code is added: filers can choose it now.",
    )


@requires(Action.MANAGE_COURTS)
@require_http_methods(["GET", "HEAD", "POST"])
def filing_code_edit(request, filing_code_id: int):
    filing_code = courts_admin.filing_code_get_for_administration(
        user=request.user, filing_code_id=filing_code_id
    )
    initial = {
        "name": filing_code.name,
        "fee": f"{filing_code.fee_cents / 100:.2f}",
        "docket_text_template": filing_code.docket_text_template,
        "active": filing_code.active,
    }
    form = forms.FilingCodeForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                courts_admin.filing_code_update(
                    actor=request.user,
                    filing_code=filing_code,
                    name=data["name"],
                    fee_cents=form.fee_cents,
                    docket_text_template=data["docket_text_template"],
                    active=data["active"],
                    request=request,
                )
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
            else:
                messages.success(request, f"Filing code {filing_code.code} is saved.")
                return redirect("courtadmin-filing-codes", filing_code.court.code)
    back = reverse("courtadmin-filing-codes", args=[filing_code.court.code])
    title = f"Filing code {filing_code.code}: {filing_code.name}"
    context = {"form": form, "court": filing_code.court, "title": title, "back": back}
    return render(request, "courtadmin/edit.html", context, status=status)


CREATE_ACCOUNT = "create"  # the value of the staff account form's button


@requires(Action.MANAGE_USERS)
@require_http_methods(["GET", "HEAD", "POST"])
def users(request, code: str):
    """The court's people, with two forms: assign an existing account, or create one for new
    court staff (its button says which was sent)."""
    court = _court(request, code, Action.MANAGE_USERS)
    roles = accounts_admin.roles_assignable_by(actor=request.user, court=court)
    creating = posted_value(request, "form") == CREATE_ACCOUNT
    assign_form = forms.AssignmentForm(None if creating else request.POST or None, roles=roles)
    create_form = forms.StaffAccountForm(request.POST if creating else None, roles=roles)

    def assign(data):
        accounts_admin.court_assignment_add(
            actor=request.user, court=court, request=request, **data
        )

    def create(data):
        accounts_admin.court_staff_account_create(
            actor=request.user, court=court, request=request, **data
        )

    lifetime = password_link_lifetime()
    return _list_page(
        request,
        "courtadmin/users.html",
        form=create_form if creating else assign_form,
        rows=accounts_admin.court_assignments_of(court=court),
        add=create if creating else assign,
        context={
            "court": court,
            "assign_form": assign_form,
            "create_form": create_form,
            "roles": roles,
            "link_lifetime": lifetime,
            "create_account": CREATE_ACCOUNT,
        },
        done=(
            "The account is created and works in this court. The invitation is e-mailed: its "
            f"link to choose a password works for {lifetime}."
            if creating
            else "The assignment is saved: the person works in this court from now on."
        ),
    )


@requires(Action.MANAGE_USERS)
@require_POST
def assignment_remove(request, assignment_id: int):
    assignment = accounts_admin.court_assignment_get_for_administration(
        user=request.user, assignment_id=assignment_id
    )
    accounts_admin.court_assignment_remove(
        actor=request.user, assignment=assignment, request=request
    )
    messages.success(
        request,
        f"{assignment.user.get_full_name()} no longer works in the {assignment.court.name}.",
    )
    return redirect("courtadmin-users", assignment.court.code)


@requires(Action.VIEW_AUDIT_TRAIL)
@safe_only
def audit_trail(request):
    """The trail of the user's courts, newest first, filtered by court, kind and days (a GET
    form). Reading it is itself recorded: it names cases, including non-public ones."""
    courts = [
        c for c in courts_of(request.user) if can(request.user, Action.VIEW_AUDIT_TRAIL, court=c)
    ]
    form = forms.AuditFilterForm(request.GET or None, courts=courts, actions=audit_actions())
    status, data = 200, {}
    if request.GET and not form.is_valid():
        status = 400
    elif request.GET:
        data = form.cleaned_data
    chosen = [c for c in courts if c.code == data.get("court")] or courts
    events = audit_events_of_courts(
        courts=chosen,
        everything=is_system_administrator(request.user) and not data.get("court"),
        action=data.get("action", ""),
        first=data.get("first"),
        last=data.get("last"),
    )
    page = page_of(request, events, per_page=EVENTS_PER_PAGE)
    page.object_list = list(page.object_list)  # read before this reading is recorded
    audit_record(
        action="audit_trail.viewed",
        object_type="audit.auditevent",
        object_repr="audit trail",
        actor=request.user,
        request=request,
        details={"filters": {k: str(v) for k, v in data.items() if v}, "page": page.number},
    )
    context = {"form": form, "page": page, "report": None}
    return render(request, "courtadmin/audit.html", context, status=status)


@requires(Action.VIEW_AUDIT_TRAIL)
@require_POST
def audit_verify(request):
    """Walk the whole chain now (every court's events: the chain is one), compare it with
    every signed checkpoint stored, and show the result; the run is itself audited. It reads
    the whole trail: minutes for millions of events."""
    stored, unsigned = stored_checkpoint_expectations()
    report = audit_chain_verify(expectations=stored)
    audit_record(
        action="audit_trail.verified",
        object_type="audit.auditlink",
        object_repr="audit chain",
        actor=request.user,
        request=request,
        details={
            "intact": report.intact,
            "head_seq": report.head_seq,
            "problem": report.problem or "",
            "checkpoints_not_signed_here": len(unsigned),
        },
    )
    context = {"report": report, "checkpoints": len(stored), "unsigned": unsigned}
    return render(request, "courtadmin/audit_verified.html", context)
