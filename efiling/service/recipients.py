"""The service app's recipient rules: who, beyond the people an event names, is told.

- An attorney's authorized staff (an active StaffDelegation) receive every notice the attorney
  receives: staff prepare and file the attorney's work and watch its cases as their own
  (accounts.permissions.filers_acted_for), so they learn of it as the attorney does.
"""

from __future__ import annotations

from collections.abc import Iterable

from efiling.accounts.models import User
from efiling.accounts.permissions import staff_acting_for


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
