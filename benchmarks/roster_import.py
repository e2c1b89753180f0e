"""Roster import speed: a first import of N attorneys (every row added and audited), a re-import
of the same file (nothing changes), against the floor of bulk-inserting the same rows without
parsing or audit, measured in the same run on a throw-away embedded database (in a temporary
EFILING_DATA_DIR, removed at the end: a 30,000-row run's database is about 75 MB).

    uv run python benchmarks/roster_import.py [ROWS]
"""

import os
import shutil
import statistics
import sys
import tempfile
import time

os.environ["EFILING_DATA_DIR"] = tempfile.mkdtemp(prefix="efiling-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django

from benchmarks.rows import embedded_only

embedded_only()
django.setup()
from django.core.management import call_command  # noqa: E402
from django.db import connections, transaction  # noqa: E402

from efiling.accounts.models import BarMember  # noqa: E402
from efiling.accounts.roster import roster_import  # noqa: E402
from efiling.audit.services import audit_chain_verify  # noqa: E402
from efiling.core import clock  # noqa: E402

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 30_000
REPEATS = 3


def roster_csv(rows: int, offset: int) -> bytes:
    lines = ["bar_number,last_name,first_name,status,admission_date"]
    lines += [
        f"{offset + n},Lawson{n},Avery,good standing,2001-09-{1 + n % 28:02d}" for n in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()


def bulk_insert(rows) -> None:
    with transaction.atomic():
        BarMember.objects.bulk_create(rows, batch_size=500)


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main():
    call_command("migrate", verbosity=0)
    first, again, floor = [], [], []
    for repeat in range(REPEATS):
        data = roster_csv(ROWS, offset=1_000_000 * (repeat + 1))

        def run(data=data):
            roster_import(data=data, file_name="roster.csv", channel="cli")

        first.append(timed(run))
        again.append(timed(run))
        now = clock.now()
        rows = [
            BarMember(
                bar_number=str(9_000_000 * (repeat + 1) + n),
                first_name="Avery",
                last_name=f"L{n}",
                status="good_standing",
                updated_at=now,
            )
            for n in range(ROWS)
        ]
        floor.append(timed(lambda rows=rows: bulk_insert(rows)))
    assert audit_chain_verify().intact
    for name, values in [
        ("first import", first),
        ("re-import (no change)", again),
        ("floor: bulk insert only", floor),
    ]:
        print(
            f"{name:<26} rows={ROWS} median={statistics.median(values):.2f}s "
            f"max={max(values):.2f}s "
            f"rows/s={ROWS / statistics.median(values):,.0f}"
        )
    print(
        f"ratio first import / floor = {statistics.median(first) / statistics.median(floor):.1f}x"
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        connections.close_all()
        shutil.rmtree(os.environ["EFILING_DATA_DIR"], ignore_errors=True)
