"""Returns of service (issue 14): the sheriff, a process server's filer or the filer of record
files the return of a summons (`service_return_file`): served (date, time, way, person served)
or not found (reason, perhaps a new address). It is docketed and noticed to the case, and a
served return sets the party's answer deadline, or its appearance on an associate circuit
return date, from the court's data (scheduling.deadlines.answer_deadline_from_service). Also
what a case shows of service per party (`service_states`). Issuing and reissuing summonses is
efiling.service.summons."""

from __future__ import annotations

from datetime import date, time

from django.db import transaction

from efiling.accounts.models import Role, User
from efiling.accounts.permissions import Action, check, require
from efiling.audit.services import audit_record
from efiling.cases.access import case_participant
from efiling.cases.models import Case, Party
from efiling.core import clock
from efiling.core.clock import clock_time
from efiling.core.counters import counter_next
from efiling.core.court_writes import court_writes_check
from efiling.core.errors import Conflict, NotFound, ValidationFailed
from efiling.core.events import event_record
from efiling.core.text import clean_text
from efiling.core.words import REASON_MAX, long_date, one_line
from efiling.courts.models import ServiceManner
from efiling.courts.return_dates import served_too_late
from efiling.courts.service_terms import service_terms
from efiling.docket.models import DocketEntry
from efiling.scheduling.deadlines import answer_deadline_from_service
from efiling.service.summons import (
    NOT_FOUND_MESSAGE,
    S,
    petition_filing,
    summons_get,
    summons_locked,
    summons_visible,
)
from efiling.service.summons_address import address_values
from efiling.service.summons_expiry import summons_expired
from efiling.service.summons_models import (
    HOW_SERVED_BY_MANNER,
    ReturnOfService,
    Summons,
    how_served_choices,
)
from efiling.service.summons_workflow import summons_state_words, summons_transition

# ---------------------------------------------------------------------------- returns


def _return_values(
    *, manner, outcome, served_on, served_time, how_served, person_served, reason, new_address
):
    if outcome not in ReturnOfService.Outcome.values:
        raise ValidationFailed("Say whether the party was served or not found.", field="outcome")
    if outcome == ReturnOfService.Outcome.NOT_FOUND:
        reason = clean_text(reason or "", field="reason", max_length=REASON_MAX)
        if not reason:
            raise ValidationFailed("Say why the party could not be served.", field="reason")
        return {"reason": reason, "new_address": address_values(new_address)}
    if not isinstance(served_on, date):
        raise ValidationFailed("Give the date of service.", field="served_on")
    if served_time is not None and not isinstance(served_time, time):
        raise ValidationFailed("Give the time of service as HH:MM.", field="served_time")
    if how_served not in ReturnOfService.HowServed.values:
        raise ValidationFailed("Say how the papers were served.", field="how_served")
    if how_served not in HOW_SERVED_BY_MANNER[manner]:
        fitting = "; ".join(label.lower() for _, label in how_served_choices(manner))
        raise ValidationFailed(
            f"A summons for service by {ServiceManner(manner).label.lower()} is served only "
            f"thus: {fitting}.",
            field="how_served",
        )
    person = clean_text(
        person_served or "",
        field="person_served",
        max_length=ReturnOfService._meta.get_field("person_served").max_length,
    )
    if not person:
        raise ValidationFailed("Give the name of the person served.", field="person_served")
    return {
        "served_on": served_on,
        "served_time": served_time,
        "how_served": how_served,
        "person_served": person,
    }


def service_time_check(summons: Summons, served_on: date, served_time: time | None) -> None:
    """A return's service falls between the summons' issue and now, both in the court's zone:
    the date alone when no time is given, else the date and time to the minute. ValidationFailed
    (field "served_time" when the time alone is out of bounds, else "served_on") naming both
    bounds in the court's local time otherwise; and (field "served_on") for a date after the
    summons' return-by date: its time for service had run (Rule 54.21, summons_expiry)."""
    zone_name = summons.case.court.time_zone
    issued = clock.to_local(summons.issued_at, zone_name).replace(second=0, microsecond=0)
    now = clock.to_local(clock.now(), zone_name)
    bounds = (
        f"between the summons' issue ({long_date(issued)} at {clock_time(issued)}) and now "
        f"({long_date(now)} at {clock_time(now)}), court time"
    )
    if not issued.date() <= served_on <= now.date():
        raise ValidationFailed(f"The date of service is {bounds}.", field="served_on")
    if summons.return_by is not None and served_on > summons.return_by:
        raise ValidationFailed(
            f"The summons expired after {long_date(summons.return_by)}, its last day for "
            "service: service on a later day is not valid. File the return as not found; the "
            "clerk may issue an alias summons.",
            field="served_on",
        )
    if served_time is not None:
        served = clock.local_instant(served_on, served_time, zone_name, field="served_time")
        if not issued <= served <= now:
            raise ValidationFailed(
                f"The date and time of service is {bounds}.", field="served_time"
            )


def may_file_return(user: User, summons: Summons) -> bool:
    """Whether `user`, who sees `summons` (summons_get), may file its return: the sheriff's
    office of its county, or a filer of record in its case."""
    if user.role == Role.SHERIFF:
        return summons_visible(user, summons)
    return check(user, Action.FILE_IN_CASE) is None and case_participant(user, summons.case)


def service_return_file(
    *,
    user: User,
    summons_id: int,
    outcome: str,
    served_on: date | None = None,
    served_time: time | None = None,
    how_served: str = "",
    person_served: str = "",
    reason: str = "",
    new_address: dict | None = None,
    request=None,
) -> ReturnOfService:
    """File the return of service of an issued summons: served (date in the court's zone and
    optional court-local time, between the summons' issue and now: `service_time_check`; how;
    the person served) or not found (the reason, and optionally where the party may be found:
    `new_address`, as summons_address.address_values takes it, offered for the alias summons).
    By the sheriff's office of its county or a
    filer of record in the case; NotFound as for a missing summons for anyone else; Conflict
    once returned. Docketed as the case's next entry and noticed to the case
    ("docket.entry_docketed"); a served return records the party's answer deadline
    (answer_deadline_from_service), counted from `served_on` with the court's calendar."""
    require(user, Action.FILE_SERVICE_RETURN)
    summons = summons_get(user=user, summons_id=summons_id)
    if not may_file_return(user, summons):
        raise NotFound(NOT_FOUND_MESSAGE)
    court_writes_check(summons.case.court)
    values = _return_values(
        manner=summons.manner,
        outcome=outcome,
        served_on=served_on,
        served_time=served_time,
        how_served=how_served,
        person_served=person_served,
        reason=reason,
        new_address=new_address,
    )
    case = summons.case
    if outcome == ReturnOfService.Outcome.SERVED and summons.issued_at is not None:
        service_time_check(summons, served_on, values["served_time"])
    with transaction.atomic():
        number = counter_next(f"docket:{case.pk}")
        summons = summons_locked(summons_id)
        if summons.status != S.ISSUED:
            raise Conflict(
                f"This summons is {summons_state_words(summons.status)}: its return is filed only "
                "once, while it is issued.",
                code="summons_state",
            )
        party = summons.party
        if outcome == ReturnOfService.Outcome.SERVED:
            when = long_date(served_on) + (
                f" at {clock_time(values['served_time'])}" if values["served_time"] else ""
            )
            # Whom the papers were handed to stays on the return (a household member may be a
            # minor): not in the docket text, which the public reads.
            text = (
                f"Return of service: {party.display_name} served {when}, "
                f"{ReturnOfService.HowServed(values['how_served']).label.lower()}. "
                f"Filed by {one_line(user.get_full_name())}."
            )
        else:
            # The reason stays on the return (it may name an address): not in the docket text.
            text = (
                f"Return of service: {party.display_name} not found. "
                f"Filed by {one_line(user.get_full_name())}."
            )
        now = clock.now()
        entry = DocketEntry.objects.create(
            case=case,
            number=number,
            kind=DocketEntry.Kind.SERVICE,
            text=text,
            filed_at=now,
            entered_by=user,
            created_at=now,
            security_level=case.security_level,
        )
        service_return = ReturnOfService.objects.create(
            summons=summons,
            outcome=outcome,
            filed_by=user,
            filed_at=now,
            docket_entry=entry,
            **values,
        )
        if outcome == ReturnOfService.Outcome.SERVED:
            petition = petition_filing(summons.service_request)
            summons.answer_deadline = answer_deadline_from_service(
                case=case,
                filing_code=petition.filing_code,
                manner=summons.manner,
                served_on=served_on,
                party=party,
                set_by_entry=petition.docket_entry.number,
                return_date=summons.return_date,
                request=request,
            )
        summons_transition(
            summons=summons,
            to=outcome,
            actor=user,
            request=request,
            docket_number=number,
            served_on=served_on.isoformat() if served_on else None,
        )
        audit_record(
            action="service_return.filed",
            target=service_return,
            actor=user,
            request=request,
            details={"case": case.number, "outcome": outcome, "docket_number": number},
        )
        event_record("docket.entry_docketed", entry=entry)
    return service_return


# ---------------------------------------------------------------------------- selectors


def return_date_problem(summons: Summons) -> str | None:
    """For a served summons with a return date (associate circuit): a warning when service
    came less than the court's `served_days_before` days before the return date
    (courts.return_dates.served_too_late), for the clerk and the serving officer; None
    otherwise. The return date is then too close: the court continues the case (RSMo
    517.071.3(2))."""
    if summons.return_date is None or summons.status != S.SERVED:
        return None
    served_on = summons.service_return.served_on
    filing_code = petition_filing(summons.service_request).filing_code
    rule = service_terms(filing_code=filing_code, manner=summons.manner).return_date
    if rule is None or not served_too_late(
        rule=rule, served_on=served_on, return_date=summons.return_date
    ):
        return None
    days = (summons.return_date - served_on).days
    when = (
        f"Served {days} day{'' if days == 1 else 's'} before the return date"
        if days > 0
        else "Served on the return date"
        if days == 0
        else "Served after the return date"
    )
    return (
        f"{when} ({long_date(summons.return_date)}); the court requires at least "
        f"{rule.served_days_before} days: the return date is too close and the case is to be "
        "continued to a later date."
    )


def service_states(case: Case, *, parties: list[Party] | None = None) -> list[dict]:
    """Per party asked to be served, where service stands, in party order: {"party", "state"
    (requested, summons issued, expired: issued and its return-by date passed unserved,
    served, not found, answered), "summons" (the latest, or None), "return_by" (the latest
    issued summons' date, summons_expiry), "served_on", "answer_due" (dates or None; with a
    return date, the day to appear), "appear" (True when "answer_due" is a return date),
    "problem" (`return_date_problem`, or None)}. `parties`: the case's parties in pk order,
    already read, each with `asked_to_serve` (whether it has a service request:
    efiling.docket.access.case_overview), instead of a query."""
    if parties is not None:
        parties = [party for party in parties if party.asked_to_serve]
    else:
        parties = list(
            Party.objects.filter(case=case, service_request__isnull=False).order_by("pk")
        )
    if not parties:  # most cases on a case page: nothing to serve, no summons to read
        return []
    latest: dict[int, Summons] = {}
    for summons in (
        Summons.objects.filter(case=case)
        .select_related("answer_deadline", "service_return")
        .order_by("pk")
    ):
        latest[summons.party_id] = summons
    states = []
    today = clock.today(case.court.time_zone)
    for party in parties:
        summons = latest.get(party.pk)
        state, served_on, due, problem = "requested", None, None, None
        if summons is not None and summons.status == S.ISSUED:
            state = "expired" if summons_expired(summons, today=today) else "summons issued"
        elif summons is not None and summons.status == S.NOT_FOUND:
            state = "not found"
        elif summons is not None and summons.status == S.SERVED:
            served_on = summons.service_return.served_on
            deadline = summons.answer_deadline
            due = deadline.due_date if deadline else None
            state = "answered" if deadline and deadline.satisfied_at else "served"
            problem = return_date_problem(summons)
        states.append(
            {
                "party": party,
                "state": state,
                "summons": summons,
                "return_by": summons.return_by if summons is not None else None,
                "served_on": served_on,
                "answer_due": due,
                "appear": summons is not None and summons.return_date is not None,
                "problem": problem,
            }
        )
    return states
