"""Orders and judgments: prepared, waiting in the judge's queue, signed by the judge alone.

A proposed order (ProposedOrder) is either written by the court's staff (a clerk, or the judge:
`proposed_order_prepare`, a draft until submitted) or filed by an attorney (a filing whose code
is a proposed order: accepted, it goes to the queue, `proposed_order_from_filing`). It waits
for the judge of the case (or the judge chosen; none: any judge of the court), who alone signs
and issues it (`proposed_order_sign`) or returns it with a note (`proposed_order_return`); a
returned written order is revised and submitted again. Every status change goes through
`proposed_order_transition` (TRANSITIONS), which audits it and records it as an event (the
service app tells the one who acts next).

Signing makes the order's PDF: a written order is rendered here to a text PDF with "/s/ Judge
Name" and the date of signing; a filed one gets a signature page after its pages (joined in a
checker process, decision 0008). The PDF is checked and stored first; then in one short
transaction the next docket entry is written with it, the order (and a judgment's parties and
amounts) is recorded, audited, and recorded as an event (the service app tells every attorney
of record). If the transaction
fails, the stored file is deleted again (docketing_files). The stamped copy follows from
background work (efiling.docket.tasks).

Events (efiling.core.events; efiling.service.handlers answers them):
"docket.proposed_order_moved" (proposed: in its new status; actor; note: why it was returned,
or ""), "docket.order_issued" (order: the CourtOrder, with its docket_entry and kind).
"""

from __future__ import annotations

import html
import io
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from efiling.accounts.models import Role, User
from efiling.accounts.permissions import Action, court_work_get, require
from efiling.audit.services import audit_record
from efiling.cases.access import case_read_audit
from efiling.cases.models import Case, Party, SecurityLevel
from efiling.core import clock
from efiling.core.columns import column_max_length
from efiling.core.counters import counter_next
from efiling.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from efiling.core.events import event_record
from efiling.core.words import MONTHS, labelled, long_date, one_line, sentence
from efiling.courts.services import court_policy
from efiling.docket.documents import docketing_files, document_docket_new, entry_lead_document
from efiling.docket.models import DocketEntry
from efiling.docket.orders_models import CourtOrder, JudgmentLine, ProposedOrder
from efiling.documents.append import pdf_append
from efiling.documents.isolated import CheckerFailed
from efiling.documents.pdf import inspect_pdf
from efiling.filings import storage
from efiling.filings.receipt import format_money
from efiling.filings.services import checker_pool, document_check, pdf_refusal

DESCRIPTION_MAX = column_max_length(JudgmentLine, "description")

TITLE_MAX = 200
RETURN_NOTE_MAX = column_max_length(ProposedOrder, "return_note")
# The text of an order is drawn into its PDF and kept on the proposed order until then.
ORDER_TEXT_MAX = 50_000
SO_ORDERED = "SO ORDERED."
Status = ProposedOrder.Status


@dataclass(frozen=True)
class JudgmentLineInput:
    in_favor_of: str
    against: str
    amount_cents: int
    description: str = ""


def judge_signature(judge: User) -> str:
    """The electronic signature an order of this judge carries: "/s/ <name>"."""
    return f"/s/ {one_line(judge.get_full_name())}"


def judges_of(court):
    """The active judges assigned to a court."""
    return (
        User.objects.filter(role=Role.JUDGE, is_active=True, court_assignments__court=court)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def _line(value) -> JudgmentLineInput:
    if isinstance(value, JudgmentLineInput):
        line = value
    elif isinstance(value, Mapping):
        line = JudgmentLineInput(
            in_favor_of=value.get("in_favor_of", ""),
            against=value.get("against", ""),
            amount_cents=value.get("amount_cents"),
            description=value.get("description", "") or "",
        )
    else:
        raise ValidationFailed("A judgment line names the parties and the amount.")
    in_favor_of, against = one_line(line.in_favor_of), one_line(line.against)
    if not in_favor_of or not against:
        raise ValidationFailed(
            "Each line of a judgment names the party it is in favor of and the party it is "
            "against.",
            field="judgment_lines",
        )
    if len(in_favor_of) > 200 or len(against) > 200:
        raise ValidationFailed("A party name is at most 200 characters.", field="judgment_lines")
    amount = line.amount_cents
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ValidationFailed(
            "Each line of a judgment needs an amount of zero or more.", field="judgment_lines"
        )
    description = one_line(line.description)
    if len(description) > DESCRIPTION_MAX:  # refused, never cut
        raise ValidationFailed(
            f"A line's description is at most {DESCRIPTION_MAX} characters.",
            field="judgment_lines",
        )
    return JudgmentLineInput(in_favor_of, against, amount, description)


def _judge_checked(*, judge: User | None, court) -> None:
    if judge is None:
        return
    if (
        judge.role != Role.JUDGE
        or not judge.is_active
        or not judge.court_assignments.filter(court=court).exists()
    ):
        raise ValidationFailed(f"Choose a judge assigned to the {court.name}.", field="judge")


def _party_names(case: Case, lines) -> list[JudgmentLineInput]:
    """Judgment lines naming parties by id (`in_favor_of`, `against`: Party ids of `case`),
    checked and turned into lines that name them."""
    parties = {party.pk: party.display_name for party in Party.objects.filter(case=case)}
    named = []
    for value in lines or ():
        if not isinstance(value, Mapping):
            raise ValidationFailed("A judgment line names the parties and the amount.")
        favor, against = value.get("in_favor_of"), value.get("against")
        if favor not in parties or against not in parties:
            raise ValidationFailed(
                f"Each line of a judgment names two parties of {case.number}.",
                field="judgment_lines",
            )
        if favor == against:
            raise ValidationFailed(
                "A judgment line is in favor of one party and against another.",
                field="judgment_lines",
            )
        named.append(
            _line(
                {
                    "in_favor_of": parties[favor],
                    "against": parties[against],
                    "amount_cents": value.get("amount_cents"),
                    "description": value.get("description", "") or "",
                }
            )
        )
    return named


def _content_checked(
    *, case: Case, kind: str, title: str, body_text: str, judgment_lines
) -> tuple[str, str, list[JudgmentLineInput]]:
    """(title, text, lines) of a written order, or ValidationFailed naming the field."""
    if kind not in CourtOrder.Kind.values:
        raise ValidationFailed("Choose order or judgment.", field="kind")
    if not case.number:
        raise ValidationFailed("The case has no number yet: it has not been opened.")
    title = one_line(title)
    if not title:
        raise ValidationFailed("Give the order a title.", field="title")
    if len(title) > TITLE_MAX:
        raise ValidationFailed(f"The title is at most {TITLE_MAX} characters.", field="title")
    body_text = (body_text or "").replace("\r\n", "\n").strip()
    if not body_text:
        raise ValidationFailed("Write the text of the order.", field="body")
    if len(body_text) > ORDER_TEXT_MAX:
        raise ValidationFailed(
            f"The text of the order is at most {ORDER_TEXT_MAX:,} characters.", field="body"
        )
    lines = _party_names(case, judgment_lines)
    if kind == CourtOrder.Kind.JUDGMENT and not lines:
        raise ValidationFailed(
            "A judgment records at least one line: in favor of whom, against whom, and the amount.",
            field="judgment_lines",
        )
    if kind == CourtOrder.Kind.ORDER and lines:
        raise ValidationFailed(
            "Only a judgment records parties and amounts.", field="judgment_lines"
        )
    return title, body_text, lines


# --- Rendering a written order -------------------------------------------------------------------

_BODY = ParagraphStyle("order-body", fontName="Times-Roman", fontSize=12, leading=17, spaceAfter=9)
_CENTER = ParagraphStyle("order-center", parent=_BODY, alignment=1, spaceAfter=2)
_COURT = ParagraphStyle("order-court", parent=_CENTER, fontName="Times-Bold", fontSize=13)
_TITLE = ParagraphStyle(
    "order-title", parent=_CENTER, fontName="Times-Bold", fontSize=14, spaceBefore=18, spaceAfter=14
)
_SIGNATURE = ParagraphStyle("order-signature", parent=_BODY, leftIndent=3.25 * inch, spaceAfter=0)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _long_date(moment: datetime) -> str:
    return f"{MONTHS[moment.month - 1]} {moment.day}, {moment.year}"


def order_pdf_render(
    *,
    court_name: str,
    case_number: str,
    caption: str,
    kind: str,
    title: str,
    body_text: str,
    judge_name: str,
    signature: str,
    issued_local: datetime,
    lines: Iterable[JudgmentLineInput] = (),
) -> bytes:
    """The order as a letter-size text PDF (standard fonts, reproducible)."""
    story: list = [
        Paragraph(f"IN THE {_esc(one_line(court_name).upper())}", _COURT),
        Spacer(1, 8),
        Paragraph(_esc(one_line(caption)), _CENTER),
        Paragraph(f"Case No. {_esc(case_number)}", _CENTER),
        Paragraph(_esc(one_line(title).upper()), _TITLE),
    ]
    paragraphs = [p for p in body_text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    story += [Paragraph(_esc(one_line(p)), _BODY) for p in paragraphs]
    for line in lines:
        text = (
            f"Judgment is entered in favor of {line.in_favor_of} and against {line.against} "
            f"in the amount of {format_money(line.amount_cents)}"
            + (f" ({line.description})" if line.description else "")
            + "."
        )
        story.append(Paragraph(_esc(text), _BODY))
    story += []
    story += _signature_block(signature, judge_name, issued_local)
    label = CourtOrder.Kind(kind).label
    return _letter_pdf(
        story,
        title=labelled(label, title),
        judge_name=judge_name,
        court_name=court_name,
        case_number=case_number,
    )


def _signature_block(signature: str, judge_name: str, issued_local: datetime) -> list:
    """ "SO ORDERED.", "/s/ Name", "Judge Name" and the date in words."""
    return [
        Spacer(1, 6),
        Paragraph(SO_ORDERED, _BODY),
        Spacer(1, 18),
        Paragraph(_esc(signature), _SIGNATURE),
        Paragraph(f"Judge {_esc(one_line(judge_name))}", _SIGNATURE),
        Paragraph(_esc(_long_date(issued_local)), _SIGNATURE),
    ]


def _letter_pdf(story: list, *, title: str, judge_name: str, court_name: str, case_number: str):
    """The story as a letter-size PDF with one-inch margins, reproducible (no dates or ids of
    its own), its properties naming the order, the judge and the case."""
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=inch,
        rightMargin=inch,
        topMargin=inch,
        bottomMargin=inch,
        title=title,
        author=one_line(judge_name),
        subject=f"{one_line(court_name)}: {case_number}",
        creator="efiling",
        lang="en-US",
        invariant=1,
    ).build(story)
    return buffer.getvalue()


def signature_page_render(
    *,
    court_name: str,
    case_number: str,
    title: str,
    signature: str,
    judge_name: str,
    issued_local: datetime,
) -> bytes:
    """The page a judge's signature adds after a proposed order as filed: the case, the
    order's title, "SO ORDERED.", "/s/ Judge Name" and the date (letter size, text PDF)."""
    story: list = [
        Paragraph(f"IN THE {_esc(one_line(court_name).upper())}", _COURT),
        Paragraph(f"Case No. {_esc(case_number)}", _CENTER),
        Paragraph(_esc(one_line(title).upper()), _TITLE),
        Paragraph(
            "The Court has reviewed the proposed order on the pages before this one and adopts "
            "it as the order of the Court.",
            _BODY,
        ),
    ]
    story += _signature_block(signature, judge_name, issued_local)
    return _letter_pdf(
        story,
        title=f"Order: {one_line(title)}",
        judge_name=judge_name,
        court_name=court_name,
        case_number=case_number,
    )


# --- The one writer of a proposed order's status -------------------------------------------------

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.AWAITING_SIGNATURE}),
    Status.AWAITING_SIGNATURE: frozenset({Status.ISSUED, Status.RETURNED}),
    # A returned written order is revised and submitted again; a returned filed one stays
    # returned (the attorney files a new proposed order).
    Status.RETURNED: frozenset({Status.AWAITING_SIGNATURE}),
    Status.ISSUED: frozenset(),
}


def proposed_order_label(proposed: ProposedOrder) -> str:
    """'proposed order' or 'proposed judgment'."""
    return f"proposed {CourtOrder.Kind(proposed.kind).label.lower()}"


def judges_waited_for(proposed: ProposedOrder) -> list[User]:
    """Who may sign `proposed`: its judge, or else every judge of its court."""
    return [proposed.judge] if proposed.judge_id else list(judges_of(proposed.case.court))


def proposed_order_transition(
    *, proposed: ProposedOrder, to: str, actor: User, note: str = "", request=None
) -> ProposedOrder:
    """Move `proposed` (locked by the caller, inside its transaction) to `to` when TRANSITIONS
    allows it, else Conflict; record when, audit it ("proposed_order.<status>") and notice who
    acts next: the judge (or the court's judges) when it waits for a signature, the preparer
    when it is returned (with `note`) or issued."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("A proposed order changes inside the transaction that locks it.")
    if to not in TRANSITIONS[proposed.status]:
        raise Conflict(
            f"This {proposed_order_label(proposed)} is "
            f"{proposed.get_status_display().lower()}: it cannot be {Status(to).label.lower()} now."
        )
    if to == Status.AWAITING_SIGNATURE and proposed.filed_document_id and proposed.submitted_at:
        raise Conflict("A returned proposed order that was filed is revised by a new filing.")
    now, before = clock.now(), proposed.status
    proposed.status = to
    fields = ["status"]
    if to == Status.AWAITING_SIGNATURE:
        proposed.submitted_at, proposed.return_note = now, ""
        fields += ["submitted_at", "return_note"]
    else:
        proposed.decided_at = now
        fields.append("decided_at")
    if to == Status.RETURNED:
        proposed.return_note = note
        fields.append("return_note")
    proposed.save(update_fields=fields)
    case = proposed.case
    audit_record(
        action=f"proposed_order.{to}",
        target=proposed,
        actor=actor,
        request=request,
        details={
            "case": case.number,
            "from": before,
            "to": to,
            "judge": proposed.judge_id,
            "prepared_by": proposed.prepared_by_id,
            "note": note,
            "order": proposed.order_id,
        },
    )
    event_record("docket.proposed_order_moved", proposed=proposed, actor=actor, note=note)
    return proposed


def _locked_proposed(proposed: ProposedOrder) -> ProposedOrder:
    locked = (
        ProposedOrder.objects.select_for_update(no_key=True, of=("self",))
        .select_related("case__court", "judge", "prepared_by")
        .filter(pk=proposed.pk)
        .first()
    )
    if locked is None:
        raise NotFound("There is no such proposed order.")
    return locked


# --- Preparing -----------------------------------------------------------------------------------


def _preparer_checked(*, actor: User, court, judge: User | None) -> None:
    require(actor, Action.PREPARE_ORDERS, court=court)
    _judge_checked(judge=judge, court=court)
    if actor.role == Role.JUDGE and judge is not None and judge.pk != actor.pk:
        raise ValidationFailed(
            "A judge prepares orders for their own signature; a clerk prepares them for a judge.",
            field="judge",
        )


def _lines_json(lines: Iterable[JudgmentLineInput]) -> list[dict]:
    return [
        {
            "in_favor_of": x.in_favor_of,
            "against": x.against,
            "amount_cents": x.amount_cents,
            "description": x.description,
        }
        for x in lines
    ]


def _written(proposed: ProposedOrder, *, verb: str, actor: User, submit: bool, request) -> None:
    """Audit a prepared or revised written order and, with `submit`, send it to the queue."""
    audit_record(
        action=f"proposed_order.{verb}",
        target=proposed,
        actor=actor,
        request=request,
        details={
            "case": proposed.case.number,
            "kind": proposed.kind,
            "title": proposed.title,
            "judge": proposed.judge_id,
        },
    )
    if submit:
        proposed_order_transition(
            proposed=proposed, to=Status.AWAITING_SIGNATURE, actor=actor, request=request
        )


def proposed_order_prepare(
    *,
    actor: User,
    case: Case,
    judge: User | None,
    kind: str,
    title: str,
    body_text: str,
    judgment_lines: Iterable = (),
    submit: bool = False,
    request=None,
) -> ProposedOrder:
    """A written order or judgment prepared by court staff for `judge` (None: any judge of the
    court), kept as a draft or, with `submit`, sent to the judge's queue at once.

    `judgment_lines`: [{"in_favor_of": Party id, "against": Party id, "amount_cents": int >= 0,
    "description": str}] with parties of `case`; a judgment needs one, an order none.
    Raises PermissionDenied (not a clerk or judge of the court) or ValidationFailed (field
    named: a judge of another court, a judge preparing for another judge, the title, the text,
    the lines)."""
    _preparer_checked(actor=actor, court=case.court, judge=judge)
    title, body_text, lines = _content_checked(
        case=case, kind=kind, title=title, body_text=body_text, judgment_lines=judgment_lines
    )
    with transaction.atomic():
        proposed = ProposedOrder.objects.create(
            case=case,
            kind=kind,
            title=title,
            body_text=body_text,
            judgment_lines=_lines_json(lines),
            judge=judge,
            prepared_by=actor,
            created_at=clock.now(),
        )
        _written(proposed, verb="prepared", actor=actor, submit=submit, request=request)
    return proposed


def proposed_order_revise(
    *,
    actor: User,
    proposed: ProposedOrder,
    judge: User | None,
    kind: str,
    title: str,
    body_text: str,
    judgment_lines: Iterable = (),
    submit: bool = False,
    request=None,
) -> ProposedOrder:
    """Change a draft or returned written order (the same inputs and errors as
    proposed_order_prepare); Conflict once it waits for the judge or is issued, or when it was
    filed by an attorney (their document is revised by a new filing)."""
    case = proposed.case
    _preparer_checked(actor=actor, court=case.court, judge=judge)
    title, body_text, lines = _content_checked(
        case=case, kind=kind, title=title, body_text=body_text, judgment_lines=judgment_lines
    )
    with transaction.atomic():
        proposed = _locked_proposed(proposed)
        if proposed.filed_document_id:
            raise Conflict("A proposed order that was filed is revised by a new filing.")
        if proposed.status not in (Status.DRAFT, Status.RETURNED):
            raise Conflict(
                f"This {proposed_order_label(proposed)} is "
                f"{proposed.get_status_display().lower()}: it can no longer be changed."
            )
        proposed.kind, proposed.title, proposed.body_text = kind, title, body_text
        proposed.judgment_lines, proposed.judge = _lines_json(lines), judge
        proposed.save(update_fields=["kind", "title", "body_text", "judgment_lines", "judge"])
        _written(proposed, verb="revised", actor=actor, submit=submit, request=request)
    return proposed


def proposed_order_submit(*, actor: User, proposed: ProposedOrder, request=None) -> ProposedOrder:
    """Send a draft (or a revised returned order) to the judge's queue; Conflict otherwise."""
    require(actor, Action.PREPARE_ORDERS, court=proposed.case.court)
    with transaction.atomic():
        proposed = _locked_proposed(proposed)
        return proposed_order_transition(
            proposed=proposed, to=Status.AWAITING_SIGNATURE, actor=actor, request=request
        )


def case_judge(case: Case) -> User | None:
    """The judge of a case, as far as the record shows one: the judge of its latest order, or
    of its latest hearing, or the court's only judge; None when there is no telling."""
    latest_order = CourtOrder.objects.filter(case=case).order_by("-issued_at", "-pk").first()
    if latest_order is not None and latest_order.judge.is_active:
        return latest_order.judge
    hearing = case.hearings.select_related("judge").order_by("-starts_at", "-pk").first()
    if hearing is not None and hearing.judge.is_active:
        return hearing.judge
    judges = list(judges_of(case.court)[:2])
    return judges[0] if len(judges) == 1 else None


def proposed_order_from_filing(*, filing, entry: DocketEntry, clerk: User, request=None):
    """Put an accepted proposed order (a filing whose code has `proposed_order`) in the queue of
    the case's judge (case_judge; none: every judge of the court), inside the acceptance's
    transaction. Its lead document, docketed as filed, is what the judge signs."""
    document = entry_lead_document(entry)
    proposed = ProposedOrder.objects.create(
        case=entry.case,
        kind=CourtOrder.Kind.ORDER,
        title=one_line(filing.description or document.title)[:TITLE_MAX],
        filed_document=document,
        judge=case_judge(entry.case),
        prepared_by=filing.envelope.signer,
        created_at=clock.now(),
    )
    audit_record(
        action="proposed_order.filed",
        target=proposed,
        actor=clerk,
        request=request,
        details={"case": entry.case.number, "docket_number": entry.number, "filing": filing.pk},
    )
    return proposed_order_transition(
        proposed=proposed, to=Status.AWAITING_SIGNATURE, actor=clerk, request=request
    )


# --- Signing and returning -----------------------------------------------------------------------


def _judge_of_checked(*, judge: User, proposed: ProposedOrder) -> None:
    require(judge, Action.SIGN_ORDERS, court=proposed.case.court)
    if proposed.judge_id and proposed.judge_id != judge.pk:
        raise PermissionDenied(
            f"This {proposed_order_label(proposed)} waits for the signature of Judge "
            f"{one_line(proposed.judge.get_full_name())}."
        )


def _waiting(proposed: ProposedOrder) -> None:
    """Conflict unless `proposed` waits for a signature, saying what became of it (signed by
    whom and when, returned when, or still a draft) and linking to it, the order signed and
    the judge's queue."""
    if proposed.status == Status.AWAITING_SIGNATURE:
        return
    label, zone = proposed_order_label(proposed), proposed.case.court.time_zone
    links = {
        "proposed_order_url": reverse("proposed-order", args=[proposed.pk]),
        "queue_url": reverse("judge-orders-queue"),
    }
    when = (
        f" on {long_date(clock.to_local(proposed.decided_at, zone).date())}"
        if proposed.decided_at
        else ""
    )
    if proposed.status == Status.ISSUED and proposed.order_id:
        order = proposed.order
        links["order_url"] = reverse("order-detail", args=[order.case_id, order.pk])
        message = (
            f"This {label} was already signed by Judge {one_line(order.signed_by.get_full_name())}"
            f"{when} and issued as docket entry {order.docket_entry.number} in "
            f"{proposed.case.number}."
        )
    elif proposed.status == Status.RETURNED:
        by = f" by Judge {one_line(proposed.judge.get_full_name())}" if proposed.judge_id else ""
        message = (
            f"This {label} was already returned{by}{when} to "
            f"{one_line(proposed.prepared_by.get_full_name())}: it no longer waits for a "
            "signature."
        )
    else:
        message = f"This {label} is still a draft: it does not wait for a signature yet."
    raise Conflict(message, code="not_awaiting_signature", links=links)


def proposed_order_return(
    *, judge: User, proposed: ProposedOrder, note: str, request=None
) -> ProposedOrder:
    """The judge sends it back to the preparer with `note` (1 to RETURN_NOTE_MAX characters,
    one line); PermissionDenied for anyone but its judge, Conflict unless it waits."""
    _judge_of_checked(judge=judge, proposed=proposed)
    note = one_line(note)
    if not note or len(note) > RETURN_NOTE_MAX:
        raise ValidationFailed(
            f"Say what to change (at most {RETURN_NOTE_MAX} characters).", field="note"
        )
    with transaction.atomic():
        proposed = _locked_proposed(proposed)
        _waiting(proposed)
        return proposed_order_transition(
            proposed=proposed, to=Status.RETURNED, actor=judge, note=note, request=request
        )


def _signed_filed_pdf(
    proposed: ProposedOrder, judge: User, signature: str, issued_local: datetime, workdir: Path
) -> Path:
    """The filed proposed order's pages followed by the judge's signature page."""
    case, source = proposed.case, workdir / "proposed.pdf"
    name = proposed.filed_document.storage_name
    with storage.document_open(name) as original, open(source, "wb") as copy:
        shutil.copyfileobj(original, copy)
    page = workdir / "signature.pdf"
    page.write_bytes(
        signature_page_render(
            court_name=case.court.name,
            case_number=case.number,
            title=proposed.title,
            signature=signature,
            judge_name=judge.get_full_name(),
            issued_local=issued_local,
        )
    )
    signed = workdir / "signed.pdf"
    try:
        checker_pool().run(pdf_append, src=str(source), extra=str(page), dst=str(signed))
    except CheckerFailed as failure:
        raise ValidationFailed(pdf_refusal("The proposed order", failure)) from None
    return signed


def proposed_order_sign(
    *, judge: User, proposed: ProposedOrder, signature: str, request=None
) -> CourtOrder:
    """The judge signs and issues it: `signature` must read "/s/ <judge's full name>" (any
    case). The PDF is made (a written order rendered with the signature and today's date in
    the court's zone; a filed one with a signature page added), checked and stored; then one
    transaction dockets it as the next entry, records the CourtOrder (and a judgment's lines),
    marks the proposed order issued, audits and notices. PermissionDenied for anyone but its
    judge; Conflict unless it waits for a signature (re-checked under the row's lock)."""
    _judge_of_checked(judge=judge, proposed=proposed)
    _waiting(proposed)
    expected = judge_signature(judge)
    if one_line(signature).casefold() != expected.casefold():
        raise ValidationFailed(
            f'Type your electronic signature exactly as "{expected}".', field="signature"
        )
    case = proposed.case
    court = case.court
    kind = proposed.kind
    label = CourtOrder.Kind(kind).label
    lines = [_line(x) for x in proposed.judgment_lines]
    with docketing_files() as files:
        issued_at = clock.now()
        issued_local = clock.to_local(issued_at, court.time_zone)
        upload = None
        if proposed.filed_document_id:
            upload = document_check(
                path=_signed_filed_pdf(proposed, judge, expected, issued_local, files.workdir),
                name="The signed order",
                policy=court_policy(court=court),
                public=False,
                workdir=files.workdir,
                court_made=True,
            )
            source = upload.path
        else:
            source = files.workdir / "order.pdf"
            source.write_bytes(
                order_pdf_render(
                    court_name=court.name,
                    case_number=case.number,
                    caption=case.caption,
                    kind=kind,
                    title=proposed.title,
                    body_text=proposed.body_text,
                    judge_name=judge.get_full_name(),
                    signature=expected,
                    issued_local=issued_local,
                    lines=lines,
                )
            )
        stored = files.store(
            source, page_count=upload.page_count if upload else inspect_pdf(source).page_count
        )
        with transaction.atomic():
            number = counter_next(f"docket:{case.pk}")
            proposed = _locked_proposed(proposed)
            _waiting(proposed)
            text = (
                f"{sentence(labelled(label, proposed.title))} "
                f"Signed by Judge {one_line(judge.get_full_name())}."
            )
            preparer = proposed.prepared_by
            if proposed.filed_document_id:
                text += (
                    f" Proposed by {one_line(preparer.get_full_name())} (docket entry "
                    f"{proposed.filed_document.docket_entry.number})."
                )
            elif preparer.pk != judge.pk:
                text += f" Prepared by {one_line(preparer.get_full_name())}."
            entry = DocketEntry.objects.create(
                case=case,
                number=number,
                kind=DocketEntry.Kind.JUDGMENT
                if kind == CourtOrder.Kind.JUDGMENT
                else DocketEntry.Kind.ORDER,
                text=text,
                filed_at=issued_at,
                entered_by=judge,
                created_at=issued_at,
                security_level=case.security_level,
            )
            document = document_docket_new(
                entry=entry,
                stored=stored,
                title=proposed.title,
                original_name=f"{kind}-{case.number}.pdf",
                uploaded_by=judge,
                text_searchable=upload.text_searchable if upload else True,
                cleaned=upload.cleaned if upload else False,
                notes=upload.notes if upload else (),
                received_sha256=upload.received_sha256 if upload else "",
                received_size=upload.received_size if upload else None,
            )
            order = CourtOrder.objects.create(
                case=case,
                docket_entry=entry,
                kind=kind,
                title=proposed.title,
                judge=judge,
                signed_by=judge,
                issued_by=preparer,
                signature=expected,
                issued_at=issued_at,
                document=document,
            )
            JudgmentLine.objects.bulk_create(
                [
                    JudgmentLine(
                        order=order,
                        in_favor_of=line.in_favor_of,
                        against=line.against,
                        amount_cents=line.amount_cents,
                        description=line.description,
                    )
                    for line in lines
                ]
            )
            proposed.order = order
            proposed.save(update_fields=["order"])
            audit_record(
                action=f"{kind}.issued",
                target=order,
                actor=judge,
                request=request,
                details={
                    "case": case.number,
                    "docket_number": entry.number,
                    "title": proposed.title,
                    "judge": judge.pk,
                    "prepared_by": preparer.pk,
                    "proposed_order": proposed.pk,
                    "sha256": document.sha256,
                    "source": "filed" if proposed.filed_document_id else "written",
                    "lines": [
                        {
                            "in_favor_of": x.in_favor_of,
                            "against": x.against,
                            "cents": x.amount_cents,
                        }
                        for x in lines
                    ],
                },
            )
            event_record("docket.order_issued", order=order)
            proposed_order_transition(
                proposed=proposed, to=Status.ISSUED, actor=judge, request=request
            )
        return order


# --- Selectors -----------------------------------------------------------------------------------


def judgments_index(*, court=None, since=None):
    """Judgment lines for the public judgments index, newest first: public cases only."""
    lines = JudgmentLine.objects.filter(
        order__kind=CourtOrder.Kind.JUDGMENT, order__case__security_level=SecurityLevel.PUBLIC
    ).select_related("order__case__court", "order__judge", "order__docket_entry")
    if court is not None:
        lines = lines.filter(order__case__court=court)
    if since is not None:
        lines = lines.filter(order__issued_at__gte=since)
    return lines.order_by("-order__issued_at", "order_id", "pk")


def orders_of(case: Case):
    return CourtOrder.objects.filter(case=case).select_related(
        "docket_entry", "judge", "issued_by", "document"
    )


def orders_awaiting_signature(judge: User):
    """Proposed orders waiting for `judge`'s signature, oldest submitted first: those addressed
    to them, and those addressed to no judge in the courts they serve."""
    return (
        ProposedOrder.objects.filter(status=Status.AWAITING_SIGNATURE)
        .filter(
            Q(judge=judge)
            | Q(judge__isnull=True, case__court__in=judge.court_assignments.values("court"))
        )
        .select_related("case__court", "prepared_by", "judge", "filed_document")
        .order_by("submitted_at", "pk")
    )


def proposed_orders_of(case: Case):
    """A case's proposed orders that are not issued yet, oldest first."""
    return (
        ProposedOrder.objects.filter(case=case)
        .exclude(status=Status.ISSUED)
        .select_related("prepared_by", "judge")
        .order_by("created_at", "pk")
    )


def proposed_order_get(*, user: User, proposed_order_id: int, request=None) -> ProposedOrder:
    """A proposed order court staff of its court may see (a clerk or judge); NotFound alike for
    one that does not exist and one of another court. Showing one of a confidential or sealed
    case is audited."""
    proposed = court_work_get(
        user=user,
        action=Action.PREPARE_ORDERS,
        queryset=ProposedOrder.objects.select_related(
            "case__court", "prepared_by", "judge", "filed_document__docket_entry", "order"
        ),
        pk=proposed_order_id,
        court_of=lambda proposed: proposed.case.court,
        not_found="There is no such proposed order, or you may not see it.",
    )
    case_read_audit(user=user, case=proposed.case, request=request, what="proposed order")
    return proposed
