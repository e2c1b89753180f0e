"""The clerk's review and the docket.

Accepting a filing, in one short transaction with no PDF work and no storage I/O: the new case
is opened (numbered, parties joined, counsel of record recorded), the next docket entry is
written with the filing code's docket text and the filing's documents as filed, an entry of
appearance makes its attorney of record and the representative of the parties it names, the
envelope's fee is charged or released once every
filing in it is decided, and the review and the new entry are recorded as domain events (the
service app tells the filer and every attorney of record, and sends NotifyFilingReviewComplete:
efiling.service.handlers). The file-stamped copies
follow from background work after the commit (efiling.docket.tasks). Two clerks acting on the
same filing: the envelope row lock makes one wait, and it then finds the filing already decided.

Row locks follow the one order of docs/architecture.md (envelope, confirmation counter, payment
account, case, counters, then the one row a change is about): the payment account an acceptance
or rejection will settle is locked right after the envelope.

Events (efiling.core.events): "docket.filing_reviewed" (filing, decided: accepted, rejected or
returned; entry: its docket entry when accepted, else None), "docket.entry_docketed" (entry: a
new docket entry of a filing, a scan or a minute entry; orders and judgments have their own
event, "docket.order_issued"), "docket.fee_waiver_decided" (envelope, reason: "" or why it was
denied), "docket.named_case_linked" (envelope: one that named its case by number only, now
linked by the acceptance of its first filing; served: the Users its service list, made now,
serves electronically: decision 0016).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q, Sum

from efiling.accounts.models import User
from efiling.accounts.permissions import Action, court_work_get, require, require_write
from efiling.audit.services import audit_record
from efiling.cases.models import Case, CounselOfRecord, Party
from efiling.cases.numbering import case_number_assign
from efiling.core import clock
from efiling.core.counters import counter_next
from efiling.core.court_writes import court_writes_check
from efiling.core.errors import Conflict, Unavailable, ValidationFailed
from efiling.core.events import event_record
from efiling.core.text import clean_text
from efiling.core.words import REASON_MAX, sentence
from efiling.courts.fees import docket_text_render
from efiling.docket.disposition import filing_disposition_follow
from efiling.docket.documents import documents_docket
from efiling.docket.models import DocketCorrection, DocketEntry, RejectionReason
from efiling.docket.orders import proposed_order_from_filing
from efiling.filings.models import Envelope, Filing, Status
from efiling.filings.service_list import service_fix_at_acceptance, service_time
from efiling.filings.services import ENTRY_OF_APPEARANCE
from efiling.filings.workflow import FINAL, envelope_transition, filing_transition
from efiling.payments.models import PaymentAccount
from efiling.payments.services import (
    payment_account_for,
    payment_account_lock,
    payment_provider,
)
from efiling.scheduling.deadlines import deadlines_from_filing
from efiling.scheduling.services import (
    clock_time,
    hearing_record_held,
    judge_name,
    long_date,
)

PENDING = (Status.SUBMITTED, Status.UNDER_REVIEW)
ENTRY_TEXT_MAX = 4000  # docket text a clerk writes (minute entries, corrections)
REVIEW_DETAILS_MAX = 2000  # what a clerk tells the filer on a rejection or return


def review_queue(
    *, court, case_type: str = "", filing_code: str = "", status: str = "", filer: str = ""
):
    """Filings waiting in a court (PENDING, or the one waiting `status`), oldest submission
    first; each non-empty filter narrows it."""
    filings = (
        Filing.objects.filter(envelope__court=court, status__in=[status] if status else PENDING)
        .select_related(
            "envelope__case",
            "envelope__case_type",
            "envelope__signer",
            "envelope__prepared_by",
            "filing_code",
        )
        .order_by("envelope__submitted_at", "envelope_id", "position")
    )
    if case_type:
        filings = filings.filter(
            Q(envelope__case_type__code=case_type) | Q(envelope__case__case_type__code=case_type)
        )
    if filing_code:
        filings = filings.filter(filing_code__code=filing_code)
    if filer:
        filings = filings.filter(
            Q(envelope__signer__last_name__icontains=filer)
            | Q(envelope__signer__email__icontains=filer)
        )
    return filings


def filing_for_review(*, clerk: User, filing_id: int) -> Filing:
    """A submitted filing of a court the clerk reviews for; NotFound alike for a missing filing,
    for another court's, for a filer's draft (the court sees nothing before submission) and for
    documents served but not filed (decision 0014: they never reach the court)."""
    return court_work_get(
        user=clerk,
        action=Action.REVIEW_FILINGS,
        queryset=Filing.objects.filter(
            envelope__submitted_at__isnull=False, envelope__serve_only=False
        ).select_related("envelope__court", "envelope__case", "filing_code"),
        pk=filing_id,
        court_of=lambda filing: filing.envelope.court,
        not_found="There is no such filing, or it is not in your courts.",
    )


def _locked(filing: Filing) -> tuple[Envelope, Filing]:
    envelope = (
        Envelope.objects.select_for_update(no_key=True, of=("self",))
        .select_related("court", "case", "case_type", "signer", "prepared_by", "fee_hold")
        .get(pk=filing.envelope_id)
    )
    filing = Filing.objects.select_related("filing_code", "responds_to").get(pk=filing.pk)
    # The locked envelope is the filing's: the workflow moves its status on this object, and
    # what follows in the transaction reads it there instead of loading it again.
    filing.envelope = envelope
    if filing.status not in PENDING:
        last = filing.status_changes.order_by("-at").select_related("actor").first()
        who = f" by {last.actor.get_full_name()}" if last and last.actor else ""
        raise Conflict(
            f"This filing was already {Status(filing.status).label.lower()}{who}.",
            code="already_reviewed",
        )
    return envelope, filing


def case_open(*, court, case_type, caption: str, clerk: User, details: dict) -> Case:
    """Open a case with the next number of its court, type and year (inside the caller's
    transaction, which holds the counter row until it commits); confidential case types open
    confidential."""
    case = Case.objects.create(
        court=court,
        case_type=case_type,
        caption=caption,
        created_at=clock.now(),
        security_level="confidential" if case_type.confidential else "public",
    )
    case_number_assign(case=case)
    audit_record(
        action="case.opened", target=case, actor=clerk, details={"number": case.number, **details}
    )
    return case


def _open_case(envelope: Envelope, clerk: User) -> Case:
    case = case_open(
        court=envelope.court,
        case_type=envelope.case_type,
        caption=envelope.caption,
        clerk=clerk,
        details={"envelope": envelope.confirmation_number},
    )
    Party.objects.filter(proposed_in=envelope).update(case=case)
    CounselOfRecord.objects.create(case=case, user=envelope.signer, since=clock.now())
    Envelope.objects.filter(pk=envelope.pk).update(case=case, case_number=case.number)
    envelope.case, envelope.case_number = case, case.number
    return case


def named_case(envelope: Envelope) -> Case | None:
    """The case an envelope names by number only (a case the filer may not see), as the court
    sees it; None when the court has no case with that number."""
    if not envelope.names_unseen_case:
        return None
    return (
        Case.objects.select_related("court", "case_type")
        .filter(court=envelope.court, number=envelope.case_number)
        .first()
    )


def _link_named_case(envelope: Envelope, filing: Filing) -> None:
    """Accepting a filing of an envelope that names its case by number only: the number must
    name a case of this court, and the entry of appearance comes first (it makes the signer of
    record, and so lets them see the case); then the envelope is linked to the case, and the
    case's counsel of record are served now (filings.service_list.service_fix_at_acceptance;
    the event "docket.named_case_linked")."""
    case = named_case(envelope)
    if case is None:
        raise ValidationFailed(
            f"There is no case {envelope.case_number} in the {envelope.court.name}: "
            "reject the filing (wrong court or case)."
        )
    of_record = case.counsel.filter(user=envelope.signer, withdrawn_at__isnull=True).exists()
    if filing.filing_code.code != ENTRY_OF_APPEARANCE and not of_record:
        raise ValidationFailed(
            "Accept the entry of appearance first: it makes "
            f"{envelope.signer.get_full_name()} of record in {case.number}."
        )
    Envelope.objects.filter(pk=envelope.pk).update(case=case, case_type=None)
    envelope.case, envelope.case_type = case, None
    # Service waited for this moment (decision 0016): the case's counsel are served now.
    served = service_fix_at_acceptance(envelope)
    event_record("docket.named_case_linked", envelope=envelope, served=tuple(served))


def _lock_fee_account(envelope: Envelope, filing: Filing) -> None:
    """Lock the payment account that deciding `filing` will settle (the fee hold's, when it is
    the envelope's last filing to be decided) right after the envelope, before the case-number
    and docket counters (docs/architecture.md, lock order)."""
    if envelope.fee_hold_id is None:
        return
    if envelope.filings.filter(status__in=PENDING).exclude(pk=filing.pk).exists():
        return
    payment_account_lock(PaymentAccount(pk=envelope.fee_hold.account_id))


def _appearance_enter(case: Case, filing: Filing, signer: User) -> list[int]:
    """Accepting an entry of appearance: the signer becomes counsel of record (if not yet) and
    represents each party the filing appears for (efiling.filings.appearance); returns those
    parties' ids (none for another filing, or one into a case named by number only)."""
    if filing.filing_code.code != ENTRY_OF_APPEARANCE:
        return []
    if not case.counsel.filter(user=signer, withdrawn_at__isnull=True).exists():
        CounselOfRecord.objects.create(case=case, user=signer, since=clock.now())
    parties = list(filing.appearing_for.filter(case=case).order_by("pk"))
    signer.represented_parties.add(*parties)
    return [party.pk for party in parties]


def _parties_label(case: Case, signer: User) -> str:
    represented = [p.display_name for p in case.parties.filter(represented_by=signer)]
    return ", ".join(represented) or "a party"


def _settle_fees(envelope: Envelope, clerk: User) -> None:
    """Once every filing is decided: charge the accepted filings' fees (and the service of
    process asked for, once the petition is accepted), release the rest. `envelope` is the one
    `_locked` returned: the workflow has moved its status on that object."""
    if envelope.status not in FINAL or envelope.fee_hold_id is None:
        return
    provider = payment_provider()
    decided = envelope.filings.filter(status=Status.ACCEPTED).aggregate(
        fees=Sum("fee_cents", default=0),
        petitions=Count("pk", filter=Q(filing_code__initiating=True)),
    )
    accepted = decided["fees"]
    if decided["petitions"]:
        # the service of process asked for comes with the case the petition opened (issue 14)
        accepted += sum(envelope.service_requests.values_list("fee_cents", flat=True))
    hold = envelope.fee_hold
    if accepted == hold.amount_cents:
        provider.charge(hold=hold, actor=clerk)
        return
    provider.release(hold=hold, actor=clerk)
    if accepted:
        partial = provider.hold(
            account=payment_account_for(envelope.signer),
            amount_cents=accepted,
            reference=f"envelope {envelope.confirmation_number} (accepted part)",
            actor=clerk,
        )
        provider.charge(hold=partial, actor=clerk)


def filing_accept(*, clerk: User, filing: Filing, request=None) -> DocketEntry:
    """Accept a filing (see the module's text); returns its docket entry, whose stamped copies
    are being prepared. Raises PermissionDenied, Conflict (already decided) or
    ValidationFailed (a petition must be accepted first)."""
    require_write(clerk, Action.REVIEW_FILINGS, court=filing.envelope.court)
    with transaction.atomic():
        envelope, filing = _locked(filing)
        _require_fee_settled(envelope)
        if envelope.names_unseen_case:
            _link_named_case(envelope, filing)
        _lock_fee_account(envelope, filing)
        if envelope.case is None:
            if not filing.filing_code.initiating and filing.filing_code.served:
                raise ValidationFailed("Accept the petition first: it opens the case.")
            _open_case(envelope, clerk)
        case = envelope.case
        appearing = _appearance_enter(case, filing, envelope.signer)
        number = counter_next(f"docket:{case.pk}")
        text = docket_text_render(
            filing_code=filing.filing_code,
            filer=envelope.signer.get_full_name(),
            parties=_parties_label(case, envelope.signer),
            description=filing.description,
        )
        if filing.responds_to_id:
            text += f" Responds to docket entry {filing.responds_to.number}."
        entry = DocketEntry.objects.create(
            case=case,
            number=number,
            kind=DocketEntry.Kind.FILING,
            text=text,
            filed_at=envelope.submitted_at,
            filing=filing,
            entered_by=clerk,
            created_at=clock.now(),
            security_level=case.security_level,
        )
        documents_docket(filing.documents.all(), entry)
        if not filing.filing_code.initiating and filing.filing_code.served:
            # Filing is service on counsel of record (domain.md): follow-up periods run from it.
            served = service_time(envelope) or envelope.submitted_at  # at acceptance: 0016
            served_on = clock.local_date(served, case.court.time_zone)
            deadlines_from_filing(
                case=case,
                filing_code=filing.filing_code,
                served_on=served_on,
                set_by_entry=entry.number,
                request=request,
            )
        filing_transition(filing=filing, to=Status.ACCEPTED, actor=clerk, request=request)
        _settle_fees(envelope, clerk)
        audit_record(
            action="docket_entry.created",
            target=entry,
            actor=clerk,
            request=request,
            details={"text": text, "appearing_for": appearing} if appearing else {"text": text},
        )
        if filing.filing_code.proposed_order:  # it waits for the judge's signature
            proposed_order_from_filing(filing=filing, entry=entry, clerk=clerk, request=request)
        filing_disposition_follow(entry=entry, actor=clerk, request=request)
        event_record("docket.filing_reviewed", filing=filing, entry=entry)
        event_record("docket.entry_docketed", entry=entry)
    return entry


def _review_details(details: str) -> str:
    """What the clerk tells the filer, cleaned: at most REVIEW_DETAILS_MAX characters, or
    ValidationFailed on `details` saying so."""
    return clean_text(details or "", field="details", max_length=REVIEW_DETAILS_MAX, multiline=True)


def _require_fee_settled(envelope: Envelope) -> None:
    """A filing is accepted only once its fee is held or waived (domain.md: fee waivers go to
    the clerk)."""
    if envelope.fee_waiver_requested and not envelope.fee_waiver_decision:
        raise ValidationFailed(
            "Decide the fee waiver request (in forma pauperis) before accepting a filing."
        )
    if envelope.awaits_fee_payment:
        raise Conflict(
            "The fee waiver was denied and the filer has not paid the fees yet: the filing "
            "waits for the payment or the filer's withdrawal.",
            code="awaits_fee_payment",
        )


def fee_waiver_decide(
    *, clerk: User, envelope: Envelope, granted: bool, reason: str = "", request=None
) -> Envelope:
    """The clerk decides a fee waiver request (in forma pauperis) during review. Granted:
    nothing is charged (a waiver request holds nothing at submission). Denied (a reason is
    required, at most REASON_MAX characters): the filer and whoever submitted it get a notice,
    and the envelope goes back to waiting (submitted) until the filer pays the fees from the
    payment account (filings.closing.envelope_fee_pay) or withdraws it (CancelFiling); no
    filing of it can be accepted meanwhile. Raises PermissionDenied, ValidationFailed (no
    request, no reason), Conflict (decided already, or the envelope is decided)."""
    require_write(clerk, Action.REVIEW_FILINGS, court=envelope.court)
    reason = " ".join((reason or "").split())
    if not granted and not reason:
        raise ValidationFailed("Say why the fee waiver is denied.", field="details")
    if len(reason) > REASON_MAX:
        raise ValidationFailed(
            f"A reason has at most {REASON_MAX} characters ({len(reason)} given).",
            field="details",
        )
    with transaction.atomic():
        envelope = (
            Envelope.objects.select_for_update(no_key=True, of=("self",))
            .select_related("court", "case", "signer", "prepared_by")
            .get(pk=envelope.pk)
        )
        if not envelope.fee_waiver_requested:
            raise ValidationFailed("This envelope has no fee waiver request.")
        if envelope.fee_waiver_decision:
            raise Conflict(
                f"The fee waiver request was already {envelope.fee_waiver_decision}.",
                code="already_decided",
            )
        if envelope.status not in PENDING:
            raise Conflict(
                "The fee waiver can only be decided while the filing waits for review "
                f"(it is {Status(envelope.status).label.lower()}).",
                code="already_reviewed",
            )
        decision = "granted" if granted else "denied"
        Envelope.objects.filter(pk=envelope.pk).update(fee_waiver_decision=decision)
        envelope.fee_waiver_decision = decision
        audit_record(
            action=f"envelope.fee_waiver_{decision}",
            target=envelope,
            actor=clerk,
            request=request,
            details={"reason": reason, "fees_cents": envelope.fee_total_cents},
        )
        if not granted and envelope.status == Status.UNDER_REVIEW and envelope.awaits_fee_payment:
            envelope_transition(
                envelope=envelope,
                to=Status.SUBMITTED,
                actor=clerk,
                request=request,
                reason="fee waiver denied: waits for the filer's payment or withdrawal",
            )
        event_record("docket.fee_waiver_decided", envelope=envelope, reason=reason)
    return envelope


def rejection_reasons(court):
    return RejectionReason.objects.filter(Q(court=court) | Q(court__isnull=True), active=True)


def filing_reject(
    *, clerk: User, filing: Filing, reason_id: int | None, details: str = "", request=None
) -> Filing:
    require_write(clerk, Action.REVIEW_FILINGS, court=filing.envelope.court)
    reason = (
        rejection_reasons(filing.envelope.court).filter(pk=reason_id).first() if reason_id else None
    )
    if reason is None:
        raise ValidationFailed("Choose a reason for the rejection from the list.", field="reason")
    details = _review_details(details)
    text = reason.text + (f": {details}" if details else "")
    with transaction.atomic():
        envelope, filing = _locked(filing)
        _lock_fee_account(envelope, filing)
        Filing.objects.filter(pk=filing.pk).update(review_reason=text)
        filing.review_reason = text
        filing_transition(
            filing=filing, to=Status.REJECTED, actor=clerk, reason=text, request=request
        )
        _settle_fees(envelope, clerk)
        event_record("docket.filing_reviewed", filing=filing, entry=None)
        # Facts: envelope, filing, actor (the clerk); those served are told (service app).
        event_record("docket.filing_rejected", envelope=envelope, filing=filing, actor=clerk)
    return filing


def filing_return(*, clerk: User, filing: Filing, details: str, request=None) -> Filing:
    """Returned for a small correction: the filer fixes and resubmits, keeping the original
    filing time (State v. Dolan). The fee stays held."""
    require_write(clerk, Action.REVIEW_FILINGS, court=filing.envelope.court)
    details = _review_details(details)
    if not details:
        raise ValidationFailed("Say what the filer must correct.", field="details")
    with transaction.atomic():
        _, filing = _locked(filing)
        Filing.objects.filter(pk=filing.pk).update(review_reason=details)
        filing.review_reason = details
        filing_transition(
            filing=filing, to=Status.RETURNED, actor=clerk, reason=details, request=request
        )
        event_record("docket.filing_reviewed", filing=filing, entry=None)
    return filing


def review_start(*, clerk: User, filing: Filing, request=None) -> None:
    """The clerk opened the filing: the filer can no longer cancel the envelope (unless it
    waits for the filer's payment after a denied fee waiver). The page is a read: while
    planned maintenance stops the court's changes it shows, and the envelope stays as it is."""
    require(clerk, Action.REVIEW_FILINGS, court=filing.envelope.court)
    try:
        court_writes_check(filing.envelope.court)
    except Unavailable:
        return
    with transaction.atomic():
        envelope = Envelope.objects.select_for_update(no_key=True).get(pk=filing.envelope_id)
        if envelope.status == Status.SUBMITTED and not envelope.awaits_fee_payment:
            envelope_transition(
                envelope=envelope, to=Status.UNDER_REVIEW, actor=clerk, request=request
            )


def minute_entry_add(*, clerk: User, case: Case, text: str, request=None) -> DocketEntry:
    require_write(clerk, Action.MANAGE_DOCKET, court=case.court)
    if not text.strip():
        raise ValidationFailed("Write the text of the entry.", field="text")
    if len(text.strip()) > ENTRY_TEXT_MAX:
        raise ValidationFailed(f"The entry is at most {ENTRY_TEXT_MAX:,} characters.", field="text")
    with transaction.atomic():
        return _minute_entry(
            clerk=clerk,
            case=case,
            number=counter_next(f"docket:{case.pk}"),
            text=text.strip(),
            request=request,
        )


def _minute_entry(*, clerk: User, case: Case, number: int, text: str, request) -> DocketEntry:
    """Write, audit and notice a minute entry under its docket number, taken by the caller."""
    with transaction.atomic():
        entry = DocketEntry.objects.create(
            case=case,
            number=number,
            kind=DocketEntry.Kind.MINUTE,
            text=text,
            filed_at=clock.now(),
            entered_by=clerk,
            created_at=clock.now(),
            security_level=case.security_level,
        )
        audit_record(
            action="docket_entry.created",
            target=entry,
            actor=clerk,
            request=request,
            details={"text": entry.text},
        )
        event_record("docket.entry_docketed", entry=entry)
    return entry


def hearing_held_docket(*, clerk: User, hearing, note: str = "", request=None) -> DocketEntry:
    """Record that a hearing took place and docket it as a minute entry (noticed to counsel),
    in one transaction: the hearing then shows as held, never twice."""
    require_write(clerk, Action.MANAGE_DOCKET, court=hearing.case.court)
    note = " ".join(note.split())
    if len(note) > REASON_MAX:
        raise ValidationFailed(f"The note is at most {REASON_MAX} characters.", field="note")
    with transaction.atomic():
        # The docket number (a counter) before the hearing row (lock order,
        # docs/architecture.md).
        number = counter_next(f"docket:{hearing.case_id}")
        hearing = hearing_record_held(actor=clerk, hearing=hearing, request=request)
        start = clock.to_local(hearing.starts_at, hearing.case.court.time_zone)
        text = sentence(
            f"{hearing.get_kind_display()} held {clock_time(start)} {long_date(start.date())} "
            f"before {judge_name(hearing.judge)}, {hearing.courtroom.name}"
        ) + (f" {note}" if note else "")
        return _minute_entry(
            clerk=clerk, case=hearing.case, number=number, text=text, request=request
        )


def docket_text_correct(
    *, clerk: User, entry: DocketEntry, text: str, reason: str, request=None
) -> DocketEntry:
    require_write(clerk, Action.MANAGE_DOCKET, court=entry.case.court)
    text, reason = text.strip(), reason.strip()
    if not text or not reason:
        raise ValidationFailed("Give the corrected text and the reason for the correction.")
    if len(text) > ENTRY_TEXT_MAX or len(reason) > REASON_MAX:
        raise ValidationFailed(
            f"The text is at most {ENTRY_TEXT_MAX:,} characters and the reason at most "
            f"{REASON_MAX}."
        )
    with transaction.atomic():
        entry = DocketEntry.objects.select_for_update(no_key=True).get(pk=entry.pk)
        if entry.text == text:
            raise ValidationFailed("The corrected text is the same as the entry's text.")
        DocketCorrection.objects.create(
            entry=entry,
            old_text=entry.text,
            new_text=text,
            reason=reason,
            corrected_by=clerk,
            corrected_at=clock.now(),
        )
        audit_record(
            action="docket_entry.corrected",
            target=entry,
            actor=clerk,
            request=request,
            details={"from": entry.text, "to": text, "reason": reason},
        )
        DocketEntry.objects.filter(pk=entry.pk).update(text=text)
        entry.text = text
    return entry


def security_level_set(
    *,
    clerk: User,
    case: Case,
    level: str,
    entry: DocketEntry | None = None,
    reason: str,
    request=None,
):
    """Seal or unseal a whole case or one docket entry, by court order (the reason cites it)."""
    require_write(clerk, Action.MANAGE_DOCKET, court=case.court)
    if level not in ("public", "confidential", "sealed"):
        raise ValidationFailed("Choose public, confidential or sealed.", field="level")
    if not reason.strip() or len(reason.strip()) > REASON_MAX:
        raise ValidationFailed(
            "Give the reason, for example the order that seals it "
            f"(at most {REASON_MAX} characters).",
            field="reason",
        )
    with transaction.atomic():
        target = entry or case
        previous = target.security_level
        type(target).objects.filter(pk=target.pk).update(security_level=level)
        target.security_level = level
        audit_record(
            action=f"{target._meta.model_name}.security_changed",
            target=target,
            actor=clerk,
            request=request,
            details={"from": previous, "to": level, "reason": reason.strip()},
        )
        # Notices already sent about it stop repeating its text (the service app).
        event_record("docket.security_level_changed", case=case, entry=entry, level=level)
    return target
