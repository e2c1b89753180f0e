"""Words the documents print: English names for dates, the same everywhere (stamps, receipts,
orders) and independent of the process locale, and text made fit for one line. Pure Python: the
PDF code that uses it imports no Django."""

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date(day) -> str:
    """Friday, November 27, 2026 (a date, in English whatever the process locale)."""
    return f"{WEEKDAYS[day.weekday()]}, {month_day_year(day)}"


def month_day_year(day) -> str:
    """November 27, 2026 (as long_date, without the weekday)."""
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def one_line(value) -> str:
    """User-entered text on a single line: control characters (newlines, tabs) become spaces,
    runs of spaces one space, trimmed."""
    text = str(value or "")
    return " ".join("".join(" " if ord(ch) < 32 or ord(ch) == 127 else ch for ch in text).split())


def counted(count: int, noun: str, plural: str = "") -> str:
    """'1 page', '3 pages', '2,000 pages' (`plural` for nouns not made with an s)."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def labelled(label: str, title: str) -> str:
    """A title after its kind ("Order: Motion to compel granted"), or the title alone when it
    only repeats the kind ("Judgment", not "Judgment: Judgment")."""
    title = one_line(title)
    same = title.rstrip(".").casefold() == label.casefold()
    return title if same or not label else f"{label}: {title}"


# Names that begin labels ("Missouri bar number"): they keep their capital inside a sentence.
PROPER_NAMES = frozenset({"Missouri", *WEEKDAYS, *MONTHS})
# First words that give a label its own determiner ("Your electronic signature"): no "the".
_DETERMINERS = frozenset(
    {"your", "my", "our", "their", "his", "her", "its", "the", "this", "that", "these", "those"}
)


def field_phrase(label: str) -> str:
    """A field's label as a noun phrase inside a sentence, with its article: "Last name" ->
    "the last name", "ZIP code" -> "the ZIP code", "Your electronic signature" -> "your
    electronic signature", "A checkpoint you kept" -> "the checkpoint you kept"; a label that
    is not a noun phrase (a colon: "Line 1: amount", a question: "What are you filing?") is
    quoted: 'the field “Line 1: amount”'. Messages built from labels use it (and
    `field_subject` at the start of a sentence), never "The " + label."""
    label = one_line(label)
    if ":" in label or label.endswith("?"):
        return f"the field “{label}”"
    first, _, rest = label.partition(" ")
    if first.casefold() in _DETERMINERS and rest:
        return f"{first.lower()} {rest}"
    if first.casefold() in ("a", "an") and rest:
        return f"the {rest}"
    # "ZIP code", "URL" and "Missouri bar number" keep their capitals.
    if not ((len(first) > 1 and first.isupper()) or first in PROPER_NAMES):
        label = label[:1].lower() + label[1:]
    return f"the {label}"


def field_subject(label: str) -> str:
    """`field_phrase` at the start of a sentence: "The last name", "Your electronic
    signature"."""
    phrase = field_phrase(label)
    return phrase[:1].upper() + phrase[1:]


def sentence(text: str) -> str:
    """`text` ended as a sentence: a period added unless it ends with one already (a time
    such as "10:00 a.m.", an abbreviation), or with a question or exclamation mark."""
    text = text.rstrip()
    return text if text.endswith((".", "?", "!")) else f"{text}."


# A reason someone gives for an act of the court (a correction, a sealing, a withdrawal): one
# line of the audit trail and of the notice that tells the parties.
REASON_MAX = 300
