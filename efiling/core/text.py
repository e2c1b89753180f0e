"""The one place where text that people send is made fit to keep, or refused in their words.

Every text input, API and forms alike, goes through `clean_text`: normalised to Unicode NFC and
trimmed, then refused (ValidationFailed, 422, naming the field) when it holds what no person
means to type and what would break storage or display: control characters (NUL included), lone
surrogates, bidi override/embedding/isolate controls (U+202A-U+202E, U+2066-U+2069: a name with
U+202E reverses the docket text after it), nothing visible at all, or more characters than its
column holds. Nothing is cut or silently changed. Joiners and marks that real names use (ZWNJ,
ZWJ, LRM, RLM) are kept inside visible text. Secrets (passwords, tokens, Idempotency-Keys) go
through `check_secret` instead: never trimmed or normalised, only refused.

File names are the exception to "refuse, never change": a file's name comes from the sender's
disk, not their keyboard, so `file_display_name` makes any name safe to keep and show, and
`content_disposition` sends it (RFC 6266). `parse_int` is the one way user text becomes an int.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from urllib.parse import quote

from efiling.core.clock import FIRST_DATE, LAST_DATE
from efiling.core.errors import ValidationFailed

# Bidi embedding and override controls (LRE, RLE, PDF, LRO, RLO) and isolates (LRI, RLI, FSI,
# PDI): they reorder the text around them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# What text_problem looks for: control characters (Unicode category Cc), surrogates, BIDI_CONTROLS.
_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Letters and symbols that draw nothing (Hangul fillers, the braille blank).
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Characters that are markup, or unsafe in a file name on some system.
FILE_NAME_UNSAFE = frozenset("<>:\"|?*'`/\\")
DEFAULT_FILE_NAME = "document.pdf"
# The largest integer any id or number column of ours holds (PostgreSQL bigint).
INT_MAX = 2**63 - 1


def _label(field: str, label: str | None) -> str:
    return label or field.replace("_", " ")


def _visible(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] not in "ZC" and ch not in BLANK_LETTERS


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """What makes `value` unfit to keep, in words that finish "The <field> ...", or None.
    Checks NUL and the other control characters (a multiline value may hold line breaks and
    tabs), lone surrogates and bidi controls; not length or visibility."""
    allowed = "\n\t" if multiline else ""
    for match in _FORBIDDEN.finditer(value):
        ch = match.group()
        code = ord(ch)
        if ch in allowed:
            continue
        if 0xD800 <= code <= 0xDFFF:
            return "holds a character that is not valid Unicode (a lone surrogate)"
        if ch in BIDI_CONTROLS:
            return (
                f"holds an invisible direction control (U+{code:04X}), which reorders the "
                "text around it"
            )
        if ch == "\x00":
            return "holds a NUL character"
        if ch in "\r\n":
            return "must be on one line"
        return f"holds a control character (U+{code:04X})"
    return None


def clean_text(
    value: str,
    *,
    field: str,
    max_length: int,
    required: bool = False,
    multiline: bool = False,
    label: str | None = None,
) -> str:
    """`value` in NFC, trimmed (a multiline value keeps its line breaks, as \\n, and tabs), or
    ValidationFailed (422) naming `field` ("The <label> ..."; the label defaults to the field
    name in words). Refused: control characters, lone surrogates, bidi controls, text with
    nothing visible, more than `max_length` characters after NFC, and nothing at all when
    `required`. An empty value is "" (the caller decides whether it may be empty)."""
    words = _label(field, label)
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    problem = text_problem(value, multiline=multiline)
    if problem:
        raise ValidationFailed(f"The {words} {problem}: remove it.", field=field)
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        if required:
            raise ValidationFailed(f"Give the {words}.", field=field)
        return ""
    if not any(_visible(ch) for ch in text):
        raise ValidationFailed(
            f"The {words} has no visible characters (only spaces or invisible ones).", field=field
        )
    if len(text) > max_length:
        raise ValidationFailed(
            f"The {words} is at most {max_length:,} characters ({len(text):,} given).", field=field
        )
    return text


def check_secret(
    value: str, *, field: str, max_length: int | None, label: str | None = None
) -> str:
    """A password, token or key exactly as sent (never trimmed or normalised), or
    ValidationFailed naming `field` when it holds NUL or a lone surrogate, or is longer than
    `max_length` (where it is stored; None: not stored as sent, as a password is hashed)."""
    words = _label(field, label)
    if "\x00" in value or _SURROGATE.search(value):
        raise ValidationFailed(
            f"The {words} holds a NUL character or a lone surrogate: it cannot be valid.",
            field=field,
        )
    if max_length is not None and len(value) > max_length:
        raise ValidationFailed(f"The {words} is at most {max_length} characters.", field=field)
    return value


def parse_int(
    value,
    *,
    field: str,
    label: str | None = None,
    minimum: int = 0,
    maximum: int = INT_MAX,
) -> int:
    """User text as an int: ASCII digits only (an optional leading minus when `minimum` < 0),
    within [minimum, maximum]; ValidationFailed naming `field` otherwise. `int()` alone takes
    "\\u0661" (Arabic-Indic one) as 1 and fails on "\\u00b2" although that isdigit()."""
    words = _label(field, label)
    text = value.strip() if isinstance(value, str) else str(value)
    digits = text[1:] if text.startswith("-") and minimum < 0 else text
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 19:
        raise ValidationFailed(f"The {words} must be a whole number.", field=field)
    number = int(text)
    if not minimum <= number <= maximum:
        raise ValidationFailed(f"The {words} must be between {minimum} and {maximum}.", field=field)
    return number


def date_in_range(value: date, *, field: str, label: str | None = None) -> date:
    """A date the system can count with (efiling.core.clock.FIRST_DATE to LAST_DATE: the
    years the court calendar covers), or ValidationFailed naming `field`."""
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValidationFailed(
            f"The {_label(field, label)} must be between {FIRST_DATE.isoformat()} and "
            f"{LAST_DATE.isoformat()}.",
            field=field,
        )
    return value


def _shorten(text: str, limit: int) -> str:
    """Text the system derives (never text a person typed) cut to at most `limit` characters:
    at the last word boundary when one lies in the second half, else at the limit."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    boundary = cut.rstrip().rfind(" ")
    return (cut[:boundary] if boundary > limit // 2 else cut).rstrip(" .-_")


def file_display_name(name: str | None, *, max_length: int = 255) -> str:
    """A file's name fit to keep and show: the last path component (for / and \\ alike); no
    control, format (bidi, zero-width), surrogate or markup characters (<>:"|?* and quotes);
    NFC; spaces collapsed; ending in ".pdf" (appended: "invoice.exe" -> "invoice.exe.pdf");
    at most `max_length` characters, cut before the extension. "..", "." or nothing left ->
    "document.pdf"."""
    text = re.split(r"[\\/]", name or "")[-1]
    text = unicodedata.normalize("NFC", text)
    text = "".join(
        ch
        for ch in text
        if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
        and ch not in FILE_NAME_UNSAFE
    )
    text = " ".join(text.split()).strip(" .")
    if not text:
        return DEFAULT_FILE_NAME
    if not text.lower().endswith(".pdf"):
        text += ".pdf"
    stem, extension = text[: -len(".pdf")], text[-len(".pdf") :]
    if len(text) > max_length:
        stem = _shorten(stem, max_length - len(extension)) or "document"
    return f"{stem}{extension}"


def file_title(name: str | None, *, max_length: int) -> str:
    """The title a document takes from its file name when none is given: the display name
    without ".pdf", shortened at a word boundary to fit its column."""
    stem = file_display_name(name)[: -len(".pdf")].strip() or "document"
    return _shorten(stem, max_length)


def content_disposition(name: str, *, disposition: str = "inline") -> str:
    """A Content-Disposition header value for a file name (RFC 6266 and 8187): an ASCII
    fallback in `filename=` and the full UTF-8 name in `filename*=`."""
    display = file_display_name(name)
    fallback = "".join(
        ch if ch.isascii() and (ch.isalnum() or ch in " .-_()") else "_"
        for ch in unicodedata.normalize("NFKD", display)
        if not unicodedata.combining(ch)
    )
    fallback = re.sub(r"_+", "_", fallback).strip(" _")
    if not fallback[: -len(".pdf")].strip(" _."):
        fallback = DEFAULT_FILE_NAME
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(display, safe='')}"
