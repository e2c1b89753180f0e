"""The fault runs of issue 10 (tests/faults/runs.py), each on a system of its own started on
this machine (a PostgreSQL cluster on a spare port, run as `postgres`; moto's S3 server; two
gunicorn web servers of two processes; a task worker; the audit follower):

1. SIGKILL: four clients file new cases through the API (every change under an
   Idempotency-Key, retried with it) and the clerk accepts them, while web processes and the
   task worker are killed KILLS times at random moments; a supervisor restarts them.
2. Database restarts: the same work while PostgreSQL is stopped (fast, then immediate, ...)
   for DOWN seconds RESTARTS times; nothing else is restarted.

    uv run python benchmarks/faults.py [--envelopes 100] [--kills 5] [--restarts 3]
        [--down 3] [--only sigkill|restarts] [--seed N]

Prints, for each run, what was done to the system, the history summary (operations invoked,
acknowledged and retried, the outcome of every attempt, the retried operations with their
keys), the counts (invoked, acknowledged, retried, 503s), the throughput, and the checks;
exits with status 1 when a check failed."""

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()  # tests.gunicorn_server reads django.db; nothing here touches a database

from tests.faults.runs import database_restart_run, sigkill_run  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--envelopes", type=int, default=100)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--restarts", type=int, default=3)
    parser.add_argument("--down", type=float, default=3.0, help="seconds down per restart")
    parser.add_argument("--only", choices=("sigkill", "restarts"))
    parser.add_argument("--seed", type=int)
    options = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="efiling-faults-") as folder:
        root = Path(folder)
        if options.only != "restarts":
            (root / "sigkill").mkdir()
            result = sigkill_run(
                root / "sigkill", envelopes=options.envelopes, kills=options.kills,
                seed=options.seed,
            )  # fmt: skip
            print(result.report(), flush=True)
            results.append(result)
        if options.only != "sigkill":
            (root / "restarts").mkdir()
            result = database_restart_run(
                root / "restarts", envelopes=options.envelopes, restarts=options.restarts,
                down_seconds=options.down, seed=options.seed,
            )  # fmt: skip
            print(result.report(), flush=True)
            results.append(result)
    failed = [result.name for result in results if not result.held]
    print(f"== {'FAILED: ' + ', '.join(failed) if failed else 'every check held'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
