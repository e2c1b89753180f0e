"""Recording and verifying audit events.

Call `audit_record` from the service that makes a change, inside the same transaction, so the
event exists exactly when the change does. Appends are serialized by locking the chain head row
(SELECT ... FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions serialize writers).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from efiling.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent
from efiling.core import clock
from efiling.core.client_address import client_address

HEAD_ID = 1


def _normalized(details: dict[str, Any] | None) -> dict[str, Any]:
    """Details as they will read back from the database (plain JSON types only)."""
    return json.loads(json.dumps(details or {}, default=str))


def event_hash(event: AuditEvent) -> str:
    payload = {
        "seq": event.seq,
        "occurred_at": event.occurred_at.astimezone(clock.UTC).isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "channel": event.channel,
        "ip_address": event.ip_address,
        "details": event.details,
        "prev_hash": event.prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


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
) -> AuditEvent:
    """Append one event. `actor` defaults to the request's signed-in user."""
    entry = {
        "action": action,
        "target": target,
        "details": details,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr,
    }
    return audit_record_many(entries=[entry], actor=actor, request=request, channel=channel)[0]


def audit_record_many(*, entries: list[dict[str, Any]], actor=None, request=None, channel=None):
    """Append several events of one actor under one lock of the chain head, inserted in bulk
    (a roster import of thousands of members). Each entry has the keyword arguments of
    `audit_record` that describe an event: action, target, details, object_type/id/repr."""
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    now = clock.now()
    with transaction.atomic():
        AuditChainHead.objects.bulk_create(
            [AuditChainHead(pk=HEAD_ID, seq=0, hash=GENESIS_HASH)], ignore_conflicts=True
        )
        head = AuditChainHead.objects.select_for_update().get(pk=HEAD_ID)
        seq, previous = head.seq, head.hash
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
            seq += 1
            event = AuditEvent(
                seq=seq,
                occurred_at=now,
                actor_id=actor.pk if actor is not None else None,
                actor_label=str(actor)[:200] if actor is not None else "",
                action=entry["action"],
                object_type=object_type,
                object_id=object_id,
                object_repr=object_repr[:200],
                channel=channel or _channel_of(request),
                ip_address=_client_ip(request),
                details=_normalized(entry.get("details")),
                prev_hash=previous,
            )
            event.hash = previous = event_hash(event)
            events.append(event)
        AuditEvent.objects.bulk_create(events, batch_size=1000)
        AuditChainHead.objects.filter(pk=HEAD_ID).update(seq=seq, hash=previous)
    return events


@dataclass(frozen=True)
class ChainReport:
    intact: bool
    events_checked: int
    head_seq: int
    head_hash: str
    broken_seq: int | None = None
    problem: str | None = None


def audit_chain_verify(*, batch_size: int = 2000) -> ChainReport:
    """Walk the whole chain in order and name the first event that does not fit."""
    head = AuditChainHead.objects.filter(pk=HEAD_ID).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    expected_seq, previous_hash, checked = 1, GENESIS_HASH, 0

    def broken(seq: int, problem: str) -> ChainReport:
        return ChainReport(False, checked, head_seq, head_hash, seq, problem)

    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            if event.seq > expected_seq:
                return broken(expected_seq, f"event #{expected_seq} is missing (deleted)")
            return broken(event.seq, f"event #{event.seq} appears twice or out of order")
        if event.prev_hash != previous_hash:
            return broken(
                event.seq, "its link to the previous event does not match (inserted or replaced)"
            )
        if event_hash(event) != event.hash:
            return broken(event.seq, "its content does not match its hash (changed)")
        previous_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1

    last_seq = expected_seq - 1
    if (last_seq, previous_hash) != (head_seq, head_hash):
        if last_seq < head_seq:
            return broken(last_seq + 1, f"events after #{last_seq} are missing (deleted)")
        return broken(head_seq + 1, "events exist beyond the recorded head (inserted)")
    return ChainReport(True, checked, head_seq, head_hash)
