"""Chaining committed events: the one writer of links (docs/decisions/0006-audit-chain.md).

A chaining step is a short transaction of its own, never part of a business transaction: it
takes the chain's lock (a PostgreSQL advisory transaction lock; on SQLite the IMMEDIATE
transaction already holds the database's one writer lock), reads the head (the last link),
and inserts links N+1, N+2 ... for committed events that have none, in id order. Only chaining
steps wait for each other, each for a few statements; the link number's primary key makes a
fork impossible even for a writer that skips the lock.

Steps run right after each transaction that recorded events commits (efiling.audit.services),
every EFILING_AUDIT_CHAIN_SECONDS in `efiling audit_chain --follow` (events of a process that
died between its commit and its step), and before `efiling verify_audit` walks the chain.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from efiling.audit.hashing import GENESIS_HASH, link_hash
from efiling.audit.models import AuditEvent, AuditLink
from efiling.core import clock

# "efiling" and 1, as one 64-bit number: the advisory lock every chaining step takes.
CHAIN_LOCK_ID = 0x6566696C696E6701
BATCH_SIZE = 1000
# The follower looks this far back for events left unchained: one index probe per event recorded
# in that time. An older one (its transaction ran longer, or no follower ran) is linked by the
# follower's full pass when it starts, `efiling audit_chain` or `efiling verify_audit`.
FOLLOW_LOOKBACK = timedelta(minutes=10)
# An event chained later than this after it was recorded is reported by verify_audit.
LATE_AFTER = timedelta(minutes=1)


def _chain_lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_ID])


def chain_head() -> tuple[int, str]:
    """(seq, hash) of the last link; (0, GENESIS_HASH) for an empty chain."""
    return AuditLink.objects.order_by("-seq").values_list("seq", "hash").first() or (
        0,
        GENESIS_HASH,
    )


def unchained_events():
    """Events without a link, as NOT EXISTS: an anti-join PostgreSQL runs as one index probe
    per candidate event (a LEFT JOIN ... IS NULL made it hash the whole link table)."""
    return AuditEvent.objects.filter(~Exists(AuditLink.objects.filter(event_id=OuterRef("pk"))))


def audit_chain_extend(
    *,
    from_event_id: int | None = None,
    recorded_since: datetime | None = None,
    batch_size: int = BATCH_SIZE,
) -> int:
    """Link committed unlinked events, oldest id first, in steps of at most `batch_size`;
    return how many were linked. `from_event_id` and `recorded_since` narrow the search to
    recent events (an index range instead of the whole table); without them every event is
    considered. Run it outside any business transaction: it commits each step."""
    linked = 0
    while True:
        with transaction.atomic():
            _chain_lock()
            seq, previous = chain_head()
            pending = unchained_events()
            if from_event_id is not None:
                pending = pending.filter(id__gte=from_event_id)
            if recorded_since is not None:
                pending = pending.filter(occurred_at__gte=recorded_since)
            events = list(pending.order_by("id").values_list("id", "content_hash")[:batch_size])
            if not events:
                return linked
            now = clock.now()
            links = []
            for event_id, content in events:
                seq += 1
                hash = link_hash(seq=seq, linked_at=now, content_hash=content, prev_hash=previous)
                link = AuditLink(
                    seq=seq, event_id=event_id, linked_at=now, prev_hash=previous, hash=hash
                )
                links.append(link)
                previous = link.hash
            AuditLink.objects.bulk_create(links)
        linked += len(links)
        if len(links) < batch_size:
            return linked


def audit_chain_follow_step() -> int:
    """What the follower does each time (and before a checkpoint): link events recorded within
    FOLLOW_LOOKBACK."""
    return audit_chain_extend(recorded_since=clock.now() - FOLLOW_LOOKBACK)
