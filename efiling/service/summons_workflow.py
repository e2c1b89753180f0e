"""THE writer of a summons' status (issue 14; the path is in efiling.service.summons)."""

from __future__ import annotations

from efiling.accounts.models import User
from efiling.audit.services import audit_record
from efiling.core import clock
from efiling.core.errors import Conflict
from efiling.service.summons_models import Summons

S = Summons.Status
TRANSITIONS = {
    S.PENDING: {S.ISSUED},
    S.ISSUED: {S.SERVED, S.NOT_FOUND, S.REISSUED},
    S.NOT_FOUND: {S.REISSUED},
}


def summons_state_words(status: str) -> str:
    """A summons' status as a sentence says it: "issued", "returned not found"."""
    return "returned not found" if status == S.NOT_FOUND else S(status).label.lower()


def summons_transition(*, summons: Summons, to: str, actor: User | None, request=None, **details):
    """THE writer of a summons' status: `to` must follow TRANSITIONS from its status (locked by
    the caller), else Conflict; audited as "summons.<to>" with `details`."""
    if to not in TRANSITIONS.get(summons.status, set()):
        raise Conflict(
            f"This summons is {summons_state_words(summons.status)}: it cannot become "
            f"{summons_state_words(to)}.",
            code="summons_state",
        )
    before, summons.status = summons.status, to
    summons.status_changed_at = clock.now()
    summons.save()
    audit_record(
        action=f"summons.{to}",
        target=summons,
        actor=actor,
        request=request,
        details={"case": summons.case.number, "from": before, **details},
    )
    return summons
