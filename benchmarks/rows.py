"""The one machine-readable line by which a benchmark reports a row of issue 16's table, read by
benchmarks/table.py (`make bench`):

    BENCH-ROW {"measure": "...", "figure": "...", "target": "...", "met": true}

`measure` names the row (table.py knows each script's rows by these names), `figure` is the
figure measured in this run as text, `target` the issue's target as text, `met` whether the
figure meets it. Printed on standard output, flushed, after the script's own printout.
"""

import json

PREFIX = "BENCH-ROW "

# The rows of issue 16's table, in its order: (measure, target).
ENVELOPE = "envelope through the API ÷ a do-nothing upload endpoint, same server, same bytes"
STAMPING = "stamping pages/s ÷ pikepdf re-saving the same PDFs"
ACCEPTANCES = "acceptances per second, 16 clerks in 16 courts (stamping apart)"
CASE_NUMBERS = "case-number allocation alone, 16 clerks, one counter"
COURT_SEARCH = "court case search, p95"
SIGNED_IN_PAGE = "signed-in case page requests/s ÷ a bare Django view"
MEMORY = "peak memory above idle, 4 concurrent 21 MB submissions"
TARGETS = {
    ENVELOPE: "at most 1.5x",
    STAMPING: "at least 0.8",
    ACCEPTANCES: "at least 200/s, growing with courts",
    CASE_NUMBERS: "at least 1,000/s, 0 gaps, 0 duplicates",
    COURT_SEARCH: "at most 50 ms, at most 1.5x hand-written SQL",
    SIGNED_IN_PAGE: "at least 0.25",
    MEMORY: "at most 32 MB",
}


def bench_row(*, measure: str, figure: str, met: bool) -> None:
    """Print the row's line (see the module's text); `measure` is one of TARGETS."""
    line = {"measure": measure, "figure": figure, "target": TARGETS[measure], "met": bool(met)}
    print(PREFIX + json.dumps(line), flush=True)


def bench_row_parse(line: str) -> dict | None:
    """The row of a line of a benchmark's output, or None for any other line."""
    if not line.startswith(PREFIX):
        return None
    return json.loads(line[len(PREFIX) :])
