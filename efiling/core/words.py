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
    return f"{WEEKDAYS[day.weekday()]}, {MONTHS[day.month - 1]} {day.day}, {day.year}"


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


def sentence(text: str) -> str:
    """`text` ended as a sentence: a period added unless it ends with one already (a time
    such as "10:00 a.m.", an abbreviation), or with a question or exclamation mark."""
    text = text.rstrip()
    return text if text.endswith((".", "?", "!")) else f"{text}."


# A reason someone gives for an act of the court (a correction, a sealing, a withdrawal): one
# line of the audit trail and of the notice that tells the parties.
REASON_MAX = 300
