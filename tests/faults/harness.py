"""The system of a fault run, started as separate processes on this machine and configured from
the environment as production is (tests/scale/system.py): a PostgreSQL cluster of its own
(tests/scale/clusters.py), moto's S3 server over HTTP, web processes (gunicorn), a task worker
and the audit follower (`efiling audit_chain --follow`).

`Deployment.kill` sends SIGKILL to one part; `Deployment.supervise` then restarts what died, as
a service manager does (a gunicorn master killed takes its orphaned workers with it, as
systemd's control group does: the port is free again for the restart). `restart_database`
stops the cluster (fast or immediate) and starts it again after a pause, touching nothing
else: the processes must heal themselves."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.gunicorn_server import HOST, get
from tests.scale.clusters import ClusterSet
from tests.scale.system import S3Server, System

# Two web servers of two processes each, behind the clients' own round robin.
WEB_SERVERS = 2
SETTINGS = {
    "EFILING_WEB_WORKERS": "2",
    "EFILING_WEB_THREADS": "8",
    # The four clients share one address (a firm behind one gateway): each may upload at once.
    "EFILING_UPLOAD_SLOTS_PER_CLIENT": "4",
    # A key claimed by an upload whose process was killed is taken over after 20 s rather than
    # 5 minutes (still far above the few seconds an upload of the run takes).
    "EFILING_IDEMPOTENCY_CLAIM_SECONDS": "20",
}
RESTART_AFTER = 0.5  # seconds: a supervisor's pause before it starts a part again
READY_WITHIN = 180  # seconds for a web server's first start (slow on a busy machine)


def _children(pid: int) -> list[int]:
    """Every descendant of a process (Linux /proc), children before their own children."""
    found = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                found.append(int(child))
                found.extend(_children(int(child)))
    return found


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


@dataclass
class Part:
    """One supervised part: a name, how to start it, and the process now running."""

    name: str
    start: object  # () -> Process | Gunicorn
    process: object = None
    restarts: int = 0

    def pid(self) -> int:
        return self.process.process.pid

    def alive(self) -> bool:
        return self.process.process.poll() is None


@dataclass
class Kill:
    """One SIGKILL sent: when (seconds since the run began), to which part, which process."""

    at: float
    part: str
    what: str  # "master", "worker" (a gunicorn worker), "process"
    pid: int


@dataclass
class Outage:
    """One database restart: when it began, how it stopped, and how long it was down."""

    at: float
    mode: str
    seconds: float


@dataclass
class Deployment:
    """A running system of one fault run; `urls` are the web servers' base URLs."""

    root: Path
    clusters: ClusterSet
    s3: S3Server
    system: System
    database_url: str
    people: dict
    parts: dict[str, Part] = field(default_factory=dict)
    kills: list[Kill] = field(default_factory=list)
    outages: list[Outage] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # what went wrong in the harness itself
    started: float = field(default_factory=time.monotonic)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def urls(self) -> list[str]:
        return [f"http://{HOST}:{part.process.port}" for part in self.webs()]

    def webs(self) -> list[Part]:
        return [part for name, part in self.parts.items() if name.startswith("web")]

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def kill(self, name: str, *, what: str) -> Kill:
        """SIGKILL to a part: `master` (a gunicorn master; its workers are left orphaned),
        `worker` (one gunicorn worker: the master starts another) or `process`."""
        with self._lock:
            part = self.parts[name]
            pid = part.pid()
            if what == "worker":
                workers = [child for child in _children(pid) if _is_gunicorn_worker(child, pid)]
                pid = workers[0] if workers else pid
            _kill(pid)
            kill = Kill(round(self.elapsed(), 1), name, what, pid)
            self.kills.append(kill)
            return kill

    def supervise_once(self) -> list[str]:
        """Restart every part that died (its orphaned children killed first); their names."""
        restarted = []
        with self._lock:
            for part in self.parts.values():
                if part.alive():
                    continue
                for orphan in _orphans_of(part):
                    _kill(orphan)
                time.sleep(RESTART_AFTER)
                part.process.process.wait()
                part.process = part.start()
                part.restarts += 1
                restarted.append(part.name)
        return restarted

    def supervise(self, stop: threading.Event) -> threading.Thread:
        """A thread that restarts dead parts every quarter second until `stop` is set."""

        def loop():
            while not stop.is_set():
                try:
                    self.supervise_once()
                except Exception as exc:  # a start that failed: try again on the next turn
                    self.problems.append(f"{self.elapsed():6.1f} s  restart failed: {exc}")
                stop.wait(0.25)

        thread = threading.Thread(target=loop, name="supervisor", daemon=True)
        thread.start()
        return thread

    def restart_database(self, *, mode: str, down_seconds: float) -> Outage:
        """Stop the cluster (`fast` or `immediate`), wait, start it again."""
        cluster = self.clusters.clusters[0]
        began = self.elapsed()
        cluster.stop(mode)
        time.sleep(down_seconds)
        cluster.start()
        outage = Outage(round(began, 1), mode, round(self.elapsed() - began, 1))
        self.outages.append(outage)
        return outage

    def serving(self) -> bool:
        """Whether every web server answers /healthz with 200 (database and store reached)."""
        try:
            return all(get(p.process.port, "/healthz", timeout=5)[0] == 200 for p in self.webs())
        except OSError:
            return False

    def dead_parts(self) -> list[str]:
        return [part.name for part in self.parts.values() if not part.alive()]

    def logs(self) -> str:
        return self.system.logs()

    def close(self) -> None:
        for part in self.parts.values():
            orphans = _orphans_of(part)
            part.process.stop()
            for orphan in orphans:
                _kill(orphan)
        self.system.stop()
        self.s3.stop()
        self.clusters.close()


def _is_gunicorn_worker(pid: int, master: int) -> bool:
    """A direct child of the gunicorn master (not a checker process of a worker)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return int(stat.rsplit(")", 1)[1].split()[1]) == master


def _orphans_of(part: Part) -> list[int]:
    """The processes a part's dead main process left: those whose command line names the
    part's own port or log (gunicorn workers keep serving after their master's SIGKILL)."""
    if part.alive():
        return _children(part.pid())
    marker = f"{HOST}:{part.process.port}" if hasattr(part.process, "port") else None
    if marker is None:
        return []
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if marker in command and "gunicorn" in command:
                found.append(int(entry.name))
    return found


def deploy(root: Path, *, web_servers: int = WEB_SERVERS) -> Deployment:
    """Start a system of its own in `root`: a cluster, S3, `web_servers` web servers, one task
    worker and the audit follower; migrated, with the cast of tests/scale/people.py."""
    clusters = ClusterSet()
    s3 = None
    try:
        cluster = clusters.primary("primary")
        # A commit is acknowledged only once its WAL is written out (PostgreSQL's default; the
        # test clusters turn it off for speed), or `stop -m immediate` loses acknowledged work.
        cluster.configure({"synchronous_commit": "on"})
        cluster.value("SELECT pg_reload_conf()")
        cluster.create_database()
        s3 = S3Server(root / "s3.log")
        system = System(root, database_url=cluster.url(), storage_url=s3.storage_url)
        system.env.update(SETTINGS)
        people = system.prepare()
    except BaseException:
        if s3 is not None:
            s3.stop()
        clusters.close()
        raise
    deployment = Deployment(root, clusters, s3, system, cluster.url(), people)
    try:
        for index in range(1, web_servers + 1):
            _add_web(deployment, f"web{index}")
        _add(deployment, "worker", lambda: system.worker("worker"))
        _add(deployment, "follower", lambda: system.command("follower", "audit_chain", "--follow"))
    except BaseException:
        deployment.close()
        raise
    deployment.started = time.monotonic()
    return deployment


def _add(deployment: Deployment, name: str, start) -> None:
    part = Part(name, start)
    part.process = start()
    deployment.parts[name] = part


def _add_web(deployment: Deployment, name: str) -> None:
    first = deployment.system.web(name, wait=False)
    first.wait_ready(timeout=READY_WITHIN)
    port = first.port

    def start():  # as a service manager does: started, not waited for (clients retry)
        return deployment.system.web(name, port=port, wait=False)

    part = Part(name, start, first)
    deployment.parts[name] = part
