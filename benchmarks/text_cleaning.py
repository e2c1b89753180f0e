"""What the one text-cleaning place costs per input: clean_text on names and on a 4,000-character
docket text, file_display_name, the query-string check every request pays, and a whole
AccessibleForm (the filer's party form) cleaned, against Django's own cleaning of the same form
without ours, measured in the same run. Pure Python: no database.

    uv run python benchmarks/text_cleaning.py [ROUNDS]
"""

import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django import forms  # noqa: E402

from efiling.core.middleware import query_problem  # noqa: E402
from efiling.core.text import clean_text, file_display_name  # noqa: E402
from efiling.filings.forms import PartyForm  # noqa: E402

PARTY = {
    "kind": "person",
    "role": "petitioner",
    "first_name": "Jos\u00e9",
    "middle_name": "Mar\u00eda",
    "last_name": "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647 Lawson",
    "address_line1": "100 Main Street",
    "city": "Clayton",
    "state": "MO",
    "postal_code": "63105",
}


class PlainPartyForm(forms.Form):
    """The same fields, cleaned by Django alone: the floor."""


PlainPartyForm.base_fields = PartyForm.base_fields
PlainPartyForm.declared_fields = PartyForm.declared_fields


def timed(label: str, work, repeat: int, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(repeat):
            work()
        samples.append((time.perf_counter() - started) / repeat * 1e6)
    median = statistics.median(samples)
    print(f"{label:<55} {median:9.2f} us  (best {min(samples):.2f})")
    return median


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    docket_text = ("The court grants the motion to compel discovery. " * 82)[:4000]
    query = "q=Lawson+v.+Acme&court=SL&status=submitted&limit=50&cursor=" + "a" * 120
    timed(
        "clean_text, a 20-character name",
        lambda: clean_text("Jos\u00e9 Mar\u00eda Lawson", field="n", max_length=60),
        20_000,
        rounds,
    )
    timed(
        "clean_text, 4,000 characters (multiline)",
        lambda: clean_text(docket_text, field="t", max_length=4000, multiline=True),
        500,
        rounds,
    )
    timed(
        "file_display_name, a hostile name",
        lambda: file_display_name("..\\..\\\u202etxt.exe.pdf"),
        20_000,
        rounds,
    )
    timed("query_problem, a 200-byte query string", lambda: query_problem(query), 20_000, rounds)
    ours = timed(
        "PartyForm (AccessibleForm) is_valid", lambda: PartyForm(PARTY).is_valid(), 2_000, rounds
    )
    floor = timed(
        "the same form, Django's cleaning alone",
        lambda: PlainPartyForm(PARTY).is_valid(),
        2_000,
        rounds,
    )
    print(f"cleaning in the one place adds {ours - floor:.1f} us per party form")


if __name__ == "__main__":
    main()
