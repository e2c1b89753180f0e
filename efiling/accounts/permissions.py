"""The one permission matrix: which role may do what, and why not when it may not.

Every page and API operation asks `check`/`require` here (through `efiling.accounts.access`).
Relationship rules that need higher layers (attorney of record in a case, a pro hac vice
admission) live with those layers and call this module first for the role part.
"""

from __future__ import annotations

from enum import StrEnum

from django.conf import settings

from efiling.accounts.models import BarStatus, CourtAssignment, Role, StaffDelegation
from efiling.core.court_writes import court_writes_check
from efiling.core.errors import NotFound, PermissionDenied


class Action(StrEnum):
    EDIT_OWN_PROFILE = "edit_own_profile"
    MANAGE_OWN_API_TOKENS = "manage_own_api_tokens"
    MANAGE_STAFF = "manage_staff"
    VIEW_OWN_FILINGS = "view_own_filings"
    FILE_NEW_CASE = "file_new_case"
    FILE_IN_CASE = "file_in_case"
    REVIEW_FILINGS = "review_filings"
    MANAGE_DOCKET = "manage_docket"
    SCHEDULE_HEARINGS = "schedule_hearings"
    SCHEDULE_OUTSIDE_HOURS = "schedule_outside_hours"
    PREPARE_ORDERS = "prepare_orders"
    SIGN_ORDERS = "sign_orders"
    ADMIT_PRO_HAC_VICE = "admit_pro_hac_vice"
    VIEW_COURT_CASES = "view_court_cases"
    ASSIGN_JUDGE = "assign_judge"
    VIEW_CASES = "view_cases"
    TRACK_PUBLIC_CASES = "track_public_cases"
    IMPORT_ROSTER = "import_roster"
    MANAGE_USERS = "manage_users"
    MANAGE_COURT_ADMINISTRATORS = "manage_court_administrators"
    MANAGE_COURTS = "manage_courts"
    VIEW_AUDIT_TRAIL = "view_audit_trail"
    HELP_DESK_LOOKUP = "help_desk_lookup"
    HELP_DESK_RESEND_CONFIRMATION = "help_desk_resend_confirmation"
    HELP_DESK_UNLOCK_ACCOUNT = "help_desk_unlock_account"
    HELP_DESK_CLEAR_SECOND_FACTOR = "help_desk_clear_second_factor"
    ANSWER_HELP_TICKETS = "answer_help_tickets"
    CONTACT_HELP_DESK = "contact_help_desk"
    MANAGE_PAYMENT_ACCOUNT = "manage_payment_account"
    VIEW_OWN_HOME = "view_own_home"
    MANAGE_STATEWIDE_CALENDAR = "manage_statewide_calendar"
    SUBSCRIBE_CALENDAR = "subscribe_calendar"
    READ_SENT_MAIL = "read_sent_mail"
    MANAGE_PUBLIC_TERMINALS = "manage_public_terminals"
    ISSUE_SUMMONS = "issue_summons"
    SERVE_PROCESS = "serve_process"
    VIEW_SUMMONSES = "view_summonses"
    FILE_SERVICE_RETURN = "file_service_return"
    SCHEDULE_MAINTENANCE = "schedule_maintenance"
    MANAGE_INCIDENTS = "manage_incidents"


FILERS = {Role.ATTORNEY, Role.PRO_HAC_VICE, Role.STAFF, Role.SELF_REPRESENTED}
EVERYONE = set(Role)

ROLE_PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.EDIT_OWN_PROFILE: frozenset(EVERYONE),
    # A sheriff's office's system fetches its summonses and files returns with a token.
    Action.MANAGE_OWN_API_TOKENS: frozenset(FILERS | {Role.SHERIFF}),
    Action.MANAGE_STAFF: frozenset({Role.ATTORNEY, Role.PRO_HAC_VICE}),
    Action.VIEW_OWN_FILINGS: frozenset(FILERS),
    Action.FILE_NEW_CASE: frozenset({Role.ATTORNEY, Role.STAFF, Role.SELF_REPRESENTED}),
    Action.FILE_IN_CASE: frozenset(FILERS),
    Action.REVIEW_FILINGS: frozenset({Role.CLERK}),
    Action.MANAGE_DOCKET: frozenset({Role.CLERK}),
    Action.SCHEDULE_HEARINGS: frozenset({Role.CLERK, Role.JUDGE}),
    # With a reason, kept on the hearing and audited.
    Action.SCHEDULE_OUTSIDE_HOURS: frozenset({Role.CLERK, Role.JUDGE}),
    # Orders: court staff prepare them (a draft, submitted to the judge; revised when returned);
    # only a judge signs and issues one, or returns it with a note (efiling.docket.orders).
    # Attorneys propose orders by filing them (FILE_IN_CASE, a proposed order's filing code).
    Action.PREPARE_ORDERS: frozenset({Role.CLERK, Role.JUDGE}),
    Action.SIGN_ORDERS: frozenset({Role.JUDGE}),
    Action.ADMIT_PRO_HAC_VICE: frozenset({Role.CLERK, Role.JUDGE}),
    Action.VIEW_COURT_CASES: frozenset({Role.CLERK, Role.JUDGE}),
    # A clerk of the case's court assigns its judge (efiling.cases.disposition).
    Action.ASSIGN_JUDGE: frozenset({Role.CLERK}),
    # Which cases: their own for filers, their courts' (efiling.docket.access).
    Action.VIEW_CASES: frozenset(FILERS | {Role.CLERK, Role.JUDGE}),
    # Tracking a public case from its public page (efiling.service.tracking): as Case.net, any
    # registered account, help desk and court administrators included (the case is public;
    # tracking files nothing and opens nothing the public does not see), and self-represented
    # litigants even while their e-filing is not open (SELF_REPRESENTED_OPEN). Tracking a case
    # that is not public stays VIEW_CASES (those who may see it).
    Action.TRACK_PUBLIC_CASES: frozenset(EVERYONE),
    Action.IMPORT_ROSTER: frozenset({Role.COURT_ADMINISTRATOR}),
    Action.MANAGE_USERS: frozenset({Role.COURT_ADMINISTRATOR}),
    # Giving a court its court administrators (creating, assigning, promoting, removing them):
    # system administrators only (below); a court administrator manages clerks and judges.
    Action.MANAGE_COURT_ADMINISTRATORS: frozenset({Role.COURT_ADMINISTRATOR}),
    Action.MANAGE_COURTS: frozenset({Role.COURT_ADMINISTRATOR}),
    Action.VIEW_AUDIT_TRAIL: frozenset({Role.COURT_ADMINISTRATOR}),
    # The help desk's tools (efiling.helpdesk.tools), each audited: the help desk and system
    # administrators (HELP_DESK_ACTIONS below: not a court administrator of some courts, since
    # the accounts are statewide). Looking up a user or a filing's status, and the delivery
    # state of a user's notices; never a document nor what a sealed or confidential case holds.
    Action.HELP_DESK_LOOKUP: frozenset({Role.HELP_DESK, Role.COURT_ADMINISTRATOR}),
    Action.HELP_DESK_RESEND_CONFIRMATION: frozenset({Role.HELP_DESK, Role.COURT_ADMINISTRATOR}),
    Action.HELP_DESK_UNLOCK_ACCOUNT: frozenset({Role.HELP_DESK, Role.COURT_ADMINISTRATOR}),
    # Requested after a recorded identity check, done on a second person's approval
    # (efiling.helpdesk.resets.second_factor_reset_decide: never the requester's own).
    Action.HELP_DESK_CLEAR_SECOND_FACTOR: frozenset({Role.HELP_DESK, Role.COURT_ADMINISTRATOR}),
    Action.ANSWER_HELP_TICKETS: frozenset({Role.HELP_DESK, Role.COURT_ADMINISTRATOR}),
    # Writing to the help desk signed in (a form signed out is public) and reading one's
    # requests: every account, a self-represented one whose filing is not open included.
    Action.CONTACT_HELP_DESK: frozenset(EVERYONE),
    # Whose accounts: their own; staff, those of the attorneys who authorized them
    # (efiling.payments.deposits.payment_account_owners).
    Action.MANAGE_PAYMENT_ACCOUNT: frozenset(FILERS),
    Action.VIEW_OWN_HOME: frozenset(EVERYONE),
    # A personal iCalendar feed of their hearings and deadlines (efiling.feeds): whose hearings
    # as VIEW_CASES says.
    Action.SUBSCRIBE_CALENDAR: frozenset(FILERS | {Role.CLERK, Role.JUDGE}),
    # The mail the embedded mode kept as files (efiling.core.mail): system administrators.
    Action.READ_SENT_MAIL: frozenset({Role.COURT_ADMINISTRATOR}),
    # Statewide legal holidays count in every court: system administrators only (below).
    Action.MANAGE_STATEWIDE_CALENDAR: frozenset({Role.COURT_ADMINISTRATOR}),
    # Courthouse public terminals of their courts (efiling.courts.terminals).
    Action.MANAGE_PUBLIC_TERMINALS: frozenset({Role.COURT_ADMINISTRATOR}),
    # Service of process (efiling.service.summons): a clerk of the case's court issues summonses
    # (an alias summons by hand; the first ones when accepting the case); a sheriff's office
    # has the summonses it must serve in its county (User.county) as its work list, whichever
    # court issued them. Which summonses the others see and return is the row's rule
    # (summons_get): court staff their courts', filers those of their cases (VIEW_CASES), a
    # sheriff its county's; a filer files a return where it may file (FILE_IN_CASE).
    Action.ISSUE_SUMMONS: frozenset({Role.CLERK}),
    Action.SERVE_PROCESS: frozenset({Role.SHERIFF}),
    Action.VIEW_SUMMONSES: frozenset(FILERS | {Role.CLERK, Role.JUDGE, Role.SHERIFF}),
    Action.FILE_SERVICE_RETURN: frozenset(FILERS | {Role.SHERIFF}),
    # Planned maintenance windows of their courts; of every court: system administrators
    # (efiling.availability.maintenance).
    Action.SCHEDULE_MAINTENANCE: frozenset({Role.COURT_ADMINISTRATOR}),
    # Unplanned incidents (outages) of their courts; of every court: system administrators
    # (efiling.availability.incidents). The health monitor opens and closes its own.
    Action.MANAGE_INCIDENTS: frozenset({Role.COURT_ADMINISTRATOR}),
}

FILING_ACTIONS = {Action.FILE_NEW_CASE, Action.FILE_IN_CASE}
COURT_SCOPED_ACTIONS = {
    Action.REVIEW_FILINGS,
    Action.MANAGE_DOCKET,
    Action.SCHEDULE_HEARINGS,
    Action.SCHEDULE_OUTSIDE_HOURS,
    Action.PREPARE_ORDERS,
    Action.SIGN_ORDERS,
    Action.ADMIT_PRO_HAC_VICE,
    Action.VIEW_COURT_CASES,
    Action.ASSIGN_JUDGE,
    # Court administrators administer the courts they are assigned to (system admins: all).
    Action.MANAGE_COURTS,
    Action.MANAGE_USERS,
    Action.VIEW_AUDIT_TRAIL,
    Action.MANAGE_PUBLIC_TERMINALS,
    Action.ISSUE_SUMMONS,
    Action.SCHEDULE_MAINTENANCE,
    Action.MANAGE_INCIDENTS,
}
SYSTEM_ADMINISTRATOR_ACTIONS = {
    Action.MANAGE_STATEWIDE_CALENDAR,
    Action.READ_SENT_MAIL,
    Action.MANAGE_COURT_ADMINISTRATORS,
}
HELP_DESK_ACTIONS = {
    Action.HELP_DESK_LOOKUP,
    Action.HELP_DESK_RESEND_CONFIRMATION,
    Action.HELP_DESK_UNLOCK_ACCOUNT,
    Action.HELP_DESK_CLEAR_SECOND_FACTOR,
    Action.ANSWER_HELP_TICKETS,
}
# Court staff accounts are high-value targets: they cannot sign in without a second factor;
# nor can a sheriff's office, which reads the addresses of the parties it serves.
TWO_FACTOR_REQUIRED_ROLES = frozenset(
    {Role.CLERK, Role.JUDGE, Role.COURT_ADMINISTRATOR, Role.HELP_DESK, Role.SHERIFF}
)


def attorney_filing_problem(attorney) -> str | None:
    """Why an attorney account cannot file right now, or None."""
    if not attorney.is_active:
        return "This account is disabled."
    if attorney.email_confirmed_at is None:
        return "Confirm your e-mail address (use the link we sent) before filing."
    if attorney.role == Role.ATTORNEY:
        member = attorney.bar_member
        if member is None:
            return "This account is not linked to a Missouri bar number."
        if member.status != BarStatus.GOOD_STANDING:
            return (
                f"Bar number {member.bar_number} is not in good standing "
                f"({member.get_status_display().lower()}): filing is not allowed."
            )
    return None


SELF_REPRESENTED_CLOSED = (
    "Electronic filing by self-represented litigants is not open in this system yet."
)


# What a self-represented account may do while their filing is not open: its profile (with its
# notices), its home (which says so), and tracking public cases (filing nothing).
SELF_REPRESENTED_OPEN = {
    Action.EDIT_OWN_PROFILE,
    Action.VIEW_OWN_HOME,
    Action.TRACK_PUBLIC_CASES,
    Action.CONTACT_HELP_DESK,
}


def self_represented_closed(user) -> bool:
    """Whether `user` is a self-represented account while the switch
    (EFILING_SELF_REPRESENTED_ENABLED) is off: it may only keep its profile, see its home
    (which says SELF_REPRESENTED_CLOSED) and track public cases (SELF_REPRESENTED_OPEN): no
    filings, cases or API tokens, and no page offers them."""
    return user.role == Role.SELF_REPRESENTED and not settings.EFILING_SELF_REPRESENTED_ENABLED


def _filing_problem(user) -> str | None:
    if user.role in (Role.ATTORNEY, Role.PRO_HAC_VICE):
        return attorney_filing_problem(user)
    if user.email_confirmed_at is None:
        return "Confirm your e-mail address (use the link we sent) before filing."
    if user.role == Role.STAFF and not any(
        attorney_filing_problem(d.attorney) is None for d in active_delegations_of(user)
    ):
        return "No attorney in good standing has authorized you to file on their behalf."
    return None


def active_delegations_of(staff):
    return staff.delegations_received.filter(revoked_at__isnull=True).select_related(
        "attorney__bar_member"
    )


def filers_acted_for(user) -> list:
    """The filers whose cases and filings `user` works on as their own: for staff, each
    attorney who authorized them (active delegations, whatever the attorney's standing: seeing
    their work needs no filing right); for everyone else, the user alone."""
    if user.role == Role.STAFF:
        return [d.attorney for d in active_delegations_of(user)]
    return [user]


def staff_acting_for(attorneys) -> list:
    """The staff who act for any of `attorneys` (User rows; others than attorneys are
    ignored): active staff accounts with an active delegation from one of them, each once,
    ordered by the attorneys' order and then the delegation's age. The mirror of
    `filers_acted_for`."""
    order = {u.pk: i for i, u in enumerate(attorneys) if u.role == Role.ATTORNEY}
    if not order:
        return []
    delegations = (
        StaffDelegation.objects.filter(
            attorney_id__in=order,
            revoked_at__isnull=True,
            staff__role=Role.STAFF,
            staff__is_active=True,
        )
        .select_related("staff")
        .order_by("created_at", "pk")
    )
    staff, seen = [], set()
    for delegation in sorted(delegations, key=lambda d: order[d.attorney_id]):
        if delegation.staff_id not in seen:
            seen.add(delegation.staff_id)
            staff.append(delegation.staff)
    return staff


def is_system_administrator(user) -> bool:
    """A court administrator whose reach is the whole system (every court, statewide holidays,
    the Django admin): the account's superuser flag, set only by another system administrator
    or `createsuperuser`."""
    return (
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role == Role.COURT_ADMINISTRATOR
        and user.is_superuser
    )


def assigned_courts(user) -> tuple[tuple[int, str], ...]:
    """The courts `user` is assigned to as (court id, court name) pairs in the order the
    assignments were made, read once per user object: a request's user is loaded for that
    request, so a page that checks court work five times and names the courts in its header
    asks once. A change of assignments shows on the next request (or a freshly loaded user)."""
    known = getattr(user, "_assigned_courts", None)
    if known is None:
        known = tuple(
            CourtAssignment.objects.filter(user=user)
            .order_by("pk")
            .values_list("court_id", "court__name")
        )
        user._assigned_courts = known
    return known


def assigned_court_ids(user) -> frozenset[int]:
    """The ids of the courts `user` is assigned to (assigned_courts, so read once per user
    object)."""
    return frozenset(court_id for court_id, _name in assigned_courts(user))


def check(user, action: Action, *, court=None) -> str | None:
    """None when the user may do `action` (in `court`, for court work); otherwise the reason,
    in words the user understands."""
    if user is None or not user.is_authenticated:
        return "Sign in first."
    if not user.is_active:
        return "This account is disabled."
    if user.role not in ROLE_PERMISSIONS[action]:
        role = Role(user.role).label.lower()
        return f"{'An' if role[0] in 'aeiou' else 'A'} {role} account cannot do this."
    if action not in SELF_REPRESENTED_OPEN and self_represented_closed(user):
        return SELF_REPRESENTED_CLOSED
    if action in FILING_ACTIONS:
        problem = _filing_problem(user)
        if problem:
            return problem
    if action in SYSTEM_ADMINISTRATOR_ACTIONS and not is_system_administrator(user):
        return "Only a system administrator can do this."
    if (
        action in HELP_DESK_ACTIONS
        and user.role == Role.COURT_ADMINISTRATOR
        and not is_system_administrator(user)
    ):
        return "Only the help desk or a system administrator can do this."
    if (
        action in COURT_SCOPED_ACTIONS
        and court is not None
        and not is_system_administrator(user)
        and court.pk not in assigned_court_ids(user)
    ):
        return f"You are not assigned to the {court.name}."
    return None


def can(user, action: Action, *, court=None) -> bool:
    return check(user, action, court=court) is None


def require(user, action: Action, *, court=None) -> None:
    problem = check(user, action, court=court)
    if problem:
        raise PermissionDenied(problem)


def require_write(user, action: Action, *, court) -> None:
    """`require`, then the gate of every write for `court` (core.court_writes: Unavailable, 503
    with Retry-After, while planned maintenance stops the court's changes). The first call of
    every service that writes for a court, before it writes anything; a service that only
    reads, or checks a permission in the middle of a write, calls `require`."""
    require(user, action, court=court)
    court_writes_check(court)


def court_work_get(*, user, action: Action, queryset, pk, court_of, not_found: str):
    """Fetch-and-authorize for court work on one row (a case, filing, hearing, document):
    PermissionDenied when the user's role may not take `action` anywhere; NotFound with
    `not_found` both when the row does not exist and when it belongs to a court the user does
    not serve (`court_of(row)`), so that the answer reveals nothing about other courts' rows."""
    require(user, action)
    row = queryset.filter(pk=pk).first()
    if row is None or not can(user, action, court=court_of(row)):
        raise NotFound(not_found)
    return row
