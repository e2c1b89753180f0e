"""Tracking a case (as Case.net's "track this case"): a registered user who may see a case, or
any registered user for a public case (efiling.cases.public: Case.net lets anyone track a
public case from its public page), tracks it, and is then told of its new public docket entries
and of hearings set, changed or cancelled in it (the recipient rule `case_trackers`, used by
efiling.service.handlers), until they untrack it or the case stops being theirs to see (sealed,
expunged). Tracking and untracking are audited; both are idempotent (tracking a tracked
case, or untracking one not tracked, changes nothing and records nothing)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from efiling.accounts.models import User
from efiling.accounts.permissions import Action, can, require
from efiling.audit.services import audit_record
from efiling.cases.models import Case
from efiling.cases.public import public_cases
from efiling.core import clock
from efiling.core.errors import NotFound
from efiling.docket.access import CASE_NOT_FOUND, case_get_for_user, case_visible
from efiling.service.tracking_models import CaseTracking


def case_track(*, user: User, case_id: int, request=None) -> tuple[CaseTracking, bool]:
    """Track case `case_id`: (the tracking, True when new). PermissionDenied for an account
    that may track no case (Action.TRACK_PUBLIC_CASES). A public case: any registered user.
    Any other case: one the user may see (Action.VIEW_CASES); NotFound, as for a missing case,
    for one they may not see, and for every case that is not public when their role sees no
    cases (a self-represented litigant while e-filing is closed)."""
    require(user, Action.TRACK_PUBLIC_CASES)
    case = public_cases().filter(pk=case_id).first()
    if case is None:
        if not can(user, Action.VIEW_CASES):
            raise NotFound(CASE_NOT_FOUND)
        case = case_get_for_user(user=user, case_id=case_id, request=request)
    with transaction.atomic():
        tracking = CaseTracking.objects.filter(user=user, case=case).first()
        if tracking is not None:
            return tracking, False
        try:
            with transaction.atomic():
                tracking = CaseTracking.objects.create(user=user, case=case, created_at=clock.now())
        except IntegrityError:  # tracked at the same moment by another request of the user
            return CaseTracking.objects.get(user=user, case=case), False
        audit_record(
            action="case.tracked",
            target=case,
            actor=user,
            request=request,
        )
    return tracking, True


def case_untrack(*, user: User, case_id: int, request=None) -> bool:
    """Stop tracking case `case_id`; True when it was tracked, False when it was not. A tracked
    case is untracked even when the user may no longer see it (access may have ended since);
    one neither tracked nor visible to the user is NotFound, as a missing one."""
    with transaction.atomic():
        tracking = (
            CaseTracking.objects.select_related("case").filter(user=user, case_id=case_id).first()
        )
        if tracking is None:
            case = Case.objects.select_related("court").filter(pk=case_id).first()
            if case is None or not case_trackable(user, case):
                raise NotFound(CASE_NOT_FOUND)
            return False
        tracking.delete()
        audit_record(
            action="case.untracked",
            target=tracking.case,
            actor=user,
            request=request,
        )
    return True


def tracking_case_id(user: User, number: str) -> int | None:
    """The row id of the case numbered `number` (exactly as stored) that `user` may track or
    untrack by its number: a public case, or one they track (so that they may stop tracking
    it once it is no longer public); None for any other number."""
    if not number:
        return None
    public = public_cases().filter(number=number).values_list("pk", flat=True).first()
    if public is not None:
        return public
    tracked = CaseTracking.objects.filter(user=user, case__number=number)
    return tracked.values_list("case_id", flat=True).first()


def case_public(case: Case) -> bool:
    """Whether `case` is public now (efiling.cases.public): anyone may see its public page."""
    return public_cases().filter(pk=case.pk).exists()


def case_trackable(user: User, case: Case) -> bool:
    """Whether `user` may track `case`: they may see it, or it is public."""
    return case_visible(user, case) or case_public(case)


def case_tracked(*, user: User, case: Case) -> bool:
    return user.is_authenticated and CaseTracking.objects.filter(user=user, case=case).exists()


def tracked_cases(user: User):
    """The user's trackings, newest first, with their cases and courts."""
    return CaseTracking.objects.filter(user=user).select_related("case__court")


def case_trackers(case: Case) -> list[User]:
    """The recipient rule for tracking: the active users who track `case` and may still see
    it (or anyone, while it is public), in the order they began tracking."""
    trackings = list(
        CaseTracking.objects.filter(case=case, user__is_active=True)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    if not trackings:  # a new case has none: no need to ask whether it is public
        return []
    public = case_public(case)
    return [t.user for t in trackings if public or case_visible(t.user, case)]
