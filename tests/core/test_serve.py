"""`efiling serve` supervises its parts (issue 10): a part that stops is started again and the
site stays up; SIGKILL of the gunicorn master leaves no worker of it serving or holding the
port (they die with their master), and the restarted master binds the same port; SIGTERM stops
everything, leaving no process behind. Run as a real process on the test database."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.gunicorn_server import HOST, REPO, Gunicorn, database_url, get, unused_port

STARTED = re.compile(
    r"^(web server|task worker|audit follower|health monitor) started \(process (\d+)\)$", re.M
)


def _state(pid: int) -> str | None:
    """The process's state letter, or None when it is gone (a zombie counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    return None if state in "ZX" else state


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError):
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _until(condition, log: Path, what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {timeout:.0f} s:\n{log.read_text()}")
        time.sleep(0.2)


def _answers(port: int) -> bool:
    try:
        return get(port, "/healthz", timeout=5)[0] == 200
    except OSError:
        return False


def _started(log: Path) -> dict[str, list[int]]:
    pids: dict[str, list[int]] = {}
    for name, pid in STARTED.findall(log.read_text()):
        pids.setdefault(name, []).append(int(pid))
    return pids


@pytest.mark.django_db(transaction=True)
def test_serve_restarts_what_stops_and_leaves_no_orphans(courts, tmp_path):
    port = unused_port()
    log = tmp_path / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EFILING_"))}
    env |= {
        "EFILING_DATA_DIR": os.environ["EFILING_DATA_DIR"],
        "EFILING_DATABASE_URL": database_url(),
        "EFILING_ALLOWED_HOSTS": HOST,
        "PYTHONUNBUFFERED": "1",
    }
    command = [sys.executable, "-m", "efiling.cli", "serve", "--port", str(port)]
    with open(log, "ab") as output:
        serve = subprocess.Popen(  # noqa: S603 - our own interpreter and command
            [*command, "--web-workers", "2"], cwd=REPO, env=env, stdout=output, stderr=output
        )
    try:
        _until(lambda: _answers(port), log, "the first answer", timeout=120)
        master = _started(log)["web server"][-1]
        workers = _children(master)
        assert len(workers) == 2

        os.kill(master, signal.SIGKILL)
        _until(lambda: not any(map(_state, workers)), log, "the orphaned workers' end", 15)
        _until(lambda: len(_started(log)["web server"]) == 2, log, "the web restart", 30)
        _until(lambda: _answers(port), log, "an answer on the same port again", timeout=60)
        assert "web server stopped (exit code -9); starting it again in 1 s" in log.read_text()

        worker = _started(log)["task worker"][-1]
        os.kill(worker, signal.SIGKILL)
        _until(lambda: len(_started(log)["task worker"]) == 2, log, "the worker's restart", 30)
        _until(lambda: _answers(port), log, "an answer after the worker's restart", timeout=60)
        assert serve.poll() is None
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
    assert serve.returncode == 0, log.read_text()
    everything = [pid for pids in _started(log).values() for pid in pids] + workers
    _until(lambda: not any(map(_state, everything)), log, "every part's end", 15)


@pytest.mark.django_db(transaction=True)
def test_gunicorn_workers_die_with_their_master_and_free_the_port(tmp_path):
    """No supervisor here: the workers end by themselves (post_fork, PR_SET_PDEATHSIG)."""
    log = tmp_path / "gunicorn.log"
    with Gunicorn(log, {}, "--workers", "2") as server:
        workers = _children(server.process.pid)
        assert len(workers) == 2
        server.process.kill()
        server.process.wait()
        _until(lambda: not any(map(_state, workers)), log, "the workers' end", 15)
        with Gunicorn(tmp_path / "again.log", {}, "--bind", f"{HOST}:{server.port}"):
            assert get(server.port, "/healthz", timeout=10)[0] == 200  # the same port


def test_links_in_e_mail_follow_the_port_served():
    """Found by trying the system: with `make run PORT=8141`, notice e-mails linked to :8000."""
    from efiling.core.management.commands.serve import embedded_site_url

    assert embedded_site_url("127.0.0.1", 8141) == "http://127.0.0.1:8141"
    assert embedded_site_url("0.0.0.0", 8000) == "http://127.0.0.1:8000"  # noqa: S104
    assert embedded_site_url("::1", 8123) == "http://[::1]:8123"
