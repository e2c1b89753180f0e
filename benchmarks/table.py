"""`make bench`: run the benchmarks of issue 16's table one after the other (each shows its own
printout as it runs), then print the table in Markdown: measure | figure now | target | met.

    uv run python benchmarks/table.py [--cases N] [--quick]
    uv run python benchmarks/table.py --others [--quick]

Each benchmark reports its rows by lines of benchmarks/rows.py (BENCH-ROW {...}). A benchmark
that exits with an error, or prints no row it owes, shows as failed in the table, and this
exits 1; targets missed are information (exit 0). --cases is the court case count of
public_search.py (default 20,000; the issue's scale is 1,000,000, see the script). --quick runs
every benchmark at tiny sizes, to check that they work (the figures mean nothing). --others runs
the benchmarks that are not in the table instead (`make bench-others`; faults.py has `make
faults`), in turn, with their default sizes (audit_chain.py on PostgreSQL; exit 1 if one
fails).

The benchmarks use PostgreSQL at 127.0.0.1:5432 as user postgres unless the environment says
otherwise (each script's text), creating and dropping their own databases.
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

FOLDER = Path(__file__).resolve().parent
sys.path.insert(0, str(FOLDER.parent))

from benchmarks.rows import (  # noqa: E402
    ACCEPTANCES,
    CASE_NUMBERS,
    COURT_SEARCH,
    ENVELOPE,
    MEMORY,
    SIGNED_IN_PAGE,
    STAMPING,
    TARGETS,
    bench_row_parse,
)

# (script, its arguments, its arguments with --quick, the rows it reports), in the table's order
# of first rows. "{cases}" is replaced by --cases.
SCRIPTS = [
    ("filing_submit.py", [], ["1"], [ENVELOPE, MEMORY]),
    ("stamping.py", [], ["1"], [STAMPING]),
    ("acceptance_concurrent.py", [], ["1", "1"], [ACCEPTANCES]),
    ("case_numbers.py", [], ["5", "1"], [CASE_NUMBERS]),
    ("public_search.py", ["{cases}"], ["300", "5"], [COURT_SEARCH, SIGNED_IN_PAGE]),
]
HELPERS = {"table.py", "rows.py", "floor_wsgi.py", "__init__.py"}
OWN_TARGET = {"faults.py"}  # `make faults`
# The other benchmarks' arguments (those not named: none), and with --quick.
OTHERS = {"audit_chain.py": ["postgres"]}
QUICK_OTHERS = {
    "acceptance.py": ["2"],
    "audit_chain.py": ["postgres", "5"],
    "calendar_feed.py": ["2"],
    "deadlines.py": ["2"],
    "homes.py": ["2"],
    "idempotent_requests.py": ["2"],
    "notices.py": ["10"],
    "pdf_checks.py": ["1"],
    "roster_import.py": ["200"],
    "serve_start.py": ["1"],
    "slow_clients.py": ["3"],
    "text_cleaning.py": ["1"],
}


def run(script: str, arguments: list[str]) -> tuple[int, list[dict], float]:
    """Run one benchmark with this interpreter, its output passed through as it comes: its exit
    status, the rows it reported and its duration in seconds."""
    print(f"\n== benchmarks/{script} {' '.join(arguments)}", flush=True)
    began = time.monotonic()
    rows = []
    with subprocess.Popen(  # noqa: S603 (our own interpreter and scripts)
        [sys.executable, str(FOLDER / script), *arguments],
        cwd=FOLDER.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    ) as process:
        for line in process.stdout:
            print(line, end="", flush=True)
            row = bench_row_parse(line.rstrip("\n"))
            if row is not None:
                rows.append(row)
    return process.returncode, rows, time.monotonic() - began


def table(cases: int, quick: bool) -> int:
    found: dict[str, dict] = {}
    durations, crashed = [], False
    for script, arguments, quick_arguments, owed in SCRIPTS:
        chosen = quick_arguments if quick else [a.format(cases=cases) for a in arguments]
        status, rows, seconds = run(script, chosen)
        durations.append(f"{script} {seconds:.0f}s" + (f" (exit {status})" if status else ""))
        reported = {row["measure"]: row for row in rows}
        for measure in owed:
            row = reported.get(measure)
            if row is None:
                crashed = True
                why = f"exit {status}" if status else "no figure reported"
                found[measure] = {"figure": f"failed ({why}, {script})", "met": None}
            else:
                if status:
                    crashed = True
                    row["figure"] += f"; {script} failed (exit {status})"
                found[measure] = row
    print("\n| measure | figure now | target | met |\n| --- | --- | --- | --- |")
    for measure, target in TARGETS.items():
        row = found[measure]
        met = {True: "yes", False: "no", None: "failed"}[row["met"]]
        print(f"| {measure} | {row['figure']} | {target} | {met} |")
    print(f"\n{'quick sizes, ' if quick else ''}durations: {', '.join(durations)}")
    return 1 if crashed else 0


def others(quick: bool) -> int:
    """The benchmarks not in the table, in turn; 1 if one failed."""
    in_table = {script for script, *_ in SCRIPTS}
    failed = []
    for path in sorted(FOLDER.glob("*.py")):
        if path.name in in_table | HELPERS | OWN_TARGET:
            continue
        arguments = (QUICK_OTHERS if quick else OTHERS).get(path.name, [])
        status, _, _ = run(path.name, arguments)
        if status:
            failed.append(f"{path.name} (exit {status})")
    print(f"\nfailed: {', '.join(failed)}" if failed else "\nevery benchmark ran")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000, help="public_search.py's cases")
    parser.add_argument("--quick", action="store_true", help="tiny sizes: check the wiring")
    parser.add_argument("--others", action="store_true", help="the benchmarks not in the table")
    options = parser.parse_args()
    return others(options.quick) if options.others else table(options.cases, options.quick)


if __name__ == "__main__":
    sys.exit(main())
