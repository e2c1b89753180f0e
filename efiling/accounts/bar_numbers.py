"""Missouri bar numbers as people type them. The roster keeps a number exactly as the Bar wrote
it, leading zeros included (BarMember.bar_number, at most BAR_NUMBER_DIGITS digits), and never
holds two numbers that differ only in leading zeros (accounts.roster refuses the second): so a
typed number names at most one member whatever zeros lead it, and "0061001", "061001" and
"61001" are the same attorney."""

from __future__ import annotations

BAR_NUMBER_DIGITS = 10  # BarMember.bar_number's max_length


def bar_number_key(bar_number: str) -> str:
    """`bar_number` (digits) without its leading zeros: two spellings of one number share this
    key ("0061001" and "61001" -> "61001"; "000" -> "0")."""
    return bar_number.lstrip("0") or "0"


def bar_number_spellings(bar_number: str) -> list[str]:
    """Every way the roster may hold the typed `bar_number` (digits): its key with 0 to
    BAR_NUMBER_DIGITS - len(key) leading zeros, so that a lookup `bar_number__in=` it is
    answered by the unique index ("0061001" -> ["61001", "061001", ..., "0000061001"])."""
    key = bar_number_key(bar_number)
    return [key.rjust(width, "0") for width in range(len(key), BAR_NUMBER_DIGITS + 1)]
