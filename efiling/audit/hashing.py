"""The hashes of the audit trail, as pure functions of plain values (no database).

Two hashes make the trail (docs/decisions/0006-audit-chain.md):

- an event's **content hash**: SHA-256 of the canonical JSON of what the event says (when, who,
  what, where, details), computed when the event is inserted;
- a link's **hash**: SHA-256 of the canonical JSON of the link's number, its time, the event's
  content hash and the previous link's hash. The first link's previous hash is GENESIS_HASH.

Events recorded before the chain was split from the events (format LEGACY) kept their original
hash, which already chained them: SHA-256 over the event's fields together with its number and
the previous hash. Their links carry that hash unchanged, so a head recorded before the upgrade
still checks. These formulas never change: a changed formula would break every stored hash.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from efiling.core import clock

GENESIS_HASH = "0" * 64
CONTENT_FIELDS = (
    "occurred_at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "channel",
    "ip_address",
    "details",
)


def _sha256_of(payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def instant_text(instant: datetime) -> str:
    """An instant as hashed: UTC, ISO 8601, microseconds."""
    return instant.astimezone(clock.UTC).isoformat(timespec="microseconds")


def _content(event) -> dict[str, Any]:
    payload = {name: getattr(event, name) for name in CONTENT_FIELDS}
    payload["occurred_at"] = instant_text(event.occurred_at)
    return payload


def content_hash(event) -> str:
    """The content hash of an event (any object with the CONTENT_FIELDS attributes)."""
    return _sha256_of(_content(event))


def legacy_event_hash(event, *, seq: int, prev_hash: str) -> str:
    """The hash of an event recorded before links existed: its content with its number and the
    previous event's hash."""
    return _sha256_of({**_content(event), "seq": seq, "prev_hash": prev_hash})


def link_hash(*, seq: int, linked_at: datetime, content_hash: str, prev_hash: str) -> str:
    return _sha256_of(
        {
            "seq": seq,
            "linked_at": instant_text(linked_at),
            "content_hash": content_hash,
            "prev_hash": prev_hash,
        }
    )
