"""Verifying the audit trail: walk every link in order, recompute every hash, and compare the
result with heads recorded outside the database (docs/decisions/0006-audit-chain.md).

The walk alone finds a changed event or link, a removed or inserted link, a link whose event is
gone, and events that were never chained. It cannot find a rewrite done by someone who has the
code and recomputes every later hash, nor events removed from the end together with their links,
nor an emptied trail: for those the walk's result is compared with a head someone kept
elsewhere (`--expect SEQ:HASH`, or a signed checkpoint).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from efiling.audit.chain import LATE_AFTER, audit_chain_extend, unchained_events
from efiling.audit.hashing import GENESIS_HASH, content_hash, legacy_event_hash, link_hash
from efiling.audit.models import AuditEvent, AuditLink, HashFormat
from efiling.core import clock
from efiling.core.errors import ValidationFailed

EXPECT_PATTERN = re.compile(r"^(\d{1,19}):([0-9a-f]{64})$")


@dataclass(frozen=True)
class Expectation:
    """Link `seq` had `hash` when `source` recorded it."""

    seq: int
    hash: str
    source: str


def expectation_parse(text: str) -> Expectation:
    """`SEQ:HASH` (a number, a colon, 64 hex digits) as printed by verify_audit and kept
    elsewhere. Raises ValidationFailed naming the expected form."""
    match = EXPECT_PATTERN.match(text.strip().lower())
    if not match:
        raise ValidationFailed(
            f"{text!r} is not SEQ:HASH (a link number, a colon and 64 hex digits), "
            "as verify_audit prints the head."
        )
    return Expectation(int(match.group(1)), match.group(2), f"--expect {text.strip()}")


@dataclass(frozen=True)
class ChainReport:
    """The walk's result. `broken_seq` and `problem` name the first thing found wrong.
    `unchained` counts events older than LATE_AFTER that had no link when the walk began
    (linked first unless the walk was asked not to); `late_links` counts links made more than
    LATE_AFTER after their event was recorded."""

    intact: bool
    events_checked: int
    head_seq: int
    head_hash: str
    broken_seq: int | None = None
    problem: str | None = None
    # "walk" (the chain contradicts itself), "unchained", or "expectation" (the chain is
    # consistent but differs from a head kept elsewhere)
    found_by: str | None = None
    chained_now: int = 0
    unchained: int = 0
    first_unchained_id: int | None = None
    late_links: int = 0
    first_late_seq: int | None = None
    expectations_met: list[Expectation] = field(default_factory=list)


class _Broken(Exception):
    def __init__(self, seq: int, problem: str):
        super().__init__(problem)
        self.seq, self.problem = seq, problem


def _expected_hashes(link: dict, event: AuditEvent) -> tuple[str, str]:
    """(the event's content hash, the link's hash) recomputed from what is stored."""
    if event.hash_format == HashFormat.LEGACY:
        legacy = legacy_event_hash(event, seq=link["seq"], prev_hash=link["prev_hash"])
        return legacy, legacy
    content = content_hash(event)
    return content, link_hash(
        seq=link["seq"],
        linked_at=link["linked_at"],
        content_hash=content,
        prev_hash=link["prev_hash"],
    )


class _Walk:
    def __init__(self, wanted: set[int]):
        self.wanted = wanted
        self.seen: dict[int, str] = {0: GENESIS_HASH} if 0 in wanted else {}
        self.expected_seq, self.previous, self.checked = 1, GENESIS_HASH, 0
        self.late, self.first_late = 0, None

    def check_chunk(self, links: list[dict]) -> None:
        events = AuditEvent.objects.in_bulk([link["event_id"] for link in links])
        for link in links:
            self.check(link, events.get(link["event_id"]))

    def check(self, link: dict, event: AuditEvent | None) -> None:
        seq = link["seq"]
        if seq != self.expected_seq:
            raise _Broken(self.expected_seq, f"link #{self.expected_seq} is missing (deleted)")
        if link["prev_hash"] != self.previous:
            raise _Broken(
                seq,
                f"its previous hash is not link #{seq - 1}'s (a link was inserted, removed "
                "or replaced before it)",
            )
        if event is None:
            raise _Broken(seq, f"it names event {link['event_id']}, which is missing (deleted)")
        expected_content, expected_link = _expected_hashes(link, event)
        if expected_content != event.content_hash:
            raise _Broken(seq, f"event {event.pk} does not match its content hash (changed)")
        if expected_link != link["hash"]:
            raise _Broken(
                seq, f"it does not match its hash (the link, or event {event.pk}, was replaced)"
            )
        if (
            event.hash_format == HashFormat.CONTENT
            and link["linked_at"] - event.occurred_at > LATE_AFTER
        ):
            self.late += 1
            self.first_late = self.first_late or seq
        if seq in self.wanted:
            self.seen[seq] = link["hash"]
        self.previous, self.expected_seq, self.checked = link["hash"], seq + 1, self.checked + 1


def _expectation_problem(expectation: Expectation, head_seq: int, seen: dict[int, str]):
    if expectation.seq > head_seq:
        return (
            f"the chain ends at link #{head_seq}, but {expectation.source} recorded link "
            f"#{expectation.seq}: links were deleted from the end, or the trail was emptied"
        )
    if seen[expectation.seq] != expectation.hash:
        return (
            f"link #{expectation.seq} has hash {seen[expectation.seq]}, but "
            f"{expectation.source} recorded {expectation.hash}: the chain was rewritten at or "
            f"before link #{expectation.seq}"
        )
    return None


def audit_chain_verify(
    *,
    expectations: Sequence[Expectation] = (),
    chain_first: bool = True,
    batch_size: int = 2000,
) -> ChainReport:
    """Walk the whole chain and name the first link that does not fit, then compare the
    expectations (heads recorded elsewhere). With `chain_first`, events not yet chained are
    linked before the walk (those older than LATE_AFTER are counted in the report); without
    it, such an old unchained event is itself a problem. Reads the whole trail: minutes for
    millions of events."""
    cutoff = clock.now() - LATE_AFTER
    old_unchained = unchained_events().filter(occurred_at__lt=cutoff)
    unchained = old_unchained.count()
    first_unchained = old_unchained.order_by("id").values_list("id", flat=True).first()
    chained_now = audit_chain_extend() if chain_first else 0
    walk = _Walk({e.seq for e in expectations})
    summary = {
        "chained_now": chained_now,
        "unchained": unchained,
        "first_unchained_id": first_unchained,
    }

    def report(**values) -> ChainReport:
        return ChainReport(
            events_checked=walk.checked,
            late_links=walk.late,
            first_late_seq=walk.first_late,
            **summary,
            **values,
        )

    chunk: list[dict] = []
    links = AuditLink.objects.order_by("seq").values(
        "seq", "event_id", "linked_at", "prev_hash", "hash"
    )
    try:
        for link in links.iterator(chunk_size=batch_size):
            chunk.append(link)
            if len(chunk) == batch_size:
                walk.check_chunk(chunk)
                chunk = []
        walk.check_chunk(chunk)
    except _Broken as broken:
        return report(
            intact=False,
            head_seq=walk.expected_seq - 1,
            head_hash=walk.previous,
            broken_seq=broken.seq,
            problem=broken.problem,
            found_by="walk",
        )
    head_seq, head_hash = walk.expected_seq - 1, walk.previous
    if unchained and not chain_first:
        return report(
            intact=False,
            head_seq=head_seq,
            head_hash=head_hash,
            broken_seq=head_seq + 1,
            problem=(
                f"{unchained} event(s) recorded more than {LATE_AFTER.seconds} seconds ago are "
                f"not chained (the first is event {first_unchained})"
            ),
            found_by="unchained",
        )
    met = []
    for expectation in expectations:
        problem = _expectation_problem(expectation, head_seq, walk.seen)
        if problem:
            return report(
                intact=False,
                head_seq=head_seq,
                head_hash=head_hash,
                broken_seq=expectation.seq,
                problem=problem,
                found_by="expectation",
                expectations_met=met,
            )
        met.append(expectation)
    return report(intact=True, head_seq=head_seq, head_hash=head_hash, expectations_met=met)
