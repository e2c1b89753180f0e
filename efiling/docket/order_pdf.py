"""The PDF of an order: a written order rendered as a letter-size text PDF with the judge's
"/s/" signature and the date of signing, and the signature page added after a filed one's pages
(efiling.docket.signing)."""

from __future__ import annotations

import html
from collections.abc import Iterable
from datetime import datetime

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, Spacer

from efiling.core.pdf_fonts import SERIF, SERIF_BOLD, letter_pdf, pdf_fonts_register
from efiling.core.words import MONTHS, labelled, one_line
from efiling.docket.orders import JudgmentLineInput
from efiling.docket.orders_models import CourtOrder
from efiling.filings.receipt import format_money

SO_ORDERED = "SO ORDERED."

pdf_fonts_register()
_BODY = ParagraphStyle("order-body", fontName=SERIF, fontSize=12, leading=17, spaceAfter=9)
_CENTER = ParagraphStyle("order-center", parent=_BODY, alignment=1, spaceAfter=2)
_COURT = ParagraphStyle("order-court", parent=_CENTER, fontName=SERIF_BOLD, fontSize=13)
_TITLE = ParagraphStyle(
    "order-title", parent=_CENTER, fontName=SERIF_BOLD, fontSize=14, spaceBefore=18, spaceAfter=14
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
    """The order as a letter-size text PDF (the embedded document font, reproducible)."""
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
    return letter_pdf(
        story,
        title=title,
        author=one_line(judge_name),
        subject=f"{one_line(court_name)}: {case_number}",
    )


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
