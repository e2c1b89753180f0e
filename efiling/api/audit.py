"""The audit trail's signed checkpoints and the keys that sign them: public, so that anyone who
kept a checkpoint can check later that the trail only grew (docs/decisions/0006-audit-chain.md)."""

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema

from efiling.api.pagination import Page, PageQuery, paginate_sequence
from efiling.api.schemas import BodySchema, PlainInt, column, errors, text
from efiling.audit.checkpoints import (
    TIME_TEXT_LENGTH,
    audit_checkpoint_check,
    audit_checkpoint_get,
    checkpoint_document,
)
from efiling.audit.models import AuditCheckpoint
from efiling.core.signing import signing_keys

router = Router(tags=["Audit trail"])
# Every operation says who may call it; the permission-matrix test reads this mark.
PUBLIC = {"x-permission": "public"}


class CheckpointOut(Schema):
    seq: int = Field(description="Number of the chain's last link at that time.")
    hash: str = Field(description="That link's SHA-256, 64 hex digits.")
    time: str = Field(description="When it was signed, UTC, e.g. 2026-11-30T14:05:00Z.")
    key_id: str = Field(description="The signing key (GetSigningKeys).")
    signature: str = Field(description="Base64 of the Ed25519 signature (see the audit page).")


class CheckpointIn(BodySchema):
    """A checkpoint as it was kept (GetAuditCheckpoint's answer)."""

    seq: int = Field(ge=0)
    hash: str = column(AuditCheckpoint, "hash")
    time: str = text(TIME_TEXT_LENGTH)
    key_id: str = column(AuditCheckpoint, "key_id")
    signature: str = column(AuditCheckpoint, "signature")


class SigningKeyOut(Schema):
    key_id: str = Field(description="First 16 hex digits of the SHA-256 of the raw public key.")
    public_key: str = Field(description="The raw 32-byte Ed25519 public key, base64.")
    public_key_pem: str
    signs: bool = Field(description="True for the key that signs new checkpoints.")


class CheckpointCheckOut(Schema):
    valid: bool = Field(description="Signed by a listed key, and the trail still contains it.")
    message: str
    seq: int
    hash: str
    key_id: str
    head_seq: int = Field(description="Number of the chain's last link now.")
    grown_by: int = Field(description="Links added since the checkpoint (negative: removed).")


@router.get(
    "/audit/checkpoint",
    response={200: CheckpointOut, **errors(404)},
    operation_id="GetAuditCheckpoint",
    url_name="GetAuditCheckpoint",
    openapi_extra=PUBLIC,
    summary="The latest signed checkpoint of the audit trail, or the latest one of link seq",
)
def get_audit_checkpoint(request, seq: PlainInt | None = None):
    return checkpoint_document(audit_checkpoint_get(seq=seq))


@router.get(
    "/audit/signing-keys",
    response={200: Page[SigningKeyOut], **errors()},
    operation_id="GetSigningKeys",
    url_name="GetSigningKeys",
    openapi_extra=PUBLIC,
    summary="The public keys that sign checkpoints, by key id (signs: the one that signs new ones)",
)
def get_signing_keys(request, response: HttpResponse, query: Query[PageQuery]):
    keys = [
        {
            "key_id": key.key_id,
            "public_key": key.public_base64,
            "public_key_pem": key.public_pem,
            "signs": position == 0,
        }
        for position, key in enumerate(signing_keys())
    ]
    return paginate_sequence(
        request, response, keys, query=query, key=lambda key: key["key_id"], out=lambda key: key
    )


@router.post(
    "/audit/checkpoint/verify",
    response={200: CheckpointCheckOut, **errors(415)},
    operation_id="VerifyAuditCheckpoint",
    url_name="VerifyAuditCheckpoint",
    openapi_extra=PUBLIC,
    summary="Check a kept checkpoint: signed by a listed key, and still in the trail",
)
def verify_audit_checkpoint(request, checkpoint: CheckpointIn):
    result = audit_checkpoint_check(document=checkpoint.dict())
    return {
        "valid": result.valid,
        "message": result.message,
        "seq": result.seq,
        "hash": result.hash,
        "key_id": result.key_id,
        "head_seq": result.head_seq,
        "grown_by": result.grown_by,
    }
