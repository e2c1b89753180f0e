"""THE writer of a case's status, disposition and expungement mark, and of its assigned judge.

The docket app calls these in the transaction of the docket entry that causes them
(efiling.docket.disposition): a judgment disposes a case ("judgment"), an order of dismissal
("dismissed by the court"), an accepted dismissal filed by the parties ("dismissed by the
parties"); an order of expungement (RSMo 610.140) closes the record, which then disappears from
every public surface (efiling.cases.public). A clerk of the case's court assigns its judge.
Each change is audited in the same transaction.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from efiling.accounts.models import Role, User
from efiling.accounts.permissions import Action, require_write
from efiling.audit.services import audit_record
from efiling.cases.models import Case, CaseStatus, Disposition
from efiling.core.errors import ValidationFailed


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("court").get(pk=case.pk)


def case_disposition_record(
    *, case: Case, disposition: str, at: datetime, entry_number: int, actor: User, request=None
) -> bool:
    """Dispose of `case` by `disposition` (a Disposition value, not NONE) at `at` (aware, UTC),
    caused by its docket entry `entry_number`. The first disposition stands: a case already
    disposed keeps it (an amended judgment does not change how the case ended), and the answer
    is False; True when the case was disposed now. Audited ("case.disposed"). ValueError for a
    disposition that is not one."""
    if disposition not in Disposition.values or disposition == Disposition.NONE:
        raise ValueError(f"Not a disposition: {disposition!r}")
    with transaction.atomic():
        locked = _locked(case)
        if locked.status == CaseStatus.DISPOSED:
            return False
        locked.status = CaseStatus.DISPOSED
        locked.disposition = disposition
        locked.disposed_at = at
        locked.save(update_fields=["status", "disposition", "disposed_at"])
        audit_record(
            action="case.disposed",
            target=locked,
            actor=actor,
            request=request,
            details={
                "case": locked.number,
                "disposition": disposition,
                "docket_number": entry_number,
            },
        )
    case.status, case.disposition, case.disposed_at = (
        locked.status,
        locked.disposition,
        locked.disposed_at,
    )
    return True


def case_expunge(*, case: Case, at: datetime, entry_number: int, actor: User, request=None) -> bool:
    """Mark `case` closed by an expungement order (its docket entry `entry_number`) at `at`:
    from then on no public page, feed, search or API answer shows it. False when it already was
    expunged (the first order's time stands). Audited ("case.expunged")."""
    with transaction.atomic():
        locked = _locked(case)
        if locked.expunged_at is not None:
            return False
        locked.expunged_at = at
        locked.save(update_fields=["expunged_at"])
        audit_record(
            action="case.expunged",
            target=locked,
            actor=actor,
            request=request,
            details={"case": locked.number, "docket_number": entry_number},
        )
    case.expunged_at = locked.expunged_at
    return True


def case_judge_assign(*, case: Case, judge: User | None, actor: User, request=None) -> Case:
    """The case's clerk assigns `judge` (an active judge assigned to the case's court) to it, or
    removes the assignment (None). PermissionDenied for anyone but a clerk of that court;
    ValidationFailed (field "judge") for someone who is not a judge of the court. Audited
    ("case.judge_assigned") with the judge before and after."""
    require_write(actor, Action.ASSIGN_JUDGE, court=case.court)
    if judge is not None and (
        judge.role != Role.JUDGE
        or not judge.is_active
        or not judge.court_assignments.filter(court=case.court).exists()
    ):
        raise ValidationFailed(f"Choose a judge of the {case.court.name}.", field="judge")
    with transaction.atomic():
        locked = _locked(case)
        before = locked.assigned_judge_id
        new = judge.pk if judge else None
        if before != new:
            locked.assigned_judge = judge
            locked.save(update_fields=["assigned_judge"])
            audit_record(
                action="case.judge_assigned",
                target=locked,
                actor=actor,
                request=request,
                details={"case": locked.number, "judge": [before, new]},
            )
    case.assigned_judge = judge
    return case
