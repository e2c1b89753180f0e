"""The two fault runs (issue 10), each on a system of its own (tests/faults/harness.py):

- `sigkill_run`: four clients file new cases through the API and the clerk accepts them while
  web processes (gunicorn masters and workers) and the task worker are killed with SIGKILL at
  random moments; a supervisor restarts what died.
- `database_restart_run`: the same work while PostgreSQL is stopped (fast or immediate) and
  started again a few times; nothing else is restarted: web processes, worker and audit
  follower must heal themselves, and the site must serve afterwards.

Both wait until the work is done (every accepted filing stamped), then run the checks
(tests/faults/checks.py) and return a `RunResult`."""

from __future__ import annotations

import itertools
import queue
import random
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from tests.documents import builders
from tests.faults.checks import Check, run_checks
from tests.faults.clients import Clerk, Filer, History
from tests.faults.harness import Deployment, deploy

CLIENTS = 4
STAMPED_WITHIN = 120  # seconds after the last acceptance
STALLED = 10  # seconds without a stamp made: the housekeeping resumes what was lost
# What the killer picks from: (part, what). The first three are always among the kills.
KILL_TARGETS = (("worker", "process"), ("web1", "master"), ("web2", "worker"),
                ("web1", "worker"), ("web2", "master"), ("follower", "process"))  # fmt: skip


@dataclass
class RunResult:
    name: str
    envelopes: int
    history: History
    seconds: float  # from the first call to the last acknowledgement
    checks: list[Check] = field(default_factory=list)
    events: list[str] = field(default_factory=list)  # kills, restarts, outages, as they came

    @property
    def held(self) -> bool:
        return all(check.held for check in self.checks)

    def report(self) -> str:
        submitted = len(self.history.acknowledged("Submit"))
        counts = ", ".join(f"{name} {n}" for name, n in self.history.counts().items())
        lines = [
            f"== {self.name}: {submitted} of {self.envelopes} envelopes submitted in "
            f"{self.seconds:.0f} s ({submitted / max(self.seconds, 0.001):.2f} a second)",
            *(f"   {event}" for event in self.events),
            f"operations: {counts}",
            self.history.summary(),
            "checks:",
            *(f"   {check}" for check in self.checks),
        ]
        return "\n".join(lines)


class Workload:
    """`CLIENTS` filers sharing `envelopes` new cases, and the clerk accepting each submitted
    petition as it comes; `errors` collects what made a client give up (the first such stops
    every client: the run has failed)."""

    def __init__(self, deployment: Deployment, history: History, envelopes: int, pdf: bytes):
        people = deployment.people
        self.deployment, self.history, self.pdf = deployment, history, pdf
        self.envelopes = envelopes
        self.numbers = itertools.count(1)
        self.errors: list[str] = []
        self.to_accept: queue.Queue = queue.Queue()
        urls = deployment.urls
        self.filers = [
            Filer(f"c{i}", urls, people["token"], people["signature"], history)
            for i in range(1, CLIENTS + 1)
        ]
        self.clerk = Clerk(urls, people["clerk"], history)
        self.threads = [threading.Thread(target=self._file, args=(f,)) for f in self.filers]
        self.clerk_thread = threading.Thread(target=self._accept)
        self.began = self.ended = 0.0

    def start(self) -> None:
        self.began = time.monotonic()
        for thread in [*self.threads, self.clerk_thread]:
            thread.start()

    def _file(self, filer: Filer) -> None:
        while (number := next(self.numbers)) <= self.envelopes and not self.errors:
            caption = f"Fault {number:04d} v. Example"
            try:
                envelope = filer.file_new_case(caption, self.pdf)
            except AssertionError as exc:  # the run has failed: every client stops
                self.errors.append(f"{filer.name} {caption}: {exc}")
                return
            self.to_accept.put((envelope["filings"][0]["id"], caption))

    def _accept(self) -> None:
        while True:
            item = self.to_accept.get()
            if item is None:
                return
            try:
                self.clerk.accept(*item)
            except AssertionError as exc:
                self.errors.append(f"clerk {item[1]}: {exc}")

    def wait(self) -> None:
        for thread in self.threads:
            thread.join()
        self.to_accept.put(None)
        self.clerk_thread.join()
        self.ended = time.monotonic()

    @property
    def submitted(self) -> int:
        return len(self.history.acknowledged("Submit"))

    def at_progress(self, thresholds: list[int], act) -> threading.Thread:
        """A thread that calls `act(i)` once `thresholds[i]` envelopes have been submitted
        (each threshold once, in order), until the clients are done."""

        def loop():
            for index, threshold in enumerate(thresholds):
                while self.submitted < threshold and any(t.is_alive() for t in self.threads):
                    time.sleep(0.05)
                if not any(t.is_alive() for t in self.threads):
                    return
                act(index)

        thread = threading.Thread(target=loop, name="faults", daemon=True)
        thread.start()
        return thread


def _progress_points(envelopes: int, count: int, rng: random.Random) -> list[int]:
    """`count` random moments, as numbers of envelopes submitted, spread over the run."""
    low, high = max(1, envelopes // 20), max(2, envelopes - envelopes // 10)
    return sorted(rng.randint(low, high) for _ in range(count))


def _pending_stamps(deployment: Deployment) -> int:
    with psycopg.connect(deployment.database_url) as connection:
        return connection.execute(
            "SELECT count(*) FROM docket_docketentry WHERE stamp_state = 'pending'"
        ).fetchone()[0]


def _wait_stamped(deployment: Deployment, events: list[str], *, supervised: bool) -> None:
    """Until no docket entry waits for its stamp. A stamping lost with a killed worker (its
    task left running) is enqueued again by `efiling resume_stamping`, the hourly
    housekeeping, run here when nothing has moved for STALLED seconds."""
    deadline = time.monotonic() + STAMPED_WITHIN
    last, moved = None, time.monotonic()
    while (pending := _pending_stamps(deployment)) and time.monotonic() < deadline:
        if not supervised and not deployment.parts["worker"].alive():
            break  # nothing will stamp them: the check of the parts names the dead worker
        if pending != last:
            last, moved = pending, time.monotonic()
        elif time.monotonic() - moved > STALLED:
            deployment.system.efiling("resume_stamping", "--overdue-minutes", "0")
            events.append(f"resume_stamping run with {pending} entries pending")
            moved = time.monotonic()
        time.sleep(0.5)
    if pending:
        events.append(f"{pending} docket entries still pending stamping")


def _petition(root: Path) -> bytes:
    return builders.text_pdf(root / "petition.pdf", text="IN THE CIRCUIT COURT").read_bytes()


def _work(
    deployment: Deployment, name: str, envelopes: int, faults, *, supervised: bool
) -> RunResult:
    """Run the workload with `faults(workload, events)` started beside it; then the checks."""
    history, events = History(), []
    workload = Workload(deployment, history, envelopes, _petition(deployment.root))
    workload.start()
    injector = faults(workload, events)
    workload.wait()
    injector.join(timeout=60)
    events += [f"gave up: {error}" for error in workload.errors]
    events += deployment.problems
    _wait_stamped(deployment, events, supervised=supervised)
    result = RunResult(name, envelopes, history, workload.ended - workload.began, events=events)
    result.checks = run_checks(deployment, history)
    if workload.errors:
        result.checks.insert(0, Check("every client finished", workload.errors))
    return result


def sigkill_run(root: Path, *, envelopes: int = 100, kills: int = 5, seed=None) -> RunResult:
    """SIGKILL to web processes and the task worker `kills` times; a supervisor restarts."""
    rng = random.Random(seed)
    deployment = deploy(root)
    stop = threading.Event()
    try:
        supervisor = deployment.supervise(stop)
        targets = list(KILL_TARGETS[:3]) + rng.choices(KILL_TARGETS, k=max(0, kills - 3))
        targets = rng.sample(targets[:kills], min(kills, len(targets)))

        def faults(workload: Workload, events: list[str]):
            def kill(index):
                part, what = targets[index]
                done = deployment.kill(part, what=what)
                events.append(
                    f"{done.at:6.1f} s  SIGKILL {part} {what} (pid {done.pid}) at "
                    f"{workload.submitted} submitted"
                )

            return workload.at_progress(_progress_points(envelopes, len(targets), rng), kill)

        result = _work(
            deployment, f"SIGKILL run ({kills} kills)", envelopes, faults, supervised=True
        )
        stop.set()
        supervisor.join()
        restarts = {p.name: p.restarts for p in deployment.parts.values() if p.restarts}
        result.events.append(f"restarted by the supervisor: {restarts or 'none'}")
        _print_logs_if_failed(result, deployment)
        return result
    except BaseException:
        print(deployment.logs())
        raise
    finally:
        stop.set()
        deployment.close()


def _print_logs_if_failed(result: RunResult, deployment) -> None:
    """The tail of every process's log when a check failed: the failure's message shows it
    (the system's folder is gone afterwards)."""
    if not all(check.held for check in result.checks):
        print(deployment.logs())
        for log in sorted(deployment.system.root.glob("*.log")):
            lines = log.read_text(errors="replace").splitlines()
            for number, line in enumerate(lines):
                if " ERROR " in line:  # with its traceback, which the tails may have lost
                    print(
                        f"== {log.name}, line {number + 1}", *lines[number : number + 160], sep="\n"
                    )


def database_restart_run(
    root: Path, *, envelopes: int = 100, restarts: int = 3, down_seconds: float = 3, seed=None
) -> RunResult:
    """PostgreSQL stopped and started `restarts` times (`down_seconds` down each time), alone:
    the processes must heal themselves; afterwards the site must serve, every part alive."""
    rng = random.Random(seed)
    deployment = deploy(root)
    try:

        def faults(workload: Workload, events: list[str]):
            def restart(index):
                mode = ("fast", "immediate")[index % 2]
                outage = deployment.restart_database(mode=mode, down_seconds=down_seconds)
                events.append(
                    f"{outage.at:6.1f} s  PostgreSQL stopped ({mode}), up again after "
                    f"{outage.seconds:.1f} s, at {workload.submitted} submitted"
                )

            return workload.at_progress(_progress_points(envelopes, restarts, rng), restart)

        name = f"database restart run ({restarts} restarts)"
        result = _work(deployment, name, envelopes, faults, supervised=False)
        problems = [f"{part} died" for part in deployment.dead_parts()]
        if not deployment.serving():
            problems.append("a web server does not answer /healthz with 200")
        result.checks.insert(0, Check("serving afterwards, nothing restarted", problems))
        _print_logs_if_failed(result, deployment)
        return result
    except BaseException:
        print(deployment.logs())
        raise
    finally:
        deployment.close()
