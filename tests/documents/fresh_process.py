"""inspect_pdf run in a new interpreter, so that its peak memory (ru_maxrss) is the check's own.
How long a refusal takes is benchmarks/pdf_checks.py's figure; tests assert the answer and the
memory it needed."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = (
    "import json, resource, sys\n"
    "from pathlib import Path\n"
    "from efiling.documents.pdf import inspect_pdf\n"
    "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "report = inspect_pdf(Path(sys.argv[1]), **json.loads(sys.argv[2]))\n"
    "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "print(json.dumps({'codes': [p.code for p in report.problems],\n"
    "                  'peak_kib': peak, 'imports_kib': before}))\n"
)


def inspect_in_fresh_process(path: Path, **limits) -> dict:
    """{"codes": problem codes, "peak_kib": peak memory, "imports_kib": peak after imports}."""
    done = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", SCRIPT, str(path), json.dumps(limits)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout)
