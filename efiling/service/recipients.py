"""The service app's recipient rules: who, beyond the people an event names, is told.

- An attorney's authorized staff (an active StaffDelegation) receive every notice the attorney
  receives: staff prepare and file the attorney's work and watch its cases as their own
  (accounts.permissions.filers_acted_for), so they learn of it as the attorney does.
- Whoever tracks a case (efiling.service.tracking) is told of its new public docket entries and
  of its hearings set, changed or cancelled (`case_news_recipients`).
- The users of some courts (`court_users`: told of an outage there) are those who work or file
  there.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from efiling.accounts.models import CourtAssignment, User
from efiling.accounts.permissions import staff_acting_for
from efiling.cases.access import case_notice_recipients
from efiling.cases.models import Case, CounselOfRecord, SecurityLevel
from efiling.filings.models import Envelope
from efiling.service.tracking import case_trackers


def case_news_recipients(case: Case, *, entry=None) -> list[User]:
    """Who is told of news of `case` (a docket entry `entry`, or a hearing when None): who
    receives its notices (cases.access.case_notice_recipients), then those tracking it, for a
    hearing or a public entry of a public case (a tracker may not open the others)."""
    recipients = case_notice_recipients(case)
    public = case.security_level == SecurityLevel.PUBLIC and (
        entry is None or entry.security_level == SecurityLevel.PUBLIC
    )
    if entry is None or public:
        known = {u.pk for u in recipients}
        recipients += [u for u in case_trackers(case) if u.pk not in known]
    return recipients


def recipients_with_staff(users: Iterable[User | None]) -> list[User]:
    """`users` (None skipped), each once and in order, then the active staff of every attorney
    among them who are not already in the list (by `staff_acting_for`, in the order of the
    attorneys)."""
    seen, recipients = set(), []
    for user in users:
        if user is not None and user.pk not in seen:
            seen.add(user.pk)
            recipients.append(user)
    for staff in staff_acting_for(recipients):
        if staff.pk not in seen:
            seen.add(staff.pk)
            recipients.append(staff)
    return recipients


def court_users(*, courts, all_courts: bool):
    """The active users with a confirmed address who use `courts` (a queryset of users, by
    id): with `all_courts`, every one; else those assigned to one of them (clerks, judges,
    administrators), counsel of record (not withdrawn) in a case of one of them, and the
    signers and preparers of envelopes to one of them. An attorney's authorized staff are
    added by notices_record (recipients_with_staff)."""
    users = User.objects.filter(is_active=True, email_confirmed_at__isnull=False).order_by("pk")
    if all_courts:
        return users
    ids = [court.pk for court in courts]
    envelopes = Envelope.objects.filter(court__in=ids)
    return users.filter(
        Q(pk__in=CourtAssignment.objects.filter(court__in=ids).values("user"))
        | Q(
            pk__in=CounselOfRecord.objects.filter(
                case__court__in=ids, withdrawn_at__isnull=True
            ).values("user")
        )
        | Q(pk__in=envelopes.values("signer"))
        | Q(pk__in=envelopes.values("prepared_by"))
    )
