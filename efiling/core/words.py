"""English names for dates, the same everywhere (stamps, receipts, orders) and independent of
the process locale. Pure Python: the PDF code that uses it imports no Django."""

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
