"""Signed checkpoints of the audit chain's head, published so that anyone who kept one can later
check that the trail only grew (as Certificate Transparency's signed tree heads do).

A checkpoint is {seq, hash, time, key_id, signature}: link `seq` had `hash` at `time` (UTC,
whole seconds), signed (efiling.core.signing, purpose `audit-checkpoint`) over the canonical
JSON of {"hash", "seq", "time"} by the key named `key_id`. Checkpoints are published every
EFILING_AUDIT_CHECKPOINT_MINUTES by `efiling audit_chain --follow` when the chain has grown, and
on demand by `efiling audit_checkpoint`; they are rows as insert-only as the events.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from efiling.audit.chain import audit_chain_follow_step, chain_head
from efiling.audit.models import AuditCheckpoint, AuditLink
from efiling.audit.verify import Expectation
from efiling.core import clock, signing
from efiling.core.errors import NotFound, ValidationFailed

PURPOSE = "audit-checkpoint"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
TIME_TEXT_LENGTH = len("2026-11-30T14:05:00Z")
FIELDS = ("seq", "hash", "time", "key_id", "signature")
HASH_PATTERN = re.compile(r"^[0-9a-f]{64}$")
KEY_ID_PATTERN = re.compile(r"^[0-9a-f]{16}$")
DOCUMENT_MAX_CHARS = 2000


def _payload(*, seq: int, hash: str, time: str) -> dict:
    return {"seq": seq, "hash": hash, "time": time}


def checkpoint_document(checkpoint: AuditCheckpoint) -> dict:
    """What a person keeps: the checkpoint as a JSON object of FIELDS."""
    return {
        "seq": checkpoint.seq,
        "hash": checkpoint.hash,
        "time": checkpoint.signed_at.astimezone(clock.UTC).strftime(TIME_FORMAT),
        "key_id": checkpoint.key_id,
        "signature": checkpoint.signature,
    }


def checkpoint_text(checkpoint: AuditCheckpoint) -> str:
    """The document as one line of JSON, in FIELDS order, to copy and keep."""
    return json.dumps(checkpoint_document(checkpoint))


def audit_checkpoint_publish(*, only_if_grown: bool = False) -> AuditCheckpoint | None:
    """Chain what is waiting, then sign the head with the first signing key and store it.
    With `only_if_grown`, returns None (and stores nothing) when the latest checkpoint
    already names the head."""
    audit_chain_follow_step()
    seq, hash = chain_head()
    latest = AuditCheckpoint.objects.first()
    if only_if_grown and latest is not None and latest.seq == seq:
        return None
    signed_at = clock.now().replace(microsecond=0)
    time = signed_at.astimezone(clock.UTC).strftime(TIME_FORMAT)
    signature = signing.sign(purpose=PURPOSE, payload=_payload(seq=seq, hash=hash, time=time))
    return AuditCheckpoint.objects.create(
        seq=seq,
        hash=hash,
        signed_at=signed_at,
        key_id=signature.key_id,
        signature=signature.signature,
    )


def audit_checkpoints_latest(*, limit: int = 20) -> list[AuditCheckpoint]:
    return list(AuditCheckpoint.objects.all()[:limit])


def audit_checkpoint_get(*, seq: int | None = None) -> AuditCheckpoint:
    """The latest checkpoint, or the latest one of link `seq`. Raises NotFound."""
    checkpoints = AuditCheckpoint.objects.all()
    if seq is not None:
        checkpoints = checkpoints.filter(seq=seq)
    checkpoint = checkpoints.first()
    if checkpoint is None:
        raise NotFound(
            "No checkpoint has been published yet."
            if seq is None
            else f"No checkpoint was published at link #{seq}."
        )
    return checkpoint


@dataclass(frozen=True)
class Claim:
    """A checkpoint as someone presents it, well-formed but not yet checked."""

    seq: int
    hash: str
    time: str
    key_id: str
    signature: str

    @property
    def payload(self) -> dict:
        return _payload(seq=self.seq, hash=self.hash, time=self.time)


def checkpoint_parse(document: str | dict) -> Claim:
    """A checkpoint from its JSON text or object. Raises ValidationFailed naming what is wrong
    (not JSON, a field missing, a field of the wrong form); its `field` is `checkpoint` for a
    text, the first field at fault for an object."""
    pasted = isinstance(document, str)
    if pasted:
        if len(document) > DOCUMENT_MAX_CHARS:
            raise ValidationFailed("That is far longer than a checkpoint.", field="checkpoint")
        try:
            document = json.loads(document)
        except ValueError:
            raise ValidationFailed(
                "That is not a checkpoint: paste the JSON object exactly as you kept it, "
                'from { to } (it starts {"seq": ...).',
                field="checkpoint",
            ) from None
    if not isinstance(document, dict):
        raise ValidationFailed("A checkpoint is a JSON object.", field="checkpoint")
    missing = [name for name in FIELDS if name not in document]
    if missing:
        raise ValidationFailed(
            f"The checkpoint lacks {', '.join(missing)}.", field="checkpoint", code="incomplete"
        )
    seq, hash, time = document["seq"], document["hash"], document["time"]
    key_id, signature = document["key_id"], document["signature"]
    checks = (
        (
            "seq",
            not isinstance(seq, bool) and isinstance(seq, int) and seq >= 0,
            "seq must be a whole number of 0 or more",
        ),
        (
            "hash",
            isinstance(hash, str) and HASH_PATTERN.match(hash),
            "hash must be 64 lower-case hex digits",
        ),
        (
            "time",
            isinstance(time, str) and _is_time(time),
            "time must read like 2026-11-30T14:05:00Z",
        ),
        (
            "key_id",
            isinstance(key_id, str) and KEY_ID_PATTERN.match(key_id),
            "key_id must be 16 hex digits",
        ),
        (
            "signature",
            isinstance(signature, str) and 0 < len(signature) <= 100,
            "signature must be the base64 text of the signature",
        ),
    )
    problems = [(name, problem) for name, good, problem in checks if not good]
    if problems:
        raise ValidationFailed(
            "The checkpoint is malformed: " + "; ".join(p for _, p in problems) + ".",
            field="checkpoint" if pasted else problems[0][0],
        )
    return Claim(seq, hash, time, key_id, signature)


def _is_time(text: str) -> bool:
    try:
        datetime.strptime(text, TIME_FORMAT)  # noqa: DTZ007 - the text ends in Z: UTC
    except ValueError:
        return False
    return True


def signature_problem(claim: Claim) -> str | None:
    """None when one of our keys signed the claim; otherwise why not, in plain words."""
    try:
        signing.verify(
            purpose=PURPOSE,
            payload=claim.payload,
            key_id=claim.key_id,
            signature=claim.signature,
        )
    except signing.UnknownKey:
        return (
            f"Key {claim.key_id} is not one of this system's signing keys (listed on this "
            "page): the checkpoint was not signed here."
        )
    except signing.SignatureInvalid:
        return (
            f"The signature is not valid for key {claim.key_id}: the checkpoint was altered "
            "(its number, hash or time) or was not signed here."
        )
    return None


@dataclass(frozen=True)
class CheckpointCheck:
    """The answer to "is this checkpoint ours, and does the trail still contain it?"."""

    valid: bool
    seq: int
    hash: str
    key_id: str
    head_seq: int
    message: str

    @property
    def grown_by(self) -> int:
        return self.head_seq - self.seq


def audit_checkpoint_check(*, document: str | dict) -> CheckpointCheck:
    """Check a kept checkpoint against the keys and the stored chain: the signature must be
    by a listed key, and link `seq` must still have `hash`. Compares with the stored links;
    recomputing every hash is verify_audit's (`--checkpoint FILE`). Raises ValidationFailed
    for a malformed document."""
    claim = checkpoint_parse(document)
    head_seq, _ = chain_head()

    def answer(valid: bool, message: str) -> CheckpointCheck:
        return CheckpointCheck(valid, claim.seq, claim.hash, claim.key_id, head_seq, message)

    problem = signature_problem(claim)
    if problem:
        return answer(False, problem)
    signed_by = f"Valid signature by key {claim.key_id}"
    if claim.seq > head_seq:
        return answer(
            False,
            f"{signed_by}, but the trail now ends at link #{head_seq}, before link "
            f"#{claim.seq}: events were removed from the end, or the trail was emptied.",
        )
    stored = AuditLink.objects.filter(seq=claim.seq).values_list("hash", flat=True).first()
    if claim.seq > 0 and stored != claim.hash:
        return answer(
            False,
            f"{signed_by}, but link #{claim.seq} now has another hash: the trail was "
            f"rewritten at or before link #{claim.seq}.",
        )
    grown = head_seq - claim.seq
    return answer(
        True,
        f"{signed_by}; the trail still contains it at link #{claim.seq} (grown by {grown} "
        f"event{'s' if grown != 1 else ''} since).",
    )


def stored_checkpoint_expectations() -> tuple[list, list[str]]:
    """The checkpoints this system published and still stores, as heads the chain must match
    (verify_audit compares them all, with no --expect): (expectations, problems). A stored row
    whose signature is not ours is a problem in itself (someone wrote it), not a head to match.
    Signatures cost about 50 us each: years of checkpoints every few minutes take seconds."""
    expectations, problems = [], []
    for checkpoint in AuditCheckpoint.objects.order_by("seq", "id").iterator(chunk_size=2000):
        try:
            claim = checkpoint_parse(checkpoint_document(checkpoint))
        except ValidationFailed as exc:
            claim, problem = None, exc.message
        else:
            problem = signature_problem(claim)
        if problem:
            problems.append(f"stored checkpoint #{checkpoint.seq} (row {checkpoint.pk}): {problem}")
            continue
        source = f"the stored checkpoint #{checkpoint.seq} of {claim.time}"
        expectations.append(Expectation(claim.seq, claim.hash, source))
    return expectations, problems
