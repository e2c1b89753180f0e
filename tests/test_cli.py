"""The `efiling` console script, run as a user would, on a fresh embedded database."""

import os
import shutil
import subprocess

import pytest


@pytest.fixture(scope="module")
def efiling(tmp_path_factory):
    """Runs the console script as a user would, on one embedded database for the module, which
    the first call's `migrate` makes (each test asks for it; the second finds nothing to do)."""
    executable = shutil.which("efiling")
    assert executable, "the efiling console script is not installed"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EFILING_"))}
    env["EFILING_DATA_DIR"] = str(tmp_path_factory.mktemp("efiling-cli"))

    def run(*args, check=True):
        return subprocess.run(  # noqa: S603
            [executable, *args], env=env, capture_output=True, text=True, timeout=120, check=check
        )

    return run


def test_console_script_sets_up_lists_courts_and_counts_days(efiling):
    efiling("migrate", "--verbosity", "0")
    # Migrating makes every table the system needs, the database caches' too (the test runner
    # makes cache tables itself, so only a real migrate shows one missing: the throttle's was).
    assert "CREATE" not in efiling("createcachetable", "--dry-run").stdout
    assert "added" in efiling("load_courts").stdout
    courts = efiling("courts").stdout.splitlines()
    assert len(courts) == 119 and courts[0].split("\t")[0] == "SC"
    # Thanksgiving 2026 is Thursday Nov 26: 3 business days from Wed Nov 25 skip Thu, Sat, Sun.
    result = efiling("deadline", "--court", "SL", "--from", "2026-11-25", "--days", "3")
    assert result.stdout.strip().splitlines()[-1] == "2026-12-01"
    # Juneteenth 2026 is Friday June 19: 30 days from May 20 run to Monday June 22.
    result = efiling("deadline", "--court", "SL", "--from", "2026-05-20", "--days", "30")
    assert result.stdout.strip().splitlines()[-1] == "2026-06-22"
    assert "Audit chain intact" in efiling("verify_audit").stdout


def test_console_script_reports_errors_without_a_traceback(efiling):
    efiling("migrate", "--verbosity", "0")
    result = efiling(
        "deadline", "--court", "XX", "--from", "2026-01-01", "--days", "3", check=False
    )
    assert result.returncode != 0
    assert "no court" in result.stderr and "Traceback" not in result.stderr
