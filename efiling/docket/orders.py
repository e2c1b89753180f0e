"""Orders and judgments issued by the court into a case.

A judge, or a clerk for the judge, issues an order or a judgment: either written in a simple form
(rendered here to a text PDF) or an uploaded PDF (checked like any filed PDF). The PDF is stored
first; then in one short transaction the next docket entry is written with it, the order (and a
judgment's parties and amounts) is recorded, audited, and every attorney of record gets a notice.
If the transaction fails, the stored file is deleted again (docketing_files). The stamped copy
follows from background work (efiling.docket.tasks).
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.db import transaction
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from efiling.accounts.models import Role, User
from efiling.accounts.permissions import Action, require
from efiling.audit.services import audit_record
from efiling.cases.access import case_notice_recipients
from efiling.cases.models import Case, SecurityLevel
from efiling.core import clock
from efiling.core.columns import column_max_length
from efiling.core.counters import counter_next
from efiling.core.errors import ValidationFailed
from efiling.core.words import MONTHS, labelled, one_line, sentence
from efiling.courts.services import court_policy
from efiling.docket.documents import docketing_files, document_docket_new
from efiling.docket.models import DocketEntry
from efiling.docket.orders_models import CourtOrder, JudgmentLine
from efiling.documents.pdf import inspect_pdf
from efiling.filings.receipt import format_money
from efiling.filings.services import document_check
from efiling.service.models import Notice
from efiling.service.services import notices_record

DESCRIPTION_MAX = column_max_length(JudgmentLine, "description")

TITLE_MAX = 200
SO_ORDERED = "SO ORDERED."


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


def _validated(
    *, actor, case: Case, judge: User, kind: str, title: str, body_text, pdf_path, judgment_lines
) -> tuple[str, list[JudgmentLineInput]]:
    require(actor, Action.ISSUE_ORDERS, court=case.court)
    if kind not in CourtOrder.Kind.values:
        raise ValidationFailed("Choose order or judgment.", field="kind")
    if not case.number:
        raise ValidationFailed("The case has no number yet: it has not been opened.")
    if (
        judge is None
        or judge.role != Role.JUDGE
        or not judge.is_active
        or not judge.court_assignments.filter(court=case.court).exists()
    ):
        raise ValidationFailed(f"Choose a judge assigned to the {case.court.name}.", field="judge")
    if actor.role == Role.JUDGE and actor.pk != judge.pk:
        raise ValidationFailed(
            "A judge issues orders under their own signature; a clerk may enter them for a judge.",
            field="judge",
        )
    title = one_line(title)
    if not title:
        raise ValidationFailed("Give the order a title.", field="title")
    if len(title) > TITLE_MAX:
        raise ValidationFailed(f"The title is at most {TITLE_MAX} characters.", field="title")
    has_body = bool(body_text and body_text.strip())
    if has_body == (pdf_path is not None):
        raise ValidationFailed(
            "Write the text of the order or upload its PDF (one of the two).", field="body"
        )
    lines = [_line(item) for item in judgment_lines or ()]
    if kind == CourtOrder.Kind.JUDGMENT and not lines:
        raise ValidationFailed(
            "A judgment records at least one line: in favor of whom, against whom, and the amount.",
            field="judgment_lines",
        )
    if kind == CourtOrder.Kind.ORDER and lines:
        raise ValidationFailed(
            "Only a judgment records parties and amounts.", field="judgment_lines"
        )
    return title, lines


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
    story += [
        Spacer(1, 6),
        Paragraph(SO_ORDERED, _BODY),
        Spacer(1, 18),
        Paragraph(_esc(signature), _SIGNATURE),
        Paragraph(f"Judge {_esc(one_line(judge_name))}", _SIGNATURE),
        Paragraph(_esc(_long_date(issued_local)), _SIGNATURE),
    ]
    buffer = io.BytesIO()
    label = CourtOrder.Kind(kind).label
    SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=inch,
        rightMargin=inch,
        topMargin=inch,
        bottomMargin=inch,
        title=labelled(label, title),
        author=one_line(judge_name),
        subject=f"{one_line(court_name)}: {case_number}",
        creator="efiling",
        lang="en-US",
        invariant=1,
    ).build(story)
    return buffer.getvalue()


# --- The service ---------------------------------------------------------------------------------


def order_issue(
    *,
    actor: User,
    case: Case,
    judge: User,
    kind: str,
    title: str,
    body_text: str | None = None,
    pdf_path: Path | None = None,
    judgment_lines: Iterable = (),
    signature: str | None = None,
    request=None,
) -> CourtOrder:
    """Issue an order or judgment into `case`, signed electronically by `judge`.

    `signature`, when given (the page asks the issuer to type it), must read "/s/ <judge's name>".
    """
    title, lines = _validated(
        actor=actor,
        case=case,
        judge=judge,
        kind=kind,
        title=title,
        body_text=body_text,
        pdf_path=pdf_path,
        judgment_lines=judgment_lines,
    )
    expected = judge_signature(judge)
    if signature is not None and one_line(signature).casefold() != expected.casefold():
        raise ValidationFailed(
            f'Type the electronic signature exactly as "{expected}".', field="signature"
        )
    court = case.court
    label = CourtOrder.Kind(kind).label
    with docketing_files() as files:
        issued_at = clock.now()
        issued_local = clock.to_local(issued_at, court.time_zone)
        source, upload = files.workdir / "order.pdf", None
        if pdf_path is not None:
            upload = document_check(
                path=Path(pdf_path),
                name="The PDF",
                policy=court_policy(court=court),
                public=False,
                workdir=files.workdir,
                court_made=True,
                field="pdf",
            )
            source = upload.path
        else:
            source.write_bytes(
                order_pdf_render(
                    court_name=court.name,
                    case_number=case.number,
                    caption=case.caption,
                    kind=kind,
                    title=title,
                    body_text=body_text,
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
            signed = f"Signed by Judge {one_line(judge.get_full_name())}."
            text = f"{sentence(labelled(label, title))} {signed}"
            if actor.pk != judge.pk:
                text += f" Entered by {one_line(actor.get_full_name())} for the judge."
            entry = DocketEntry.objects.create(
                case=case,
                number=counter_next(f"docket:{case.pk}"),
                kind=DocketEntry.Kind.JUDGMENT
                if kind == CourtOrder.Kind.JUDGMENT
                else DocketEntry.Kind.ORDER,
                text=text,
                filed_at=issued_at,
                entered_by=actor,
                created_at=issued_at,
                security_level=case.security_level,
            )
            document = document_docket_new(
                entry=entry,
                stored=stored,
                title=title,
                original_name=f"{kind}-{case.number}.pdf",
                uploaded_by=actor,
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
                title=title,
                judge=judge,
                signed_by=judge,
                issued_by=actor,
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
            audit_record(
                action=f"{kind}.issued",
                target=order,
                actor=actor,
                request=request,
                details={
                    "case": case.number,
                    "docket_number": entry.number,
                    "title": title,
                    "judge": judge.pk,
                    "issued_by": actor.pk,
                    "for_the_judge": actor.pk != judge.pk,
                    "sha256": document.sha256,
                    "source": "upload" if pdf_path is not None else "written",
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
            notices_record(
                recipients=case_notice_recipients(case),
                kind=Notice.Kind.JUDGMENT
                if kind == CourtOrder.Kind.JUDGMENT
                else Notice.Kind.ORDER,
                case=case,
                subject=f"{case.number}: {label.lower()} entered (docket entry {entry.number})",
                body=text,
                entry=entry,
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
