"""Domain events: how a lower app tells the apps above it what happened without importing them.

Dependencies run one way (docs/architecture.md): cases, scheduling, filings and docket never
import the service app, yet service must answer their changes with service records and
notices. So the app where something happened calls `event_record(kind, ...)` inside the
transaction that made the change, and the apps above subscribe to the kinds they answer in
their `AppConfig.ready()`. Handlers run at once, in that same transaction: what they record
(a service record, a notice, the e-mail row that carries it) commits or rolls back with the
event, and a handler that raises rolls the whole change back. Nothing here is sent anywhere:
work that must leave the process (e-mail, webhooks) is written as rows by the handlers and
done after the commit by the task worker (efiling.service.delivery). Decision 0011.

An event's kind is "<app>.<what happened>" in the past tense ("filings.envelope_submitted");
its facts are keyword arguments (model instances are fine: handlers run in the same process
and transaction). The kinds and their facts are listed by the app that records them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from efiling.core import clock


@dataclass(frozen=True)
class DomainEvent:
    """What happened (`kind`), when (`occurred_at`, UTC, from the one clock) and its facts."""

    kind: str
    occurred_at: datetime
    facts: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.facts[name]
        except KeyError:
            raise AttributeError(f"{self.kind} has no fact {name!r}") from None


Handler = Callable[[DomainEvent], None]
_handlers: dict[str, list[Handler]] = defaultdict(list)


def subscribe(kind: str, handler: Handler) -> None:
    """Call `handler(event)` for every event of `kind` from now on (once, however often it is
    subscribed: ready() may run twice in tests). Called from an AppConfig.ready()."""
    if handler not in _handlers[kind]:
        _handlers[kind].append(handler)


def event_record(kind: str, **facts) -> DomainEvent:
    """Record that `kind` happened, with its facts, and run its handlers in the caller's
    transaction, in the order they subscribed. Raises RuntimeError outside a transaction
    (what the handlers write must commit with the change); whatever a handler raises goes
    to the caller, so that the change rolls back."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"{kind} must be recorded in the transaction of the change.")
    event = DomainEvent(kind=kind, occurred_at=clock.now(), facts=facts)
    for handler in list(_handlers.get(kind, ())):
        handler(event)
    return event
