"""Assembling and submitting envelopes.

A draft envelope gathers the case (or a new case's court, type, caption and parties), its
filings and their documents. Documents are checked and stored as they are uploaded, so each one
belongs to its draft from the start. Submitting is one transaction: checks, fee hold,
confirmation number, filing time, status and service (the service list kept, the
"filings.envelope_submitted" event), or nothing at all.
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.db.models import Max, Q

from efiling.accounts.models import Role, User
from efiling.accounts.permissions import Action, filers_acted_for, require
from efiling.audit.services import audit_record
from efiling.cases.access import case_for_filing, case_participant, case_require_filing
from efiling.cases.models import SecurityLevel
from efiling.cases.numbering import case_number_parse
from efiling.core import clock
from efiling.core.counters import counter_next
from efiling.core.court_writes import court_writes_check
from efiling.core.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationFailed
from efiling.core.events import event_record
from efiling.core.text import clean_text
from efiling.courts.fees import (
    FeeCalculation,
    FeeLine,
    fees_calculate,
    filing_code_get,
)
from efiling.courts.models import CaseType, Court
from efiling.courts.service_terms import service_terms
from efiling.courts.services import court_policy
from efiling.filings import storage
from efiling.filings.appearance import (
    ENTRY_OF_APPEARANCE,
    appearance_problems,
    appearing_parties,
    named_case_link,
)
from efiling.filings.models import Document, Envelope, Filing, ServiceRequest, Status
from efiling.filings.serve_only import (
    NEW_CASE_REFUSAL,
    serve_only_case_require,
    serve_only_code_check,
    serve_only_fee_waiver_check,
    serve_only_response_check,
    serve_only_submission_check,
)
from efiling.filings.service_list import service_fix
from efiling.filings.workflow import envelope_transition
from efiling.payments.services import payment_account_for, payment_provider

logger = logging.getLogger(__name__)

EDITABLE = {Status.DRAFT, Status.RETURNED}


# --- who may touch an envelope -------------------------------------------------------------


SIGNER_REFUSAL = (
    "No attorney with this name or e-mail address has authorized you to file on their behalf."
)


def _signers_for(user: User) -> list[User]:
    """Whose signature `user` may put on a filing: their own, or (staff) their attorneys'."""
    return filers_acted_for(user)


def signer_by_email(*, user: User, email: str) -> User:
    """The attorney whose signature `user` may use, named by e-mail address. PermissionDenied,
    in the same words, for an address with no account and for one whose owner has not
    authorized `user`: the answer never tells whether an address has an account."""
    wanted = email.strip().casefold()
    for signer in _signers_for(user):
        if signer.email.casefold() == wanted:
            return signer
    raise PermissionDenied(SIGNER_REFUSAL)


def envelopes_visible_to(user: User):
    """Envelopes a user prepared or signed; for staff also every envelope signed by an
    attorney who authorized them (the attorney's own drafts included), while the authority
    lasts; an attorney also sees what their staff prepared under their signature."""
    signers = [filer.pk for filer in filers_acted_for(user)]
    return Envelope.objects.filter(Q(prepared_by=user) | Q(signer__in=signers)).select_related(
        "court", "case", "case_type", "signer", "prepared_by"
    )


def envelope_get_for_user(*, user: User, public_id, request=None) -> Envelope:
    """One of the user's envelopes (NotFound in one set of words for a missing one and another
    user's). Opening one that files into a confidential or sealed case, or opens a case of a
    confidential type, is a read of non-public material: audited."""
    envelope = envelopes_visible_to(user).filter(public_id=public_id).first()
    if envelope is None:
        raise NotFound("There is no such envelope in your filings.")
    if envelope.non_public_reason:
        audit_record(
            action="envelope.viewed",
            target=envelope,
            actor=user,
            request=request,
            details={"security": envelope.non_public_reason},
        )
    return envelope


def envelopes_listed_audit(*, user: User, envelopes, request=None) -> None:
    """Record that a list shown to `user` named envelopes of confidential or sealed cases (or
    new cases of a confidential type): one event naming them."""
    shown = [str(e.public_id) for e in envelopes if e.non_public_reason]
    if shown:
        audit_record(
            action="envelopes.listed",
            object_type="filings.envelope",
            object_repr=f"{len(shown)} non-public envelopes",
            actor=user,
            request=request,
            details={"envelopes": shown},
        )


def envelope_lock(envelope: Envelope) -> Envelope:
    """The envelope row, locked for this transaction (only it: PostgreSQL cannot lock the
    nullable side of the joins)."""
    return (
        Envelope.objects.select_for_update(no_key=True, of=("self",))
        .select_related("court", "case", "case_type", "signer")
        .get(pk=envelope.pk)
    )


def _require_editable(envelope: Envelope) -> None:
    court_writes_check(envelope.court)
    if envelope.status not in EDITABLE:
        raise Conflict(
            f"This envelope is {Status(envelope.status).label.lower()}: "
            "it can no longer be changed.",
            code="not_editable",
        )


def envelope_case_type(envelope: Envelope) -> CaseType:
    """The type of the case an envelope files into: the case's, or the new case's (or the type
    a case number carries, for a case named only by number)."""
    return envelope.case.case_type if envelope.case else envelope.case_type


# --- drafts --------------------------------------------------------------------------------


def _named_case_type(*, court: Court, number: str) -> CaseType:
    """The case type a case number carries, checked against the court: a number of another
    court's location code, or of a type the court does not take, names no case here. Answers
    come from the number and public court data only, never from the case itself."""
    try:
        parts = case_number_parse(number)
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, field="case_number") from exc
    if parts.location_code != court.code:
        raise ValidationFailed(
            f"Case numbers of the {court.name} carry its location code {court.code} "
            f"(for example {parts.year2:02d}{court.code}-{parts.case_type_code}00001).",
            field="case_number",
        )
    case_type = court.case_types.filter(code=parts.case_type_code).first()
    if case_type is None:
        raise ValidationFailed(
            f"The {court.name} has no cases of type {parts.case_type_code}.", field="case_number"
        )
    return case_type


def draft_create(
    *,
    user: User,
    court: Court,
    signer: User | None = None,
    case_number: str = "",
    case_type: CaseType | None = None,
    caption: str = "",
    serve_only: bool = False,
    request=None,
) -> Envelope:
    """Start an envelope: into an existing case named by its number, or for a new case of a type
    the court accepts; `serve_only`, documents served on the parties but not filed (discovery:
    efiling.filings.serve_only), only into a case the signer takes part in (NotFound otherwise,
    as for a number that names no case; ValidationFailed for a new case).

    A case the signer takes part in, or a public one, is linked and shown. A number that names a
    confidential or sealed case the signer is not part of is kept as typed and answered exactly
    as a number that names no case: the draft shows only that number and must include an entry
    of appearance, which the clerk accepts (or rejects) before anything else in it (issue 9,
    "hidden stays hidden").
    Raises PermissionDenied for a signer the user may not file for, ValidationFailed for a
    malformed number, a type the court does not take, or a missing caption, Unavailable (503)
    while planned maintenance stops filing in the court."""
    signer = signer or user
    if signer not in _signers_for(user):
        raise PermissionDenied(SIGNER_REFUSAL)
    if not court.efiling_participating:
        raise ValidationFailed(
            f"The {court.name} does not take electronic filings yet.", field="court"
        )
    court_writes_check(court)
    if serve_only and not case_number:
        raise ValidationFailed(NEW_CASE_REFUSAL, field="case_number")
    case = None
    if case_number:
        case_number = "".join(case_number.split()).upper()
        case_type = _named_case_type(court=court, number=case_number)
        case = case_for_filing(signer=signer, court=court, number=case_number)
        if serve_only:
            serve_only_case_require(signer=signer, case=case, number=case_number)
        case_require_filing(
            user=user,
            case=case,
            signer=signer if user.role == Role.STAFF else None,
            entering_appearance=True,  # checked again at submission, with the filings known
        )
        caption = ""
    else:
        require(user, Action.FILE_NEW_CASE)
        if case_type is None:
            raise ValidationFailed("Choose a case type for the new case.", field="case_type")
        if not court.case_types.filter(pk=case_type.pk).exists():
            raise ValidationFailed(
                f"The {court.name} does not accept this case type.", field="case_type"
            )
        caption = clean_text(
            caption, field="caption", max_length=Envelope._meta.get_field("caption").max_length
        )
        if not caption:
            raise ValidationFailed(
                "Give the case a caption, for example Lawson v. Acme Corp.", field="caption"
            )
    now = clock.now()
    with transaction.atomic():
        envelope = Envelope.objects.create(
            court=court,
            case=case,
            case_number=case_number,
            case_type=None if case else case_type,
            caption=caption,
            prepared_by=user,
            signer=signer,
            serve_only=serve_only,
            status=Status.DRAFT,
            status_changed_at=now,
            created_at=now,
        )
        audit_record(
            action="envelope.created",
            target=envelope,
            actor=user,
            request=request,
            details={"serve_only": True} if serve_only else None,
        )
    return envelope


def respondable_entries(envelope: Envelope) -> list:
    """The docket entries (in number order) a filing of this envelope may respond to: those of
    its case, for a signer who takes part in it (counsel of record, an admitted attorney, a
    self-represented party). None for a new case and for a case named only by number. A signer
    entering an appearance in a public case (an entry of appearance of this envelope naming
    parties of the case) sees only the petition's entry when it is public, which the summons
    served on those parties names, so that an answer can be filed with the appearance (issue
    14); nothing else of the docket, not even which entry numbers exist (a gap would show a
    sealed entry)."""
    if envelope.case is None:
        return []
    entries = envelope.case.docket_entries.order_by("number")
    if case_participant(envelope.signer, envelope.case):
        return list(entries)
    appearing = envelope.filings.filter(
        filing_code__code=ENTRY_OF_APPEARANCE, appearing_for__case=envelope.case
    )
    if not appearing.exists():
        return []
    return list(
        entries.filter(filing__filing_code__initiating=True, security_level=SecurityLevel.PUBLIC)
    )


def _responded_entry(envelope: Envelope, number: int | None):
    """The docket entry (by its number in the envelope's case) a filing responds to."""
    if number is None:
        return None
    if envelope.is_new_case:
        raise ValidationFailed(
            "A new case has no docket yet: a filing in it cannot respond to a docket entry.",
            field="responds_to",
        )
    entry = next((e for e in respondable_entries(envelope) if e.number == number), None)
    if entry is None:
        raise ValidationFailed(
            f"Case {envelope.case_number} has no docket entry {number} that you can see.",
            field="responds_to",
        )
    return entry


def filing_add(
    *,
    envelope: Envelope,
    user: User,
    code: str,
    description: str = "",
    responds_to: int | None = None,
    appearing_for: list[int] | None = None,
    request=None,
) -> Filing:
    """Add a filing to a draft envelope; `responds_to` is the number of the docket entry of the
    case it answers or opposes (its docket text will say so); `appearing_for`, for an entry of
    appearance into a case the filer may see, the ids of the case's parties it is made for
    (efiling.filings.appearance; none into a case named by number only). A serve-only envelope
    takes only serve-only codes, and no other envelope takes them (efiling.filings.serve_only).
    Raises ValidationFailed (field code, responds_to or appearing_for), Conflict (not a draft)."""
    with transaction.atomic():
        envelope = envelope_lock(envelope)
        _require_editable(envelope)
        description = clean_text(
            description,
            field="description",
            max_length=Filing._meta.get_field("description").max_length,
        )
        filing_code = filing_code_get(
            court=envelope.court, case_type=envelope_case_type(envelope), code=code
        )
        if filing_code.initiating and not envelope.is_new_case:
            raise ValidationFailed(
                f"A {filing_code.name.lower()} starts a new case; it cannot be filed into one.",
                field="code",
            )
        serve_only_code_check(envelope, filing_code)
        serve_only_response_check(envelope, responds_to)
        responded = _responded_entry(envelope, responds_to)
        appearing = appearing_parties(envelope, filing_code, appearing_for)
        position = (envelope.filings.aggregate(m=Max("position"))["m"] or 0) + 1
        policy = court_policy(court=envelope.court)
        if position > policy.maximum_documents_per_submission:
            raise ValidationFailed("This envelope holds as many filings as the court allows.")
        filing = Filing.objects.create(
            envelope=envelope,
            position=position,
            filing_code=filing_code,
            description=description,
            responds_to=responded,
            status=Status.DRAFT,
            status_changed_at=clock.now(),
            fee_cents=0 if envelope.serve_only else filing_code.fee_cents,
        )
        filing.appearing_for.set(appearing)
        audit_record(
            action="filing.added",
            target=filing,
            actor=user,
            request=request,
            details={"appearing_for": [p.pk for p in appearing]} if appearing else None,
        )
    return filing


def filing_remove(*, envelope: Envelope, user: User, filing_id: int, request=None) -> None:
    with transaction.atomic():
        envelope = envelope_lock(envelope)
        _require_editable(envelope)
        filing = envelope.filings.filter(pk=filing_id).first()
        if filing is None:
            raise NotFound("There is no such filing in this envelope.")
        names = list(Document.objects.filter(filing=filing).values_list("storage_name", flat=True))
        audit_record(action="filing.removed", target=filing, actor=user, request=request)
        filing.delete()
        transaction.on_commit(lambda: storage.stored_files_discard(names))


# --- fees, checks, submission --------------------------------------------------------------


def _service_lines(envelope: Envelope, *, submitted: bool) -> list[FeeLine]:
    """One fee line per service of process asked for (issue 14): the court's fee for the
    manner with the petition's code (courts.service_terms.service_terms), or once submitted the fee
    recorded then. None without a petition (a request needs one)."""
    petition = (
        envelope.filings.filter(filing_code__initiating=True)
        .select_related("filing_code__court")
        .order_by("position")
        .first()
    )
    if petition is None:
        return []
    lines = []
    for asked in envelope.service_requests.select_related("party").order_by("pk"):
        amount = (
            asked.fee_cents
            if submitted
            else service_terms(filing_code=petition.filing_code, manner=asked.manner).fee_cents
        )
        description = f"Service by {asked.get_manner_display().lower()}: {asked.party}"
        lines.append(FeeLine(petition.filing_code, description, amount))
    return lines


def envelope_fees(envelope: Envelope) -> FeeCalculation:
    """ECF GetFeesCalculation for the envelope as it stands; once submitted, the fees recorded
    at submission (a later change of the fee schedule does not change a receipt). The service
    of process asked for with a new case adds its `service_lines` to the total, before and
    after the clerk accepts the case (the requests are made only while the envelope starts a
    new case, so their presence, not whether the case exists now, decides)."""
    submitted = envelope.submitted_at is not None
    if submitted:
        filings = envelope.filings.select_related("filing_code").order_by("position")
        lines = [FeeLine(f.filing_code, f.filing_code.name, f.fee_cents) for f in filings]
    else:
        codes = envelope.filings.order_by("position").values_list("filing_code__code", flat=True)
        lines = fees_calculate(
            court=envelope.court,
            case_type=envelope_case_type(envelope),
            codes=list(codes),
            waiver_requested=envelope.fee_waiver_requested,
        ).lines
    service = _service_lines(envelope, submitted=submitted)
    return FeeCalculation(
        lines,
        sum(line.amount_cents for line in [*lines, *service]),
        envelope.fee_waiver_requested,
        service,
    )


def fee_waiver_set(*, envelope: Envelope, user: User, requested: bool, request=None) -> None:
    with transaction.atomic():
        envelope = envelope_lock(envelope)
        _require_editable(envelope)
        if requested:
            serve_only_fee_waiver_check(envelope)
        if requested and not court_policy(court=envelope.court).fee_waiver_requests_accepted:
            raise ValidationFailed("This court does not take fee waiver requests electronically.")
        Envelope.objects.filter(pk=envelope.pk).update(fee_waiver_requested=requested)
        audit_record(
            action="envelope.fee_waiver_changed",
            target=envelope,
            actor=user,
            request=request,
            details={"requested": requested},
        )


def envelope_problems(envelope: Envelope) -> list[str]:
    """Everything that stops submission, in the filer's words (empty when it can be submitted)."""
    problems = []
    filings = envelope.filings.select_related("filing_code")
    filings = list(filings.prefetch_related("documents", "appearing_for"))
    if not filings:
        problems.append("Add at least one filing.")
    for filing in filings:
        if not any(d.kind == Document.Kind.LEAD for d in filing.documents.all()):
            problems.append(f"{filing.filing_code.name}: upload its lead document.")
        for document in filing.documents.all():
            if document.redaction_findings and not document.redaction_confirmed:
                problems.append(
                    f"{document.title}: the redaction check found possible personal data. "
                    "Replace the document with a redacted one, or confirm it is redacted."
                )
    problems += appearance_problems(envelope, filings)
    if envelope.is_new_case:
        if filings and not filings[0].filing_code.initiating:
            problems.append(
                "A new case starts with an initiating document such as a petition: put it first."
            )
        parties = list(envelope.parties.prefetch_related("represented_by"))
        if len(parties) < 2:
            problems.append("Add the parties: at least one on each side.")
        if not any(envelope.signer in p.represented_by.all() for p in parties):
            problems.append("Mark the parties you file on behalf of.")
    return problems


def _expected_signature(signer: User) -> str:
    return f"/s/ {signer.get_full_name()}"


def _normalized_signature(text: str) -> str:
    return " ".join(text.split()).lower()


def signature_check(envelope: Envelope, signature: str) -> str:
    """The signature `envelope` bears ("/s/ " and the signer's full name) when `signature` is
    it, in any case and spacing; ValidationFailed (field signature) otherwise."""
    expected = _expected_signature(envelope.signer)
    if _normalized_signature(signature) != _normalized_signature(expected):
        raise ValidationFailed(f'Sign by typing "{expected}" exactly.', field="signature")
    return expected


def submission_key(idempotency_key: str) -> str:
    """The idempotency key of a submission or a service, stripped; DomainError unless it has 1
    to 100 characters."""
    key = (idempotency_key or "").strip()
    if not key or len(key) > 100:
        raise DomainError(
            "Each submission needs an idempotency key of 1 to 100 characters.",
            field="idempotency_key",
            code="idempotency_key_missing",
        )
    return key


def submission_key_unused(*, envelope: Envelope, user: User, key: str) -> None:
    """ValidationFailed when `user` used `key` for another envelope than `envelope`."""
    if (
        Envelope.objects.filter(prepared_by=user, idempotency_key=key)
        .exclude(pk=envelope.pk)
        .exists()
    ):
        raise ValidationFailed(
            "This idempotency key was already used for another submission.",
            field="idempotency_key",
            code="idempotency_key_reused",
        )


def submission_key_claim(*, envelope: Envelope, key: str) -> None:
    """Keep `key` with the locked `envelope`; Conflict when a concurrent submission holds it.
    Call it before any counter or account is locked: a second submission with the same key
    (another envelope) waits on the key's unique index holding nothing the first one needs, so
    the two can never deadlock (lock order, docs/architecture.md)."""
    envelope.idempotency_key = key
    try:
        Envelope.objects.filter(pk=envelope.pk).update(idempotency_key=key)
    except IntegrityError as exc:
        raise Conflict(
            "This submission is already being processed; try again in a moment."
        ) from exc


def confirmation_number_next(court: Court) -> str:
    """The next confirmation number of a submission to `court`: "E", the year and a counter."""
    year = clock.local_date(clock.now(), court.time_zone).year
    return f"E{year % 100:02d}-{counter_next(f'confirmation:{year}'):07d}"


def envelope_submit(
    *, envelope: Envelope, user: User, idempotency_key: str, signature: str, request=None
) -> Envelope:
    """ECF ReviewFiling: submit the envelope, all or nothing. A retry with the same key returns
    the same envelope (and receipt); the same key on another envelope is refused.

    Records the event "filings.envelope_submitted" with the facts envelope, actor (the user),
    served (a tuple of the Users the kept service list serves electronically: the same people
    again on a resubmission after a return) and resubmission (bool)."""
    key = submission_key(idempotency_key)
    with transaction.atomic():
        envelope = envelope_lock(envelope)
        if envelope.idempotency_key == key and envelope.status not in EDITABLE:
            return envelope  # a retry of a submission that went through
        submission_key_unused(envelope=envelope, user=user, key=key)
        serve_only_submission_check(envelope)
        _require_editable(envelope)
        if envelope.is_new_case:
            require(user, Action.FILE_NEW_CASE)
        else:
            case_require_filing(
                user=user,
                case=envelope.case,
                signer=envelope.signer if user.role == Role.STAFF else None,
                entering_appearance=envelope.filings.filter(
                    filing_code__code=ENTRY_OF_APPEARANCE
                ).exists(),
            )
        if envelope.signer not in _signers_for(user):
            raise PermissionDenied(
                f"You cannot file under {envelope.signer.get_full_name()}'s signature."
            )
        problems = envelope_problems(envelope)
        if problems:
            raise ValidationFailed(" ".join(problems), code="incomplete")
        expected = signature_check(envelope, signature)
        fees = envelope_fees(envelope)
        resubmission = envelope.status == Status.RETURNED
        submission_key_claim(envelope=envelope, key=key)
        if not resubmission:
            envelope.confirmation_number = confirmation_number_next(envelope.court)
            envelope.submitted_at = (
                clock.now()
            )  # the filing time; kept when a returned filing is corrected
            if fees.to_hold_cents:
                envelope.fee_hold = payment_provider().hold(
                    account=payment_account_for(envelope.signer),
                    amount_cents=fees.to_hold_cents,
                    reference=f"envelope {envelope.confirmation_number}",
                    actor=user,
                )
        for filing, line in zip(envelope.filings.order_by("position"), fees.lines, strict=True):
            Filing.objects.filter(pk=filing.pk).update(fee_cents=line.amount_cents)
        asked = envelope.service_requests.order_by("pk")
        for service_request, line in zip(asked, fees.service_lines, strict=True):
            ServiceRequest.objects.filter(pk=service_request.pk).update(fee_cents=line.amount_cents)
        envelope.fee_total_cents = fees.total_cents
        envelope.signature = expected
        envelope.signature_block = envelope.signer.signature_block
        named_case_link(envelope)  # a case named by number that the signer may now see
        served = service_fix(envelope)  # kept at the first submission only
        envelope.save(
            update_fields=[
                "confirmation_number",
                "submitted_at",
                "fee_hold",
                "fee_total_cents",
                "signature",
                "signature_block",
                "service_at_submission",
            ]
        )
        envelope_transition(
            envelope=envelope,
            to=Status.SUBMITTED,
            actor=user,
            request=request,
            reason="corrected and resubmitted" if resubmission else "",
        )
        audit_record(
            action="envelope.submitted",
            target=envelope,
            actor=user,
            request=request,
            details={
                "confirmation_number": envelope.confirmation_number,
                "fees_held": fees.to_hold_cents,
                "signer": envelope.signer.email,
                "prepared_by": user.email,
                "served": [person.email for person in served],
            },
        )
        # Filing is service (domain.md): the service app records it and tells those served;
        # scheduling marks the deadlines a response answers (decision 0011).
        event_record(
            "filings.envelope_submitted",
            envelope=envelope,
            actor=user,
            served=tuple(served),
            resubmission=resubmission,
        )
    return envelope
