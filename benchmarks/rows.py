"""The one machine-readable line by which a benchmark reports a row of issue 16's table, read by
benchmarks/table.py (`make bench`):

    BENCH-ROW {"measure": "...", "figure": "...", "target": "...", "met": true}

`measure` names the row (table.py knows each script's rows by these names), `figure` is the
figure measured in this run as text, `target` the issue's target as text, `met` whether the
figure meets it. Printed on standard output, flushed, after the script's own printout.
"""

import json
import os
import sys

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


# What a developer's environment may name that a benchmark on a throw-away embedded system must
# not reach: a database (and its replica and migration owner), a document store, a mail server,
# a payment provider's account; and production mode, which would take the provider for real.
REAL_SYSTEM_SETTINGS = (
    "EFILING_DATABASE_URL",
    "EFILING_REPLICA_DATABASE_URL",
    "EFILING_MIGRATE_DATABASE_URL",
    "EFILING_STORAGE_URL",
    "EFILING_EMAIL_URL",
    "EFILING_PAYMENT_PROVIDER",
    "EFILING_STRIPE_SECRET_KEY",
    "EFILING_STRIPE_WEBHOOK_SECRET",
    "EFILING_ENV",
)


def embedded_only(environ=os.environ) -> None:
    """Drop REAL_SYSTEM_SETTINGS from `environ` (the process's, before Django is set up), so that a
    benchmark documented as using a throw-away embedded system (SQLite and files in its
    temporary EFILING_DATA_DIR) never writes into a database or store the developer exported
    for other work. A script that sets one of them itself does so after this call."""
    for name in REAL_SYSTEM_SETTINGS:
        environ.pop(name, None)


def bench_row(*, measure: str, figure: str, met: bool) -> None:
    """Print the row's line (see the module's text); `measure` is one of TARGETS."""
    line = {"measure": measure, "figure": figure, "target": TARGETS[measure], "met": bool(met)}
    print(PREFIX + json.dumps(line), flush=True)


def bench_row_parse(line: str) -> dict | None:
    """The row of a line of a benchmark's output, or None for any other line."""
    if not line.startswith(PREFIX):
        return None
    return json.loads(line[len(PREFIX) :])


def bench_arguments(
    sizes: list[tuple[str, int, int]], *, flags: tuple[str, ...] = ()
) -> tuple[list[int], set[str]]:
    """A benchmark's command line, read before it creates anything (a database, a folder):
    `sizes` its positional whole numbers in order, each (NAME, default, least allowed); `flags`
    the options it knows (e.g. "--keep"). Returns (the sizes, the flags given). `-h`/`--help`
    prints the script's text (the __main__ module's docstring) and exits 0; an unknown option,
    a size that is not a whole number or is below its least, or one size too many prints the
    usage and exits 2."""
    words = [f"[{name}={default}]" for name, default, _ in sizes] + [f"[{f}]" for f in flags]
    usage = "usage: " + " ".join([sys.argv[0], *words])
    given = sys.argv[1:]
    if "-h" in given or "--help" in given:
        print(sys.modules["__main__"].__doc__ or usage)
        sys.exit(0)
    options = {a for a in given if a.startswith("-")}
    if options - set(flags):
        _refuse(usage, f"unknown option: {' '.join(sorted(options - set(flags)))}")
    positional = [a for a in given if not a.startswith("-")]
    if len(positional) > len(sizes):
        _refuse(usage, f"too many arguments: {' '.join(positional)}")
    values = []
    for (name, default, least), text in zip(
        sizes, positional + [None] * (len(sizes) - len(positional)), strict=True
    ):
        if text is None:
            values.append(default)
        elif not text.isdigit() or int(text) < least:
            _refuse(usage, f"{name} is a whole number of at least {least}, not {text!r}")
        else:
            values.append(int(text))
    return values, options


def _refuse(usage: str, problem: str) -> None:
    print(f"{usage}\n{problem}", file=sys.stderr)
    sys.exit(2)
