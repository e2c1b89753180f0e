"""The font of the PDFs the system writes (orders, summonses, filing and payment receipts):
Source Serif Pro, shipped by the Python dependency font-source-serif-pro (SIL Open Font
License 1.1), so that no machine depends on its system fonts. Registered with reportlab once,
embedded in each PDF as a subset of the characters it uses (the standard Times and Helvetica are
not embedded and print only Latin-1: "Łukasz" lost its "Ł").

It covers the Latin alphabets (Latin-1, Latin Extended-A and B, Vietnamese), Greek and
Cyrillic, not Chinese, Japanese or Korean: `missing_characters` names what a text would lose,
for the places that must refuse it (a summons names its party exactly).
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

import font_source_serif_pro
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import SimpleDocTemplate

SERIF = "DocumentSerif"
SERIF_BOLD = "DocumentSerif-Bold"
_FILES = Path(font_source_serif_pro.__file__).parent / "files"


@functools.cache
def pdf_fonts_register() -> None:
    """Register SERIF and SERIF_BOLD (one family: <b> in a paragraph is the bold face) with
    reportlab; idempotent."""
    pdfmetrics.registerFont(TTFont(SERIF, str(_FILES / "SourceSerifPro-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(SERIF_BOLD, str(_FILES / "SourceSerifPro-Bold.ttf")))
    pdfmetrics.registerFontFamily(SERIF, normal=SERIF, bold=SERIF_BOLD)


@functools.cache
def _covered() -> frozenset[int]:
    pdf_fonts_register()
    regular = pdfmetrics.getFont(SERIF).face.charToGlyph
    bold = pdfmetrics.getFont(SERIF_BOLD).face.charToGlyph
    return frozenset(regular.keys() & bold.keys())


def missing_characters(text: str) -> list[str]:
    """The distinct characters of `text` the document font cannot print (spaces, controls and
    invisible marks aside), in order of first appearance; [] when it prints all of it."""
    covered = _covered()
    missing: list[str] = []
    for ch in text:
        if ord(ch) not in covered and ch.isprintable() and not ch.isspace() and ch not in missing:
            missing.append(ch)
    return missing


def letter_pdf(story: list, *, title: str, author: str, subject: str) -> bytes:
    """`story` (reportlab flowables) as a letter-size PDF with one-inch margins, reproducible
    (no dates or ids of its own: the same story gives the same bytes), its properties naming
    `title`, `author` and `subject` (orders, summonses)."""
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=inch,
        rightMargin=inch,
        topMargin=inch,
        bottomMargin=inch,
        title=title,
        author=author,
        subject=subject,
        creator="efiling",
        lang="en-US",
        invariant=1,
    ).build(story)
    return buffer.getvalue()
