"""The one place where text that people send is made fit to keep, or refused in their words.

Every text input, API and forms alike, goes through `clean_text`: normalised to Unicode NFC and
trimmed, then refused (ValidationFailed, 422, naming the field) when it holds what no person
means to type and what would break storage, search or display (`text_problem`):
- control characters (NUL included; a multiline value may hold line breaks and tabs), and the
  line and paragraph separators U+2028/U+2029 in a one-line value (a multiline value takes them
  as line breaks, as it takes \r\n);
- lone surrogates, and U+FFFD, the mark a decoder leaves for bytes that were not UTF-8 (Django
  decodes form bodies with replacement: refusing U+FFFD is how a form value that was not valid
  UTF-8 is refused rather than stored as "\ufffd\ufffdname");
- bidi override/embedding/isolate controls (U+202A-U+202E, U+2066-U+2069: a name with U+202E
  reverses the docket text after it) and every other invisible format character (Unicode
  category Cf: zero-width space, word joiner, soft hyphen, byte order mark, the invisible tag
  characters U+E0000-U+E007F, the interlinear annotation marks U+FFF9-U+FFFB, ...), except
  those real names need inside visible text: ZWNJ and ZWJ (Persian, Indic scripts), LRM and
  RLM, and the Arabic letter mark U+061C (the direction marks of mixed-script names). The soft
  hyphen is refused: no name needs it, and a name holding one no longer matches a search;
- private-use characters (each system draws its own glyph) and noncharacters (U+FDD0-U+FDEF,
  U+nFFFE, U+nFFFF);
- text with nothing visible (only spaces, invisible characters or combining marks);
- more characters than its column holds.
Nothing is cut or silently changed. Secrets (passwords, tokens, Idempotency-Keys) go through
`check_secret` instead: never trimmed or normalised, only refused.

File names are the exception to "refuse, never change": a file's name comes from the sender's
disk, not their keyboard, so `file_display_name` makes any name safe to keep and show, and
`content_disposition` sends it (RFC 6266). `parse_int` is the one way user text becomes an int,
`parse_date` the one way it becomes a date (YYYY-MM-DD in ASCII digits, within the calendar).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, time
from urllib.parse import quote

from efiling.core.clock import FIRST_DATE, LAST_DATE
from efiling.core.errors import ValidationFailed
from efiling.core.words import field_phrase, field_subject, month_day_year

# Bidi embedding and override controls (LRE, RLE, PDF, LRO, RLO) and isolates (LRI, RLI, FSI,
# PDI): they reorder the text around them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# The format characters (category Cf) real names need inside visible text: ZWNJ, ZWJ, LRM, RLM
# and the Arabic letter mark.
KEPT_FORMAT_CHARACTERS = frozenset("\u200c\u200d\u200e\u200f\u061c")
LINE_SEPARATORS = "\u2028\u2029"
REPLACEMENT_CHARACTER = "\ufffd"
# Everything but printable ASCII: the characters text_problem looks at one by one (ASCII text,
# the most common, costs one regular-expression scan).
_NOT_PRINTABLE_ASCII = re.compile("[^\x20-\x7e]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Letters and symbols that draw nothing (Hangul fillers, the braille blank).
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Characters that are markup, or unsafe in a file name on some system.
FILE_NAME_UNSAFE = frozenset("<>:\"|?*'`/\\")
DEFAULT_FILE_NAME = "document.pdf"
# The largest integer any id or number column of ours holds (PostgreSQL bigint).
INT_MAX = 2**63 - 1


def _label(field: str, label: str | None) -> str:
    """The field as the subject of a message: its label (or its name in words) with its
    article, "The last name", "Your electronic signature" (efiling.core.words.field_subject)."""
    return field_subject(label or field.replace("_", " "))


def _visible(ch: str) -> bool:
    """Draws something on its own: a letter, digit, punctuation or symbol (not a space, a
    combining mark, an invisible character or a blank letter)."""
    return unicodedata.category(ch)[0] in "LNPS" and ch not in BLANK_LETTERS


def _noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def _character_problem(ch: str) -> str | None:
    """What is wrong with one character that is not printable ASCII (line breaks and tabs
    aside, which the caller allows or not), or None."""
    code = ord(ch)
    category = unicodedata.category(ch)
    if category == "Cs":
        return "holds a character that is not valid Unicode (a lone surrogate)"
    if ch == "\x00":
        return "holds a NUL character"
    if ch in "\r\n" or ch in LINE_SEPARATORS:
        return "must be on one line"
    if category == "Cc":
        return f"holds a control character (U+{code:04X})"
    if ch == REPLACEMENT_CHARACTER:
        return (
            "holds U+FFFD, the mark of a character that could not be read (text that was not "
            "valid UTF-8, or copied from a damaged file)"
        )
    if ch in BIDI_CONTROLS:
        return (
            f"holds an invisible direction control (U+{code:04X}), which reorders the "
            "text around it"
        )
    if category == "Cf" and ch not in KEPT_FORMAT_CHARACTERS:
        if 0xE0000 <= code <= 0xE007F:
            return f"holds an invisible tag character (U+{code:04X})"
        return f"holds an invisible formatting character (U+{code:04X})"
    if category == "Co":
        return (
            f"holds a private-use character (U+{code:04X}), which each system draws "
            "differently or not at all"
        )
    if _noncharacter(code):
        return f"holds a noncharacter (U+{code:04X}), which is not text"
    return None


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """What makes `value` unfit to keep, in words that finish "The <field> ...", or None: the
    characters the module's text lists (a multiline value may hold line breaks and tabs); not
    length or visibility."""
    allowed = "\n\t" if multiline else ""
    for match in _NOT_PRINTABLE_ASCII.finditer(value):
        ch = match.group()
        if ch in allowed:
            continue
        problem = _character_problem(ch)
        if problem:
            return problem
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
    name in words). Refused: the characters of `text_problem`, text with nothing visible (only
    spaces, invisible characters or combining marks), more than `max_length` characters after
    NFC, and nothing at all when `required`. An empty value is "" (the caller decides whether
    it may be empty)."""
    words = _label(field, label)
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        value = value.replace("\u2028", "\n").replace("\u2029", "\n")
    problem = text_problem(value, multiline=multiline)
    if problem:
        raise ValidationFailed(f"{words} {problem}: remove it.", field=field)
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        if required:
            raise ValidationFailed(
                f"Give {field_phrase(label or field.replace('_', ' '))}.", field=field
            )
        return ""
    if not any(_visible(ch) for ch in text):
        raise ValidationFailed(
            f"{words} has no visible characters (only spaces, marks or invisible ones).",
            field=field,
        )
    if len(text) > max_length:
        raise ValidationFailed(
            f"{words} is at most {max_length:,} characters ({len(text):,} given).", field=field
        )
    return text


def check_secret(
    value: str, *, field: str, max_length: int | None, label: str | None = None
) -> str:
    """A password, token or key exactly as sent (never trimmed or normalised), or
    ValidationFailed naming `field` when it holds NUL, a lone surrogate or U+FFFD (what a
    decoder leaves of bytes that were not UTF-8: the secret typed is lost), or is longer than
    `max_length` (where it is stored; None: not stored as sent, as a password is hashed)."""
    words = _label(field, label)
    if "\x00" in value or REPLACEMENT_CHARACTER in value or _SURROGATE.search(value):
        raise ValidationFailed(
            f"{words} holds a NUL character, a lone surrogate or a character that could "
            "not be read (U+FFFD): it cannot be valid.",
            field=field,
        )
    if max_length is not None and len(value) > max_length:
        raise ValidationFailed(f"{words} is at most {max_length} characters.", field=field)
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
        raise ValidationFailed(f"{words} must be a whole number.", field=field)
    number = int(text)
    if not minimum <= number <= maximum:
        raise ValidationFailed(f"{words} must be between {minimum} and {maximum}.", field=field)
    return number


# A date as the API and a date input write it.
ISO_DATE = re.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(value: str, *, field: str, label: str | None = None) -> date:
    """User text as a date: exactly YYYY-MM-DD in ASCII digits (what a date input sends, and
    the API's form), a real day, within the calendar's years (`date_in_range`);
    ValidationFailed naming `field` otherwise. The usual parsers are lenient where a date must
    not be: date.fromisoformat takes "20260102" and "2026-W01-5", strptime (Django's
    DateField) takes other scripts' digits such as fullwidth "\uff12022-06-15", and pydantic
    takes "2026-01-01T00:00:00" and a number of seconds."""
    words = _label(field, label)
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise ValidationFailed(
            f"{words} must be a date written YYYY-MM-DD, for example 2026-03-02.",
            field=field,
        )
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(f"{words} is not a day of the calendar.", field=field) from None
    return date_in_range(day, field=field, label=label)


US_DATE = re.compile("([0-9]{2})/([0-9]{2})/([0-9]{4})")


def parse_form_date(value: str, *, field: str, label: str | None = None) -> date:
    """A date typed in a page's date box: mm/dd/yyyy (what the box shows, and what the USWDS
    date picker writes into it) or YYYY-MM-DD (links and the API's form), two-digit month and
    day, ASCII digits; then as `parse_date`. ValidationFailed naming `field` otherwise, in the
    box's own format."""
    if isinstance(value, str):
        us = US_DATE.fullmatch(value)
        if us:
            value = f"{us[3]}-{us[1]}-{us[2]}"
        elif not ISO_DATE.fullmatch(value):
            raise ValidationFailed(
                f"{_label(field, label)} must be a date written mm/dd/yyyy, for example "
                "03/02/2026.",
                field=field,
            )
    return parse_date(value, field=field, label=label)


def date_in_range(value: date, *, field: str, label: str | None = None) -> date:
    """A date the system can count with (efiling.core.clock.FIRST_DATE to LAST_DATE: the
    years the court calendar covers), or ValidationFailed naming `field`."""
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValidationFailed(
            f"{_label(field, label)} must be between {month_day_year(FIRST_DATE)} and "
            f"{month_day_year(LAST_DATE)}.",
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


# A time of day as people type it and as the USWDS time picker sends it: 24-hour "14:30" (the
# picker's value; seconds allowed), or 12-hour "2:30pm", "2:30 p.m.", "2 PM" (its list's text,
# the court's style). ASCII digits only.
TIME_24 = re.compile("([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?")
TIME_12 = re.compile("([0-9]{1,2})(?::([0-9]{2}))? ?([ap])\\.? ?m\\.?", re.IGNORECASE)


def parse_form_time(value: str, *, field: str, label: str | None = None) -> time:
    """A time typed in a page's time box (a USWDS time picker, or the plain text box it
    enhances when JavaScript does not run): "14:30", "14:30:00", "2:30pm", "2:30 p.m.",
    "2 PM", "12:00 a.m." (midnight); ValidationFailed naming `field` otherwise (hours past 23
    or 12, minutes past 59, other scripts' digits, words such as "noon")."""
    text = value.strip() if isinstance(value, str) else ""
    problem = ValidationFailed(
        f"{_label(field, label)} must be a time such as 2:30 p.m. or 14:30.", field=field
    )
    twelve, twenty_four = TIME_12.fullmatch(text), TIME_24.fullmatch(text)
    if twelve:
        hour, minute = int(twelve[1]), int(twelve[2] or 0)
        if not 1 <= hour <= 12:
            raise problem
        hour = hour % 12 + (12 if twelve[3].lower() == "p" else 0)
        second = 0
    elif twenty_four:
        hour, minute, second = int(twenty_four[1]), int(twenty_four[2]), int(twenty_four[3] or 0)
    else:
        raise problem
    if hour > 23 or minute > 59 or second > 59:
        raise problem
    return time(hour, minute, second)
