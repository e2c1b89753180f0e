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


def sentence(text: str) -> str:
    """`text` ended as a sentence: a period added unless it ends with one already (a time
    such as "10:00 a.m.", an abbreviation), or with a question or exclamation mark."""
    text = text.rstrip()
    return text if text.endswith((".", "?", "!")) else f"{text}."


# A reason someone gives for an act of the court (a correction, a sealing, a withdrawal): one
# line of the audit trail and of the notice that tells the parties.
REASON_MAX = 300
