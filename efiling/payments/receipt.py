"""The receipt of a deposit, as a PDF: letter size, text-extractable (standard fonts),
reproducible (reportlab's invariant mode, the payment time as the creation date). Built
outside any transaction from a completed Deposit."""

from __future__ import annotations

import io

from django.conf import settings
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from efiling.core import clock
from efiling.core.pdf_fonts import SERIF, SERIF_BOLD, pdf_fonts_register
from efiling.core.words import MONTHS, one_line
from efiling.payments.models import Deposit
from efiling.payments.services import format_money

TITLE = "Payment receipt"
PROVIDERS = {"demo": "Demo checkout (test cards, no real money)", "stripe": "Card (Stripe)"}


def paid_at_text(deposit: Deposit) -> str:
    """'November 29, 2026, 3:04 p.m. CST' in the system's default time zone."""
    local = clock.to_local(deposit.decided_at, settings.EFILING_DEFAULT_TIME_ZONE)
    hour = local.hour % 12 or 12
    meridiem = "a.m." if local.hour < 12 else "p.m."
    return (
        f"{MONTHS[local.month - 1]} {local.day}, {local.year}, {hour}:{local.minute:02d} "
        f"{meridiem} {local.tzname()}"
    )


def receipt_lines(deposit: Deposit) -> list[tuple[str, str]]:
    """The receipt's facts, label and value, as the page and the PDF show them."""
    owner = deposit.account.owner
    lines = [
        ("Reference", deposit.reference),
        ("Amount", f"{format_money(deposit.amount_cents)} (USD)"),
        ("Paid", paid_at_text(deposit)),
        ("Payment account of", f"{owner.get_full_name()} ({owner.email})"),
        ("Paid by", deposit.started_by.get_full_name()),
        ("Paid through", PROVIDERS.get(deposit.provider, deposit.provider)),
        ("Provider's confirmation", deposit.event_id or ""),
        ("Ledger entry", f"#{deposit.entry_id}"),
    ]
    return [(label, one_line(value)) for label, value in lines]


def deposit_receipt_pdf(deposit: Deposit) -> bytes:
    """The receipt of a completed deposit as PDF bytes."""
    local = clock.to_local(deposit.decided_at, settings.EFILING_DEFAULT_TIME_ZONE)
    offset = int(local.utcoffset().total_seconds()) // 60
    sign, (hours, minutes) = "-" if offset < 0 else "+", divmod(abs(offset), 60)
    pdf_date = f"D:{local:%Y%m%d%H%M%S}{sign}{hours:02d}'{minutes:02d}'"
    pdf_fonts_register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1, lang="en-US")
    canvas.setDateFormatter(lambda *_ignored: pdf_date)
    canvas.setTitle(f"{TITLE} {deposit.reference}")
    canvas.setAuthor("efiling")
    canvas.setCreator("efiling")
    top = LETTER[1] - inch
    canvas.setFont(SERIF_BOLD, 18)
    canvas.drawString(inch, top, TITLE)
    y = top - 0.5 * inch
    for label, value in receipt_lines(deposit):
        canvas.setFont(SERIF_BOLD, 11)
        canvas.drawString(inch, y, f"{label}:")
        canvas.setFont(SERIF, 11)
        canvas.drawString(inch + 2.1 * inch, y, value[:80])
        y -= 0.3 * inch
    canvas.setFont(SERIF, 9)
    canvas.drawString(
        inch, y - 0.3 * inch, "The money is in the payment account; filing fees are held from it."
    )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
