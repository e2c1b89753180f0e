"""Recording audit events.

Call `audit_record` from the service that makes a change, inside the same transaction, so the
event exists exactly when the change does. Recording only inserts the event with its content
hash: it locks nothing, so audited writes of different courts never wait for each other. The
event is chained after the transaction commits (efiling.audit.chain), in a short transaction of
its own; a process that dies between the two leaves the event to `efiling audit_chain --follow`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.db import models, transaction

from efiling.audit.chain import audit_chain_extend
from efiling.audit.hashing import content_hash
from efiling.audit.models import AuditEvent
from efiling.audit.verify import audit_chain_verify
from efiling.core import clock
from efiling.core.client_address import client_address

__all__ = ["audit_chain_verify", "audit_record", "audit_record_many"]


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _storable(value):
    """Strings inside details with what no database can keep (NUL, which PostgreSQL's jsonb
    refuses; lone surrogates) shown as U+FFFD: an event records what was attempted even when the
    attempt carried such characters, and must never fail for it."""
    if isinstance(value, str):
        return _UNSTORABLE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_storable(key): _storable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_storable(item) for item in value]
    return value


def _normalized(details: dict[str, Any] | None) -> dict[str, Any]:
    """Details as they will read back from the database (plain JSON types only, storable)."""
    return _storable(json.loads(json.dumps(details or {}, default=str)))


def _channel_of(request) -> str:
    """Where a change came from: the JSON API (a token, or an /api/ address), a page, or the
    system itself."""
    if request is None:
        return "system"
    if getattr(request, "api_token", None) is not None or request.path.startswith("/api/"):
        return "api"
    return "web"


def _client_ip(request) -> str | None:
    return client_address(request)


class _ChainAfterCommit:
    """The on-commit step of a transaction that recorded events: link every committed event
    from its first one on (its own, and any others' committed meanwhile)."""

    def __init__(self, first_event_id: int):
        self.first_event_id = first_event_id
        # Django names a robust callback that failed by its __qualname__, which an instance
        # lacks: without it, logging the failure raised AttributeError (a 500 after commit).
        self.__qualname__ = "audit_chain_extend"

    def __call__(self):
        audit_chain_extend(from_event_id=self.first_event_id)


def _chain_after_commit(first_event_id: int) -> None:
    """Register the chaining step once per transaction: a step already waiting for this commit
    starts at an earlier event and links these too. Robust: a failure is logged and left to
    the follower, never turned into an error for a change already committed."""
    connection = transaction.get_connection()
    if any(isinstance(callback, _ChainAfterCommit) for _, callback, _ in connection.run_on_commit):
        return
    transaction.on_commit(_ChainAfterCommit(first_event_id), robust=True)


def audit_record(
    *,
    action: str,
    target: models.Model | None = None,
    actor=None,
    request=None,
    channel: str | None = None,
    details: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    actor_label: str = "",
) -> AuditEvent:
    """Record one event in the caller's transaction and return it (visible at once in that
    transaction; chained, with its `link.seq`, after commit). `actor` defaults to the request's
    signed-in user; `target` fills object_type, object_id and object_repr unless given.
    `actor_label` names who acted when no account did (e.g. "the public at the courthouse
    terminal ..."); with no account and no label the trail reads "the system"."""
    entry = {
        "action": action,
        "target": target,
        "details": details,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr,
    }
    return audit_record_many(
        entries=[entry], actor=actor, request=request, channel=channel, actor_label=actor_label
    )[0]


def audit_record_many(
    *,
    entries: list[dict[str, Any]],
    actor=None,
    request=None,
    channel=None,
    actor_label: str = "",
):
    """Record several events of one actor, inserted in bulk (a roster import of thousands of
    members), in id order. Each entry has the keyword arguments of `audit_record` that describe
    an event: action, target, details, object_type/id/repr. `actor_label` as audit_record's.
    Returns the events."""
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    now = clock.now()
    events = []
    for entry in entries:
        target = entry.get("target")
        object_type = entry.get("object_type") or ""
        object_id = entry.get("object_id") or ""
        object_repr = entry.get("object_repr") or ""
        if target is not None:
            object_type = object_type or target._meta.label_lower
            object_id = object_id or str(target.pk)
            object_repr = object_repr or str(target)
        event = AuditEvent(
            occurred_at=now,
            actor_id=actor.pk if actor is not None else None,
            actor_label=(str(actor) if actor is not None else actor_label)[:200],
            action=entry["action"],
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr[:200],
            channel=channel or _channel_of(request),
            ip_address=_client_ip(request),
            details=_normalized(entry.get("details")),
        )
        event.content_hash = content_hash(event)
        events.append(event)
    if not events:
        return events
    # No savepoint: in the caller's transaction an event that cannot be inserted fails the
    # whole change (PostgreSQL aborts the transaction anyway), and a savepoint per event cost
    # two round trips (10 of an acceptance's 82 statements).
    with transaction.atomic(savepoint=False):
        AuditEvent.objects.bulk_create(events, batch_size=1000)
        _chain_after_commit(events[0].pk)
    return events
