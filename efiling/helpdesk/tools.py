"""The help desk's tools, each through the permission matrix (its HELP_DESK_* action) and each
audited ("helpdesk.<what>", the actor, the user or filing concerned):

- finding users and reading one's account: registration, e-mail confirmation, role, courts,
  delegations, whether sign-in is locked, the second factor, the bar roster's row (with its
  phone number: the one to call back an attorney), the delivery state of their notices' e-mails
  (addresses, states, errors; never what the notices say), and their latest filing attempts
  (efiling.availability.attempts: reference, time, court, case, what went wrong; a record holds
  no document), the case number and the words withheld for a case that is not public;
- a filing's status by its confirmation number: status, court, times, filer; what it files
  into only when that is public (never a sealed or confidential case's caption), and never a
  document;
- resending the e-mail confirmation; unlocking an account locked by failed sign-ins.

Clearing a lost second factor, which two people decide, is efiling.helpdesk.resets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Q

from efiling.accounts.models import User
from efiling.accounts.permissions import Action, require
from efiling.accounts.services import email_confirmation_send
from efiling.accounts.signin import account_locked_until, failures_clear
from efiling.audit.services import audit_record
from efiling.availability.attempts import attempt_local_time, attempts_of
from efiling.availability.models import FilingAttempt
from efiling.cases.models import Case, SecurityLevel
from efiling.core.errors import Conflict, NotFound
from efiling.filings.models import Envelope
from efiling.helpdesk.models import SecondFactorReset
from efiling.service.models import NoticeDelivery

FOUND_LIMIT = 20
DELIVERIES_SHOWN = 20
ATTEMPTS_SHOWN = 20
WITHHELD = "Withheld: the case is not public."
NO_SUCH_USER = "There is no such user."


def users_find(*, actor: User, query: str, request=None) -> list[User]:
    """Users whose e-mail address, last name or bar number matches `query` (exact bar number;
    e-mail and last name containing it, any case): at most FOUND_LIMIT, by name."""
    require(actor, Action.HELP_DESK_LOOKUP)
    query = query.strip()
    found = list(
        User.objects.filter(
            Q(email__icontains=query)
            | Q(last_name__icontains=query)
            | Q(bar_member__bar_number=query)
        ).select_related("bar_member")[:FOUND_LIMIT]
    )
    audit_record(
        action="helpdesk.users_searched",
        actor=actor,
        request=request,
        object_type="accounts.user",
        details={"query": query, "found": len(found)},
    )
    return found


@dataclass(frozen=True)
class AttemptSeen:
    """A filing attempt as the help desk reads it: `local` its time in its court's zone;
    `case_number` and `what_went_wrong` empty and WITHHELD when it names a case that is not
    public (a refusal's words may quote it)."""

    attempt: FilingAttempt
    local: datetime
    case_number: str
    what_went_wrong: str


def attempts_seen(user: User, *, limit: int = ATTEMPTS_SHOWN) -> list[AttemptSeen]:
    """`user`'s latest `limit` filing attempts, latest first, as the help desk reads them."""
    rows = list(attempts_of(user)[:limit])
    numbers = {row.case_number for row in rows if row.case_number}
    hidden = set(
        Case.objects.filter(number__in=numbers)
        .exclude(security_level=SecurityLevel.PUBLIC)
        .values_list("number", flat=True)
    )
    return [
        AttemptSeen(
            attempt=row,
            local=attempt_local_time(row),
            case_number="" if row.case_number in hidden else row.case_number,
            what_went_wrong=WITHHELD if row.case_number in hidden else row.what_went_wrong,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class Account:
    user: User
    locked_until: object
    courts: list
    delegations_given: list
    delegations_received: list
    deliveries: list
    resets: list
    attempts: list[AttemptSeen]

    @property
    def reset_pending(self) -> bool:
        """A request to clear the second factor waits for its second person."""
        return any(r.status == SecondFactorReset.Status.PENDING for r in self.resets)

    @property
    def roster_phone(self) -> str:
        member = self.user.bar_member
        return member.phone if member is not None else ""


def user_for_tools(user_id: int) -> User:
    user = User.objects.select_related("bar_member").filter(pk=user_id).first()
    if user is None:
        raise NotFound(NO_SUCH_USER)
    return user


def account_look_up(*, actor: User, user_id: int, request=None) -> Account:
    """What the help desk reads of one account (see the module docstring); audited."""
    require(actor, Action.HELP_DESK_LOOKUP)
    user = user_for_tools(user_id)
    account = Account(
        user=user,
        locked_until=account_locked_until(email=user.email),
        courts=[a.court for a in user.court_assignments.select_related("court")],
        delegations_given=list(user.staff_delegations.select_related("staff")),
        delegations_received=list(user.delegations_received.select_related("attorney")),
        deliveries=list(
            NoticeDelivery.objects.filter(recipient=user).order_by("-created_at", "-pk")[
                :DELIVERIES_SHOWN
            ]
        ),
        resets=list(SecondFactorReset.objects.filter(user=user).select_related("requested_by")),
        attempts=attempts_seen(user),
    )
    audit_record(
        action="helpdesk.user_looked_up",
        target=user,
        actor=actor,
        request=request,
        details={"attempts": len(account.attempts), "deliveries": len(account.deliveries)},
    )
    return account


@dataclass(frozen=True)
class FilingStatus:
    envelope: Envelope
    filed_into: str  # "" when what it files into is not public


def filing_look_up(*, actor: User, confirmation_number: str, request=None) -> FilingStatus:
    """A submitted envelope's status by its confirmation number (NotFound when none has it);
    what it files into only when public (Envelope.non_public_reason) and known to the filer
    (not a case named by number only). Audited."""
    require(actor, Action.HELP_DESK_LOOKUP)
    number = confirmation_number.strip().upper()
    envelope = (
        Envelope.objects.select_related("court", "case", "case_type", "signer", "prepared_by")
        .filter(confirmation_number=number)
        .first()
    )
    if envelope is None:
        raise NotFound(f"No filing has the confirmation number {number}.", field="number")
    audit_record(action="helpdesk.filing_looked_up", target=envelope, actor=actor, request=request)
    # A case named by its number only may be one the filer cannot see: its number stays out.
    hidden = envelope.non_public_reason or envelope.names_unseen_case
    return FilingStatus(envelope=envelope, filed_into="" if hidden else envelope.case_label)


def confirmation_resend(*, actor: User, user_id: int, request=None) -> User:
    """Send the e-mail confirmation link again (MailNotSent, 503, when the mail server
    refuses; nothing recorded then). Conflict when the address is confirmed already."""
    require(actor, Action.HELP_DESK_RESEND_CONFIRMATION)
    user = user_for_tools(user_id)
    if user.email_confirmed_at is not None:
        raise Conflict("This address is confirmed already: nothing to resend.")
    email_confirmation_send(user=user, request=request)
    with transaction.atomic():
        audit_record(
            action="helpdesk.confirmation_resent", target=user, actor=actor, request=request
        )
    return user


def account_unlock(*, actor: User, user_id: int, request=None) -> User:
    """End the lock of an account locked by failed sign-ins (its failures are forgotten; the
    address's are not: efiling.accounts.signin). Conflict when it is not locked."""
    require(actor, Action.HELP_DESK_UNLOCK_ACCOUNT)
    user = user_for_tools(user_id)
    until = account_locked_until(email=user.email)
    if until is None:
        raise Conflict("This account is not locked.")
    with transaction.atomic():
        failures_clear(email=user.email)
        audit_record(
            action="helpdesk.account_unlocked",
            target=user,
            actor=actor,
            request=request,
            details={"locked_until": until.isoformat()},
        )
    return user
