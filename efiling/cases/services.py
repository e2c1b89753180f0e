"""Changes to who appears in a case. Each is audited and recorded as a domain event in its own
transaction; the service app tells the parties (efiling.service.handlers).

Events (efiling.core.events): "cases.pro_hac_vice_admitted" (admission),
"cases.pro_hac_vice_revoked" (admission), "cases.counsel_withdrawn" (counsel, reason)."""

from django.db import transaction

from efiling.accounts.models import Role, User
from efiling.accounts.permissions import Action, attorney_filing_problem, require_write
from efiling.audit.services import audit_record
from efiling.cases.models import Case, CounselOfRecord, ProHacViceAdmission
from efiling.core import clock
from efiling.core.errors import Conflict, ValidationFailed
from efiling.core.events import event_record
from efiling.core.words import REASON_MAX


def pro_hac_vice_admit(*, case: Case, attorney: User, sponsor: User, actor: User, request=None):
    """Record the court's admission of `attorney` pro hac vice in `case`, linked to `sponsor`, a
    Missouri attorney of record in the same case. Only the case's court (clerk or judge) admits."""
    require_write(actor, Action.ADMIT_PRO_HAC_VICE, court=case.court)
    if attorney.role != Role.PRO_HAC_VICE:
        raise ValidationFailed(
            "Only an out-of-state (pro hac vice) account can be admitted.", field="attorney"
        )
    if sponsor.role != Role.ATTORNEY or attorney_filing_problem(sponsor):
        raise ValidationFailed(
            "The sponsor must be a Missouri attorney in good standing.", field="sponsor"
        )
    with transaction.atomic():
        # Locked: the sponsor's withdrawal (counsel_withdraw) waits for this admission, and sees it.
        sponsor_appearance = (
            CounselOfRecord.objects.select_for_update(no_key=True)
            .filter(case=case, user=sponsor, withdrawn_at__isnull=True)
            .first()
        )
        if sponsor_appearance is None:
            raise ValidationFailed(
                "The sponsor must be an attorney of record in this case.", field="sponsor"
            )
        if ProHacViceAdmission.objects.filter(
            case=case, attorney=attorney, revoked_at__isnull=True
        ).exists():
            raise Conflict(f"{attorney.get_full_name()} is already admitted in this case.")
        admission = ProHacViceAdmission.objects.create(
            case=case,
            attorney=attorney,
            sponsor=sponsor,
            admitted_by=actor,
            admitted_at=clock.now(),
        )
        audit_record(
            action="pro_hac_vice.admitted",
            target=admission,
            actor=actor,
            request=request,
            details={"case": case.pk, "attorney": attorney.email, "sponsor": sponsor.email},
        )
        event_record("cases.pro_hac_vice_admitted", admission=admission)
    return admission


def pro_hac_vice_revoke(*, admission: ProHacViceAdmission, actor: User, request=None):
    require_write(actor, Action.ADMIT_PRO_HAC_VICE, court=admission.case.court)
    with transaction.atomic():
        # Locked and read again: of two clerks revoking at once, the second is told.
        admission = (
            ProHacViceAdmission.objects.select_for_update(no_key=True, of=("self",))
            .select_related("case__court", "attorney")
            .get(pk=admission.pk)
        )
        if admission.revoked_at is not None:
            raise Conflict("This admission was already revoked.")
        admission.revoked_at = clock.now()
        admission.save(update_fields=["revoked_at"])
        audit_record(action="pro_hac_vice.revoked", target=admission, actor=actor, request=request)
        event_record("cases.pro_hac_vice_revoked", admission=admission)
    return admission


def counsel_withdraw(
    *, case: Case, counsel: CounselOfRecord, actor: User, reason: str, request=None
) -> CounselOfRecord:
    """Record that the court granted an attorney of record leave to withdraw: the parties they
    represented are no longer represented by them (unrepresented ones are then served
    conventionally). A pro hac vice
    attorney appears only alongside their Missouri sponsor, so a sponsor of an active admission
    stays until that admission is revoked (the court may then admit again with another sponsor)."""
    require_write(actor, Action.ADMIT_PRO_HAC_VICE, court=case.court)
    if counsel.case_id != case.pk:
        raise ValidationFailed("This attorney is not of record in this case.", field="counsel")
    reason = reason.strip()
    if not reason or len(reason) > REASON_MAX:
        raise ValidationFailed(
            "Give the reason for the withdrawal, for example the order granting leave "
            f"(at most {REASON_MAX} characters).",
            field="reason",
        )
    with transaction.atomic():
        counsel = (
            CounselOfRecord.objects.select_for_update(no_key=True, of=("self",))
            .select_related("user")
            .get(pk=counsel.pk)
        )
        name = counsel.user.get_full_name()
        if counsel.withdrawn_at is not None:
            raise Conflict(f"The withdrawal of {name} is already recorded.")
        sponsored = [
            a.attorney.get_full_name()
            for a in ProHacViceAdmission.objects.filter(
                case=case, sponsor_id=counsel.user_id, revoked_at__isnull=True
            ).select_related("attorney")
        ]
        if sponsored:
            raise ValidationFailed(
                f"{name} sponsors the pro hac vice admission of {', '.join(sponsored)} in this "
                "case: revoke that admission first (the court may admit again with another "
                "Missouri sponsor).",
                field="counsel",
            )
        counsel.withdrawn_at = clock.now()
        counsel.save(update_fields=["withdrawn_at"])
        # The parties they represented no longer are (by them): a party left without counsel
        # is served conventionally again (efiling.filings.service_list).
        clients = list(case.parties.filter(represented_by=counsel.user))
        for party in clients:
            party.represented_by.remove(counsel.user)
        audit_record(
            action="counsel.withdrawn",
            target=counsel,
            actor=actor,
            request=request,
            details={
                "case": case.pk,
                "attorney": counsel.user.email,
                "reason": reason,
                "parties": [party.display_name for party in clients],
            },
        )
        event_record("cases.counsel_withdrawn", counsel=counsel, reason=reason)
    return counsel
