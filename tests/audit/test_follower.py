"""A process killed between its commit and its chaining step leaves its events unchained; the
follower (`efiling audit_chain --follow`, started by `efiling serve`) links them and publishes a
signed checkpoint. Run as real processes on a fresh embedded database."""

import json
import os
import shutil
import subprocess
import time

KILLED_AFTER_COMMIT = """
import os
from django.db import transaction
from efiling.audit.services import audit_record

with transaction.atomic():
    transaction.on_commit(lambda: os._exit(0))  # runs before the chaining step: the process dies
    audit_record(action="test.killed", object_type="test", object_id="1")
"""

STATE = """
import json
from efiling.audit.models import AuditCheckpoint, AuditEvent
event = AuditEvent.objects.get(action="test.killed")
print(json.dumps({
    "linked": hasattr(event, "link"),
    "checkpoint_seq": AuditCheckpoint.objects.values_list("seq", flat=True).first(),
}))
"""


def test_the_follower_chains_what_a_killed_process_left_and_publishes_a_checkpoint(tmp_path):
    executable = shutil.which("efiling")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EFILING_"))}
    env |= {
        "EFILING_DATA_DIR": str(tmp_path),
        "EFILING_AUDIT_CHAIN_SECONDS": "1",
        "EFILING_AUDIT_CHECKPOINT_MINUTES": "60",  # only the one of its first turn
    }

    def efiling(*args):
        return subprocess.run(  # noqa: S603
            [executable, *args], env=env, capture_output=True, text=True, timeout=120, check=True
        )

    efiling("migrate", "--verbosity", "0")
    follower = subprocess.Popen(  # noqa: S603
        [executable, "audit_chain", "--follow"],
        env=env | {"PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert follower.stdout.readline().startswith("Chained")  # its first full pass is done
        efiling("shell", "--verbosity", "0", "-c", KILLED_AFTER_COMMIT)
        deadline = time.monotonic() + 30
        while True:
            state = json.loads(efiling("shell", "--verbosity", "0", "-c", STATE).stdout)
            if state["linked"] or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    finally:
        follower.terminate()
        follower.wait(timeout=30)
    assert state["linked"] is True
    assert state["checkpoint_seq"] is not None  # published at its first turn
