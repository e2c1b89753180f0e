"""What each role's home shows. Every list is bounded (HOME_ROWS rows and a total); every read
of non-public material shown (captions of confidential or sealed cases, envelopes into them)
is audited as the list pages audit it."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings

from efiling.accounts.models import Role, User
from efiling.accounts.permissions import (
    SELF_REPRESENTED_CLOSED,
    Action,
    can,
    filers_acted_for,
    is_system_administrator,
    self_represented_closed,
)
from efiling.availability.models import ServiceHours
from efiling.availability.services import help_desk_is_open, hours_summary
from efiling.cases.access import case_attorneys_named, cases_listed_audit
from efiling.core import clock
from efiling.core.paging import first_rows
from efiling.courts.selectors import courts_assigned, courts_of
from efiling.docket.access import cases_for_user
from efiling.docket.selectors import orders_awaiting_signature, review_queues_summary
from efiling.filings.selectors import (
    envelopes_drafts,
    envelopes_returned,
    envelopes_under_review,
)
from efiling.filings.services import envelopes_listed_audit
from efiling.helpdesk.resets import resets_awaiting_approval
from efiling.helpdesk.services import tickets_awaiting_help_desk
from efiling.payments.selectors import balance_of
from efiling.payments.services import format_money
from efiling.scheduling.selectors import (
    deadlines_due_in_cases,
    hearings_in_cases,
    hearings_of_courts_on,
)
from efiling.scheduling.services import hearings_for_judge
from efiling.service.selectors import notices_recent
from efiling.service.summons import summonses_to_serve
from efiling.service.summons_expiry import summons_expired

HOME_ROWS = 10
# "The coming two weeks" of a filer's home: today and the 13 days after it.
COMING_DAYS = 14
# Filers who hold a payment account of their own (staff pay from their attorneys').
ACCOUNT_HOLDERS = (Role.ATTORNEY, Role.PRO_HAC_VICE, Role.SELF_REPRESENTED)


def _zone() -> str:
    return settings.EFILING_DEFAULT_TIME_ZONE


def _filer_home(user: User, request) -> dict:
    """A filer's work: cases, hearings and deadlines of the coming two weeks, drafts, recent
    notices, filings under review and the payment account balance. Staff see those of each
    attorney who authorized them, the attorney named on every row. A self-represented
    litigant while their filing is not open (`self_represented_closed`) sees that said, as
    `closed`, and their notices only: none of the filer's pages would let them in."""
    if self_represented_closed(user):
        notices = notices_recent(recipients=[user], limit=HOME_ROWS)
        return {"closed": SELF_REPRESENTED_CLOSED, "notices": notices}
    today = clock.today(_zone())
    filers = filers_acted_for(user)
    cases = cases_for_user(user=user)
    recent_cases = first_rows(cases.order_by("-created_at", "-pk"), limit=HOME_ROWS)
    hearings = hearings_in_cases(
        cases=cases, first=today, days=COMING_DAYS, zone_name=_zone(), limit=HOME_ROWS
    )
    deadlines = deadlines_due_in_cases(cases=cases, first=today, days=COMING_DAYS, limit=HOME_ROWS)
    drafts = envelopes_drafts(user=user, limit=HOME_ROWS)
    under_review = envelopes_under_review(user=user, limit=HOME_ROWS)
    returned = envelopes_returned(user=user, limit=HOME_ROWS)
    shown_cases = (
        recent_cases.rows
        + [hearing.case for hearing in hearings.rows]
        + [deadline.case for deadline in deadlines.rows]
    )
    cases_listed_audit(user=user, cases=shown_cases, request=request, what="home")
    envelopes_listed_audit(
        user=user, envelopes=drafts.rows + under_review.rows + returned.rows, request=request
    )
    named = case_attorneys_named(user=user, cases=shown_cases)
    for case in shown_cases:
        case.attorneys_named = ", ".join(named.get(case.pk, []))
    balances = [
        {"holder": filer, "available": format_money(balance_of(user=filer).available)}
        for filer in filers
        if filer.role in ACCOUNT_HOLDERS
    ]
    return {
        "filers": filers,
        "staff": user.role == Role.STAFF,
        "can_file": can(user, Action.FILE_NEW_CASE),
        "cases": recent_cases,
        "hearings": hearings,
        "deadlines": deadlines,
        "drafts": drafts,
        "under_review": under_review,
        "returned": returned,
        "notices": notices_recent(recipients=filers, limit=HOME_ROWS),
        "balances": balances,
        "last_day": today + timedelta(days=COMING_DAYS - 1),
    }


def _clerk_home(user: User, request) -> dict:
    """A clerk's work: the review queue of each of their courts (how many wait, since when)
    and today's hearings in those courts."""
    courts = list(courts_of(user))
    today = clock.today(_zone())
    hearings = hearings_of_courts_on(courts=courts, day=today, zone_name=_zone(), limit=50)
    cases_listed_audit(
        user=user, cases=[h.case for h in hearings.rows], request=request, what="home"
    )
    return {"queues": review_queues_summary(courts=courts), "hearings": hearings, "today": today}


def judge_week(today: date) -> tuple[date, date, date]:
    """The week a judge's home looks at, as (monday, first, last) court-local dates: on Monday
    to Friday the week of `today` (Monday to Sunday); on Saturday and Sunday the coming week,
    never the one that is ending, from `today` (the rest of the weekend included) to the
    coming Sunday. `first` is where the hearings shown start."""
    if today.weekday() < 5:
        monday = today - timedelta(days=today.weekday())
        return monday, monday, monday + timedelta(days=6)
    monday = today + timedelta(days=7 - today.weekday())
    return monday, today, monday + timedelta(days=6)


def _judge_home(user: User, request) -> dict:
    """A judge's calendar: today's hearings and the others of the week (`judge_week`: this
    week on a weekday, the coming one at the weekend), and the orders waiting for the
    judge's signature (at most HOME_ROWS, oldest first, and how many)."""
    today = clock.today(_zone())
    monday, first, last = judge_week(today)
    week = hearings_for_judge(judge=user, start=first, days=(last - first).days + 1)
    orders = first_rows(orders_awaiting_signature(user), limit=HOME_ROWS)
    cases = [h.case for h in week] + [o.case for o in orders.rows]
    cases_listed_audit(user=user, cases=cases, request=request, what="home")
    todays = [h for h in week if clock.local_date(h.starts_at, h.case.court.time_zone) == today]
    return {
        "today": today,
        "orders": orders,
        "today_hearings": todays,
        "week_hearings": [h for h in week if h not in todays],
        "monday": monday,
        "coming_week": monday > today,
        "sunday": last,
    }


def _administrator_home(user: User, request) -> dict:
    """A court administrator's courts (those assigned first: a system administrator reaches
    every court from the court administration's index), each with the links to its
    settings, users and roles; the audit trail of those courts; for a system administrator,
    the help desk's look-up and how many second-factor resets wait for a second person.
    Shows nothing non-public."""
    courts = first_rows(courts_assigned(user), limit=HOME_ROWS)
    if not courts.total:  # a system administrator assigned nowhere: every court
        courts = first_rows(courts_of(user), limit=HOME_ROWS)
    system = is_system_administrator(user)
    # A system administrator is the help desk's second person for second-factor resets.
    resets = resets_awaiting_approval().count() if system else 0
    return {"courts": courts, "system_administrator": system, "resets_waiting": resets}


def _help_desk_home(user: User, request) -> dict:
    """The help desk's hours and whether it is open now, its tools (efiling.helpdesk), the
    requests waiting for an answer (the longest waiting first, HOME_ROWS of them and how many)
    and the second-factor resets waiting for a second person's approval."""
    return {
        "help_desk_hours": hours_summary(ServiceHours.Kind.HELP_DESK),
        "help_desk_open_now": help_desk_is_open(),
        "tickets": first_rows(tickets_awaiting_help_desk(), limit=HOME_ROWS),
        "resets": resets_awaiting_approval()[:HOME_ROWS],
    }


def _sheriff_home(user: User, request) -> dict:
    """A sheriff's office's work list: the summonses to serve in its county, from every court,
    oldest first (efiling.service.summons.summonses_to_serve), each with its return-by date and
    those expired marked (to be returned not found); listing them is audited as the case
    lists are."""
    summonses = first_rows(summonses_to_serve(user), limit=HOME_ROWS)
    cases_listed_audit(
        user=user, cases=[s.case for s in summonses.rows], request=request, what="home"
    )
    expired = {s.pk for s in summonses.rows if summons_expired(s)}
    return {"summonses": summonses, "county": user.county, "expired": expired}


HOMES = {
    Role.ATTORNEY: ("homes/filer.html", _filer_home),
    Role.PRO_HAC_VICE: ("homes/filer.html", _filer_home),
    Role.STAFF: ("homes/filer.html", _filer_home),
    Role.SELF_REPRESENTED: ("homes/filer.html", _filer_home),
    Role.CLERK: ("homes/clerk.html", _clerk_home),
    Role.JUDGE: ("homes/judge.html", _judge_home),
    Role.COURT_ADMINISTRATOR: ("homes/administrator.html", _administrator_home),
    Role.HELP_DESK: ("homes/help_desk.html", _help_desk_home),
    Role.SHERIFF: ("homes/sheriff.html", _sheriff_home),
}


def home_for(*, user: User, request=None) -> tuple[str, dict]:
    """(template name, context) of `user`'s home: their role's work (HOMES); who is signed in
    and their courts are in every page's header (service.context_processors.navigation).
    Reads only; audited where it shows non-public material."""
    template, build = HOMES[Role(user.role)]
    return template, build(user, request)
