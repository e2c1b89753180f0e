"""The PDF of a summons (issue 14): a letter-size text PDF, as the docket draws orders
(efiling.docket.order_pdf), with the court, the case number and caption, the party summoned and
the address it is to be served at, the petition, the time to answer and how it is counted, the
date by which it is served and returned (Rule 54.21), and the clerk's electronic signature with
the date of issue."""

from __future__ import annotations

import html
from datetime import date

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, Spacer

from efiling.core.pdf_fonts import SERIF, SERIF_BOLD, letter_pdf, pdf_fonts_register
from efiling.core.words import long_date, one_line, sentence

pdf_fonts_register()
_BODY = ParagraphStyle("summons-body", fontName=SERIF, fontSize=12, leading=17, spaceAfter=9)
_CENTER = ParagraphStyle("summons-center", parent=_BODY, alignment=1, spaceAfter=2)
_COURT = ParagraphStyle("summons-court", parent=_CENTER, fontName=SERIF_BOLD, fontSize=13)
_TITLE = ParagraphStyle(
    "summons-title", parent=_CENTER, fontName=SERIF_BOLD, fontSize=14, spaceBefore=18
)
_SIGNATURE = ParagraphStyle("summons-sig", parent=_BODY, leftIndent=3.25 * inch, spaceAfter=0)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(html.escape(one_line(text), quote=False), style)


def summons_pdf_render(
    *,
    court_name: str,
    case_number: str,
    caption: str,
    title: str,
    party_name: str,
    address_lines: list[str],
    petition: str,
    filed_on: date,
    answer_days: int | None,
    runs_from: str,
    appearance: str = "",
    served_by: str,
    clerk_signature: str,
    issued_on: date,
    return_by: date,
) -> bytes:
    """The summons as PDF bytes (the embedded document font, efiling.core.pdf_fonts;
    reproducible: no dates or ids of its own). `title` is "Summons" or "Alias summons";
    `runs_from` what the answer period runs from ("service", "first publication"); `served_by`
    who is to serve it, in words; `return_by` the last day to serve it and the day its return
    is due (summons_expiry.summons_return_by). `appearance` (associate circuit: "on <date> at
    <time> in <division>", service.summons.appearance_words) replaces the answer period with
    the return date the party must appear on (courts.return_dates)."""
    story = [
        _p(f"IN THE {court_name.upper()}", _COURT),
        Spacer(1, 8),
        _p(caption, _CENTER),
        _p(f"Case No. {case_number}", _CENTER),
        _p(title.upper(), _TITLE),
        _p(f"The State of Missouri to: {party_name}", _BODY),
        *[_p(line, _BODY) for line in address_lines],
        _p(
            f"You are summoned to answer the {petition.lower()} filed on {long_date(filed_on)}, "
            + "a copy of which is attached. "
            + sentence(f"You must appear before this court {appearance}")
            + " If you fail to appear, judgment by default may be taken against you for the "
            "relief demanded in the petition.",
            _BODY,
        )
        if appearance
        else _p(
            f"You are summoned to appear before this court and to file your pleading to the "
            f"{petition.lower()} filed on {long_date(filed_on)}, a copy of which is attached, "
            f"and to serve a copy of your pleading upon the attorney for the petitioner, within "
            f"{answer_days} days after {runs_from}, exclusive of the day of {runs_from}. If "
            "you fail to file your pleading, judgment by default may be taken against you for "
            "the relief demanded in the petition.",
            _BODY,
        ),
        _p(f"To be served by: {served_by}.", _BODY),
        _p(
            f"This summons is to be served, and returned to the court, by {long_date(return_by)}"
            " (Rule 54.21); if it cannot be served, it is returned by then with the reason.",
            _BODY,
        ),
        Spacer(1, 18),
        _p(clerk_signature, _SIGNATURE),
        _p("Clerk of the Court", _SIGNATURE),
        _p(f"Issued {long_date(issued_on)}", _SIGNATURE),
    ]
    return letter_pdf(
        story,
        title=f"{title}: {one_line(party_name)}",
        author=one_line(court_name),
        subject=f"{one_line(court_name)}: {case_number}",
    )
