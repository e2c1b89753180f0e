"""The health monitor: checks the database and the document storage (efiling.core.health)
every EFILING_HEALTH_CHECK_SECONDS, and opens an incident of every court when one has failed
for EFILING_INCIDENT_AFTER_SECONDS or longer, closing it at the first healthy check after.

Its core is pure: `monitor_decide(states, observed, now, after=...)` takes what each check
answered at `now` and gives the new states and the decisions (open an incident for a check
since its first failing observation; close it at the first healthy one). `monitor_step`
observes, decides, writes each decision to the local journal "health-monitor"
(efiling.core.journal: durable while the database is down) and, when the database answered,
imports the journal: the incident is created with its true start even when the database was
down the whole time. The `health_monitor` command runs `monitor_step` in a loop; `efiling serve`
supervises it like the task worker."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from efiling.availability.incidents import monitor_incident_close, monitor_incident_open
from efiling.availability.models import Incident
from efiling.core import clock
from efiling.core.database_outage import DATABASE_ERRORS, connections_close
from efiling.core.health import database_problem, storage_problem
from efiling.core.journal import journal_append, journal_import

JOURNAL = "health-monitor"
CHECKS = {Incident.Check.DATABASE: database_problem, Incident.Check.STORAGE: storage_problem}


@dataclass(frozen=True)
class CheckState:
    """What the monitor knows of one check: since when it fails (None: it works) and whether it
    has decided to open an incident for this failure."""

    failing_since: datetime | None = None
    incident_open: bool = False


@dataclass(frozen=True)
class Decision:
    """Open an incident for `check` that began `at` (the first failing observation), or close
    the check's incident `at` (the first healthy observation)."""

    kind: str  # "open" or "close"
    check: str
    at: datetime
    problem: str = ""


def monitor_decide(
    states: dict[str, CheckState],
    observed: dict[str, str | None],
    now: datetime,
    *,
    after: timedelta,
) -> tuple[dict[str, CheckState], list[Decision]]:
    """The monitor's rule, without side effects. `observed` maps each check to its problem at
    `now` (None: healthy). A check failing since `failing_since` gets an "open" decision once
    `now - failing_since >= after` (once per failure); a healthy check whose incident was
    opened gets a "close" decision at `now`. Returns the new states and the decisions."""
    new, decisions = dict(states), []
    for check, problem in observed.items():
        state = states.get(check, CheckState())
        if problem is None:
            if state.incident_open:
                decisions.append(Decision("close", check, now))
            new[check] = CheckState()
            continue
        since = state.failing_since or now
        state = replace(state, failing_since=since)
        if not state.incident_open and now - since >= after:
            decisions.append(Decision("open", check, since, problem))
            state = replace(state, incident_open=True)
        new[check] = state
    return new, decisions


def _import(entry: dict) -> None:
    at = datetime.fromisoformat(entry["at"])
    if entry["kind"] == "open":
        monitor_incident_open(
            check=entry["check"],
            started_at=at,
            problem=entry["problem"],
            entry_id=entry["entry_id"],
        )
    else:
        monitor_incident_close(check=entry["check"], ended_at=at)


def monitor_import() -> int:
    """Import the journal's pending decisions into incidents (idempotent); 0 and the entries
    left pending when the database fails meanwhile."""
    try:
        return journal_import(JOURNAL, _import)
    except DATABASE_ERRORS:
        connections_close()
        return 0


def monitor_states_initial() -> dict[str, CheckState]:
    """At start: the checks with an incident the monitor opened still open (so that a healthy
    check closes it), read from the database; none when it does not answer."""
    try:
        open_checks = set(
            Incident.objects.filter(ended_at__isnull=True)
            .exclude(failed_check="")
            .values_list("failed_check", flat=True)
        )
    except DATABASE_ERRORS:
        connections_close()
        return {}
    return {check: CheckState(clock.now(), incident_open=True) for check in open_checks}


def monitor_step(
    states: dict[str, CheckState],
    *,
    after: timedelta,
    observe: Callable[[], dict[str, str | None]] | None = None,
) -> tuple[dict[str, CheckState], list[Decision]]:
    """One round: observe (default: every check of CHECKS), decide, journal the decisions,
    and import the journal when the database answered. Returns the new states and decisions."""
    observed = observe() if observe is not None else {c: check() for c, check in CHECKS.items()}
    states, decisions = monitor_decide(states, observed, clock.now(), after=after)
    for decision in decisions:
        journal_append(
            JOURNAL,
            {
                "kind": decision.kind,
                "check": decision.check,
                "at": decision.at.isoformat(),
                "problem": decision.problem,
            },
        )
    if observed.get(Incident.Check.DATABASE) is None:
        monitor_import()
    return states, decisions


def decision_words(decision: Decision) -> str:
    """A log line's words for a decision."""
    if decision.kind == "open":
        return f"{decision.check} failing since {decision.at.isoformat()}: {decision.problem}"
    return f"{decision.check} working again at {decision.at.isoformat()}"
