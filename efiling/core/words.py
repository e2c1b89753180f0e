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


def one_line(value) -> str:
    """User-entered text on a single line: control characters (newlines, tabs) become spaces,
    runs of spaces one space, trimmed."""
    text = str(value or "")
    return " ".join("".join(" " if ord(ch) < 32 or ord(ch) == 127 else ch for ch in text).split())


# A reason someone gives for an act of the court (a correction, a sealing, a withdrawal): one
# line of the audit trail and of the notice that tells the parties.
REASON_MAX = 300
