"""Orders and judgments: prepared, waiting in the judge's queue, signed by the judge alone.

A proposed order (ProposedOrder) is either written by the court's staff (a clerk, or the judge:
`proposed_order_prepare`, a draft until submitted) or filed by an attorney (a filing whose code
is a proposed order: accepted, it goes to the queue, `proposed_order_from_filing`). It waits
for the judge of the case (or the judge chosen; none: any judge of the court), who alone signs
and issues it (`proposed_order_sign`) or returns it with a note (`proposed_order_return`); a
returned written order is revised and submitted again. Every status change goes through
`proposed_order_transition` (TRANSITIONS), which audits it and records it as an event (the
service app tells the one who acts next).

Signing (efiling.docket.signing) makes the order's PDF (efiling.docket.order_pdf): a written
order is rendered to a text PDF with "/s/ Judge Name" and the date of signing; a filed one gets
a signature page after its pages (joined in a checker process, decision 0008). The PDF is
checked and stored first; then in one short transaction the next docket entry is written with
it, the order (and a judgment's parties and amounts) is recorded, audited, and recorded as an
event (the service app tells every attorney of record). If the transaction fails, the stored
file is deleted again (docketing_files). The stamped copy follows from
background work (efiling.docket.tasks).

Events (efiling.core.events; efiling.service.handlers answers them):
"docket.proposed_order_moved" (proposed: in its new status; actor; note: why it was returned,
or ""), "docket.order_issued" (order: the CourtOrder, with its docket_entry and kind; recorded
by signing.py). The reads (the judge's queue, a case's orders, the judgments index) are in
efiling.docket.selectors.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction

from efiling.accounts.models import Role, User
from efiling.accounts.permissions import Action, require_write
from efiling.audit.services import audit_record
from efiling.cases.models import Case, Party
from efiling.core import clock
from efiling.core.columns import column_max_length
from efiling.core.errors import Conflict, NotFound, ValidationFailed
from efiling.core.events import event_record
from efiling.core.words import one_line
from efiling.docket.documents import entry_lead_document
from efiling.docket.models import DocketEntry
from efiling.docket.orders_models import CourtOrder, JudgmentLine, ProposedOrder

DESCRIPTION_MAX = column_max_length(JudgmentLine, "description")

TITLE_MAX = 200
RETURN_NOTE_MAX = column_max_length(ProposedOrder, "return_note")
# The text of an order is drawn into its PDF and kept on the proposed order until then.
ORDER_TEXT_MAX = 50_000
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


def judgment_line_input(value) -> JudgmentLineInput:
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
            judgment_line_input(
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
        raise ValidationFailed(
            "Choose the kind of order: "
            + ", ".join(str(label).lower() for label in CourtOrder.Kind.labels)
            + ".",
            field="kind",
        )
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
    if kind != CourtOrder.Kind.JUDGMENT and lines:
        raise ValidationFailed(
            "Only a judgment records parties and amounts.", field="judgment_lines"
        )
    return title, body_text, lines


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


def proposed_order_locked(proposed: ProposedOrder) -> ProposedOrder:
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
    require_write(actor, Action.PREPARE_ORDERS, court=court)
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
        proposed = proposed_order_locked(proposed)
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
    require_write(actor, Action.PREPARE_ORDERS, court=proposed.case.court)
    with transaction.atomic():
        proposed = proposed_order_locked(proposed)
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
