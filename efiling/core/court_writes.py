"""The one check at the start of every write for a court: a service that changes a court's
records (a clerk's review and docketing, orders and judgments, hearings, summonses and returns
of service, a court administrator's changes to the court, a filer's drafts and submissions)
calls `court_writes_check(court)` before it writes anything.

The apps that may stop a court's writes sit above the apps that write (planned maintenance:
efiling.availability), so they add their check here from their `AppConfig.ready()`
(`court_writes_gate_add`) and every layer can call it without importing them. A check raises
core.errors.Unavailable (503, Retry-After), which views and API handlers let through to their
error answer, so nothing is written."""

from __future__ import annotations

from collections.abc import Callable

_gates: list[Callable[[object], None]] = []


def court_writes_gate_add(gate: Callable[[object], None]) -> None:
    """Add `gate(court)`, which raises Unavailable while the court's writes are stopped (added
    once per process; adding the same function again does nothing)."""
    if gate not in _gates:
        _gates.append(gate)


def court_writes_check(court) -> None:
    """Raise Unavailable (503, `retry_after` in seconds) when a gate stops writes in `court`
    (a courts.Court); returns None when the court takes writes."""
    for gate in _gates:
        gate(court)
