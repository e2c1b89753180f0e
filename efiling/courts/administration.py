"""A court administrator's changes to their courts' data: closure days (and, for a system
administrator, statewide holidays) and filing codes with their fees. Each change is checked
against the permission matrix for the court it touches, made in one transaction and audited in
it, naming the court."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from efiling.accounts.permissions import Action, can, court_work_get, require, require_write
from efiling.audit.services import audit_record
from efiling.core.court_writes import court_writes_check
from efiling.core.errors import Conflict, NotFound, ValidationFailed
from efiling.courts.calendar import holidays_generate_year
from efiling.courts.fees import docket_template_problem
from efiling.courts.models import CaseType, Court, FilingCode, Holiday

HOLIDAY_NOT_FOUND = "There is no such closure day or holiday, or you do not administer it."
FILING_CODE_NOT_FOUND = "There is no such filing code, or you do not administer its court."
COURT_NOT_FOUND = "There is no such court, or you do not administer it."
# The largest fee a court administrator can set through the pages: $100,000.00, in cents.
FEE_MAX_CENTS = 10_000_000


def court_administered_get(*, user, code: str, action: Action = Action.MANAGE_COURTS) -> Court:
    """The court with location `code` if `user` administers it for `action`; PermissionDenied
    when the user's role never may, NotFound in one set of words both for a code that names no
    court and for a court the user does not administer."""
    require(user, action)
    court = Court.objects.filter(code=(code or "").strip().upper()).first()
    if court is None or not can(user, action, court=court):
        raise NotFound(COURT_NOT_FOUND)
    return court


def _court_label(court: Court | None) -> str:
    return court.code if court is not None else "statewide"


def holiday_get_for_administration(*, user, holiday_id: int) -> Holiday:
    """A closure day of a court `user` administers, or a statewide holiday for a system
    administrator; NotFound in one set of words otherwise (missing or not theirs)."""
    require(user, Action.MANAGE_COURTS)
    holiday = Holiday.objects.select_related("court").filter(pk=holiday_id).first()
    if holiday is None:
        raise NotFound(HOLIDAY_NOT_FOUND)
    if holiday.court is None:
        allowed = can(user, Action.MANAGE_STATEWIDE_CALENDAR)
    else:
        allowed = can(user, Action.MANAGE_COURTS, court=holiday.court)
    if not allowed:
        raise NotFound(HOLIDAY_NOT_FOUND)
    return holiday


def closure_day_add(
    *, actor, court: Court | None, day: date, name: str, note: str = "", request=None
) -> Holiday:
    """Record a day `court` is closed (it then counts as a legal holiday there, Rule
    44.01(a)); with `court` None, a statewide legal holiday (system administrators only),
    after the year's statutory holidays are generated so that the edit sticks. Conflict when
    the day already has such a row, naming it."""
    if court is None:
        require(actor, Action.MANAGE_STATEWIDE_CALENDAR)
        holidays_generate_year(day.year)
    else:
        require_write(actor, Action.MANAGE_COURTS, court=court)
    with transaction.atomic():
        existing = Holiday.objects.filter(court=court, date=day).first()
        if existing is not None:
            where = "statewide" if court is None else f"in the {court.name}"
            raise Conflict(
                f"{day:%B} {day.day}, {day.year} is already {existing.name} {where}.",
                field="date",
            )
        holiday = Holiday.objects.create(
            date=day,
            name=name,
            note=note,
            court=court,
            kind=Holiday.Kind.LEGAL if court is None else Holiday.Kind.CLOSURE,
        )
        audit_record(
            action="holiday.added",
            target=holiday,
            actor=actor,
            request=request,
            details={"court": _court_label(court), "date": day.isoformat(), "name": name},
        )
    return holiday


def closure_day_remove(*, actor, holiday: Holiday, request=None) -> None:
    """Remove a closure day or statewide holiday fetched by holiday_get_for_administration:
    the day counts as a business day again from now on (audited, naming what it was)."""
    court_writes_check(holiday.court)  # a statewide holiday (None): windows of every court
    with transaction.atomic():
        details = {
            "court": _court_label(holiday.court),
            "date": holiday.date.isoformat(),
            "name": holiday.name,
        }
        audit_record(
            action="holiday.removed", target=holiday, actor=actor, request=request, details=details
        )
        holiday.delete()


def holidays_of(*, court: Court | None):
    """A court's own closure days (or, with None, the statewide holidays), newest first."""
    return Holiday.objects.filter(court=court).order_by("-date", "-pk")


def filing_codes_of(*, court: Court):
    """The court's filing codes, by name."""
    return (
        FilingCode.objects.filter(court=court)
        .select_related("case_type")
        .order_by("name", "code", "pk")
    )


def filing_code_get_for_administration(*, user, filing_code_id: int) -> FilingCode:
    """A filing code of a court `user` administers; NotFound alike for missing and not theirs."""
    return court_work_get(
        user=user,
        action=Action.MANAGE_COURTS,
        queryset=FilingCode.objects.select_related("court", "case_type"),
        pk=filing_code_id,
        court_of=lambda code: code.court,
        not_found=FILING_CODE_NOT_FOUND,
    )


def _filing_code_checked(values: dict) -> dict:
    problem = docket_template_problem(values["docket_text_template"])
    if problem:
        raise ValidationFailed(f"The docket text {problem}.", field="docket_text_template")
    if not 0 <= values["fee_cents"] <= FEE_MAX_CENTS:
        raise ValidationFailed(
            f"The fee must be between $0.00 and ${FEE_MAX_CENTS // 100:,}.00.", field="fee"
        )
    return values


def filing_code_add(
    *,
    actor,
    court: Court,
    code: str,
    name: str,
    case_type: CaseType | None,
    initiating: bool,
    fee_cents: int,
    docket_text_template: str,
    request=None,
) -> FilingCode:
    """Add a filing code to `court` (for one of its case types, or all with None). Conflict
    when the court already has the code for that case type."""
    require_write(actor, Action.MANAGE_COURTS, court=court)
    if case_type is not None and not court.case_types.filter(pk=case_type.pk).exists():
        raise ValidationFailed(
            f"The {court.name} does not take {case_type.name} cases.", field="case_type"
        )
    values = _filing_code_checked(
        {"name": name, "fee_cents": fee_cents, "docket_text_template": docket_text_template}
    )
    with transaction.atomic():
        if FilingCode.objects.filter(court=court, case_type=case_type, code=code).exists():
            raise Conflict(f"The {court.name} already has the filing code {code}.", field="code")
        filing_code = FilingCode.objects.create(
            court=court, case_type=case_type, code=code, initiating=initiating, **values
        )
        audit_record(
            action="filing_code.added",
            target=filing_code,
            actor=actor,
            request=request,
            details={"court": court.code, "code": code, **values},
        )
    return filing_code


def filing_code_update(
    *,
    actor,
    filing_code: FilingCode,
    name: str,
    fee_cents: int,
    docket_text_template: str,
    active: bool,
    request=None,
) -> FilingCode:
    """Change a filing code's name, fee, docket text or whether filers may choose it (an
    inactive code stays on the filings that used it). Audited with the values before and
    after. A fee change applies to envelopes whose fees are calculated from now on."""
    require_write(actor, Action.MANAGE_COURTS, court=filing_code.court)
    values = _filing_code_checked(
        {
            "name": name,
            "fee_cents": fee_cents,
            "docket_text_template": docket_text_template,
            "active": active,
        }
    )
    with transaction.atomic():
        locked = FilingCode.objects.select_for_update(no_key=True).get(pk=filing_code.pk)
        before = {field: getattr(locked, field) for field in values}
        changed = {field: value for field, value in values.items() if before[field] != value}
        if not changed:
            return locked
        for field, value in changed.items():
            setattr(locked, field, value)
        locked.save(update_fields=list(changed))
        audit_record(
            action="filing_code.changed",
            target=locked,
            actor=actor,
            request=request,
            details={
                "court": locked.court.code,
                "code": locked.code,
                "before": {field: before[field] for field in changed},
                "after": changed,
            },
        )
    return locked
