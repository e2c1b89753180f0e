"""Changes to who appears in a case. Each is audited in its own transaction."""

from django.db import transaction

from efiling.accounts.models import Role, User
from efiling.accounts.permissions import Action, attorney_filing_problem, require
from efiling.audit.services import audit_record
from efiling.cases.models import Case, CounselOfRecord, ProHacViceAdmission
from efiling.core import clock
from efiling.core.errors import Conflict, ValidationFailed


def pro_hac_vice_admit(*, case: Case, attorney: User, sponsor: User, actor: User, request=None):
    """Record the court's admission of `attorney` pro hac vice in `case`, linked to `sponsor`, a
    Missouri attorney of record in the same case. Only the case's court (clerk or judge) admits."""
    require(actor, Action.ADMIT_PRO_HAC_VICE, court=case.court)
    if attorney.role != Role.PRO_HAC_VICE:
        raise ValidationFailed(
            "Only an out-of-state (pro hac vice) account can be admitted.", field="attorney"
        )
    if sponsor.role != Role.ATTORNEY or attorney_filing_problem(sponsor):
        raise ValidationFailed(
            "The sponsor must be a Missouri attorney in good standing.", field="sponsor"
        )
    with transaction.atomic():
        if not CounselOfRecord.objects.filter(
            case=case, user=sponsor, withdrawn_at__isnull=True
        ).exists():
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
    return admission


def pro_hac_vice_revoke(*, admission: ProHacViceAdmission, actor: User, request=None):
    require(actor, Action.ADMIT_PRO_HAC_VICE, court=admission.case.court)
    with transaction.atomic():
        if admission.revoked_at is not None:
            raise Conflict("This admission was already revoked.")
        admission.revoked_at = clock.now()
        admission.save(update_fields=["revoked_at"])
        audit_record(action="pro_hac_vice.revoked", target=admission, actor=actor, request=request)
    return admission
