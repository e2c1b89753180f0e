"""The shapes of the filing operations (efiling.api.filings): what they take (every str limited
by its column, enums from the model choices) and what they answer, and the functions that turn
envelopes, parties and documents into those answers."""

from datetime import datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

from efiling.accounts.models import User
from efiling.api.cases import PartyOut as CasePartyOut
from efiling.api.pagination import PageQuery
from efiling.api.schemas import BodySchema, InputSchema, choices, column
from efiling.cases.models import Case, Party
from efiling.courts.models import CaseType, Court, FilingCode
from efiling.filings import services
from efiling.filings.appearance import APPEARING_FOR_MAX, appearable_parties
from efiling.filings.models import Document, Envelope, Filing, Status


class EnvelopeIn(BodySchema):
    court: str = column(Court, "code", description="Location code, e.g. SL.")
    case_number: str | None = column(
        Case,
        "number",
        None,
        description="Existing case, e.g. 26SL-CC00001; leave out for a new case. A case you "
        "may not see is answered as one that does not exist: the draft keeps only the number, "
        "and must include an entry of appearance (EOA), which the clerk accepts first.",
    )
    case_type: str | None = column(
        CaseType, "code", None, description="New case: case type code, e.g. CC."
    )
    caption: str | None = column(
        Envelope, "caption", None, description="New case: e.g. Lawson v. Acme Corp."
    )
    signer_email: str | None = column(
        User, "email", None, description="Staff: the attorney whose signature it bears."
    )
    serve_only: bool = Field(
        False,
        description="Documents served on the parties but not filed with the court (discovery: "
        "the court's filing codes marked serve_only): an existing case you take part in only; "
        "served with ServeFiling, never submitted. A case you do not take part in is answered "
        "as one that does not exist (404).",
    )


def _party_name(name: str):
    return column(Party, name, "")


class PartyIn(BodySchema):
    kind: choices(Party.Kind)
    role: choices(Party.PartyRole)
    first_name: str = _party_name("first_name")
    middle_name: str = _party_name("middle_name")
    last_name: str = _party_name("last_name")
    organization_name: str = _party_name("organization_name")
    address_line1: str = _party_name("address_line1")
    address_line2: str = _party_name("address_line2")
    city: str = _party_name("city")
    state: str = _party_name("state")
    postal_code: str = _party_name("postal_code")
    birth_year: int | None = Field(
        None,
        description="A person's year of birth (optional; 1900 to this year): never a full date "
        "of birth. The public sees this year at most.",
    )
    represented: bool = Field(False, description="The filer files on behalf of this party.")


class FilingIn(BodySchema):
    code: str = column(FilingCode, "code", description="A filing code of the court, e.g. PET.")
    description: str = column(Filing, "description", "")
    responds_to: int | None = Field(
        None, description="Number of the case's docket entry this filing responds to."
    )
    appearing_for: list[int] = Field(
        default_factory=list,
        max_length=APPEARING_FOR_MAX,
        description="An entry of appearance (EOA) into a case you may see: the ids of the "
        "case's parties you appear for (the envelope's case_parties); at least one is needed "
        "to submit. Leave out for other filings and for a case named by number only.",
    )


class SubmitIn(BodySchema):
    signature: str = column(
        Envelope, "signature", description='"/s/ " and the signing attorney\'s full name.'
    )
    fee_waiver_requested: bool | None = None


class ServeIn(BodySchema):
    signature: str = column(
        Envelope, "signature", description='"/s/ " and the signing attorney\'s full name.'
    )


class UploadQuery(InputSchema):
    kind: choices(Document.Kind)
    file_name: str = column(
        Document, "original_name", description="The file's name, kept for display only."
    )
    title: str = column(
        Document, "title", "", description="Optional; the file name is used otherwise."
    )


class FilingListQuery(PageQuery):
    status: choices(Status) | None = Field(None, description="Only envelopes in this status.")


class DocumentOut(Schema):
    id: int
    kind: choices(Document.Kind)
    title: str
    original_name: str
    size: int
    sha256: str
    received_size: int = Field(description="Bytes of the file as received.")
    received_sha256: str = Field(
        description="SHA-256 of the file as received; differs from sha256 when the court keeps "
        "a cleaned copy."
    )
    pages: int
    text_searchable: bool
    cleaned: bool
    notes: list[str]
    redaction_findings: list[dict]
    redaction_confirmed: bool


class PartyOut(Schema):
    id: int
    kind: choices(Party.Kind)
    role: choices(Party.PartyRole)
    first_name: str
    middle_name: str
    last_name: str
    organization_name: str
    birth_year: int | None = Field(description="A person's year of birth, if given.")
    name: str = Field(description="The name as shown: the organization's, or the person's.")
    represented: bool = Field(description="The signing attorney files on behalf of this party.")


class FilingOut(Schema):
    id: int
    position: int
    code: str
    name: str
    status: choices(Status)
    fee_cents: int
    review_reason: str
    responds_to: int | None = Field(description="The docket entry number it responds to.")
    appearing_for: list[int] = Field(
        description="An entry of appearance: the ids of the case's parties it is made for."
    )
    appearing_for_names: list[str] = Field(
        description="Their names, in the same order (what the receipt and the certificate of "
        'service show as "Entry of appearance for").'
    )
    documents: list[DocumentOut]


class EnvelopeOut(Schema):
    id: UUID
    status: choices(Status)
    status_label: str
    serve_only: bool = Field(
        description="Served on the parties, not filed with the court (ServeFiling); status "
        '"served" once served.'
    )
    court: str
    case_number: str | None
    case_type: str | None
    caption: str
    confirmation_number: str | None
    submitted_at: datetime | None = Field(description="The filing time (UTC).")
    signer: str
    prepared_by: str
    fee_waiver_requested: bool
    fee_waiver_decision: Literal["", "granted", "denied"] = Field(
        description='The clerk\'s decision on the fee waiver request; "" until decided.'
    )
    awaits_fee_payment: bool = Field(
        description="The fee waiver was denied and the fees are not paid yet: pay them with "
        "PayFees, or withdraw with CancelFiling."
    )
    fee_total_cents: int
    parties: list[PartyOut] = Field(description="A new case's parties, proposed by the filer.")
    case_parties: list[CasePartyOut] = Field(
        description="An existing case you may see: its parties, which an entry of appearance "
        "names by id (AddFiling appearing_for). Empty for a new case or a case named by number."
    )
    filings: list[FilingOut]
    problems: list[str] = Field(description="What still stops submission (drafts).")


class FeeLineOut(Schema):
    description: str
    amount_cents: int


class FeesOut(Schema):
    lines: list[FeeLineOut]
    total_cents: int
    to_hold_cents: int
    waiver_requested: bool


def document_out(d) -> dict:
    return {
        "id": d.pk,
        "kind": d.kind,
        "title": d.title,
        "original_name": d.original_name,
        "size": d.size,
        "sha256": d.sha256,
        "received_size": d.received_size,
        "received_sha256": d.received_sha256,
        "pages": d.page_count,
        "text_searchable": d.text_searchable,
        "cleaned": d.cleaned,
        "notes": d.notes,
        "redaction_findings": d.redaction_findings,
        "redaction_confirmed": d.redaction_confirmed,
    }


def party_out(party, signer_id: int) -> dict:
    return {
        "id": party.pk,
        "kind": party.kind,
        "role": party.role,
        "first_name": party.first_name,
        "middle_name": party.middle_name,
        "last_name": party.last_name,
        "organization_name": party.organization_name,
        "birth_year": party.birth_year,
        "name": party.display_name,
        "represented": any(user.pk == signer_id for user in party.represented_by.all()),
    }


def _by_pk(parties) -> list:
    return sorted(parties, key=lambda p: p.pk)


def envelope_out(envelope) -> dict:
    filings = envelope.filings.select_related("filing_code", "responds_to").prefetch_related(
        "documents", "appearing_for"
    )
    parties = envelope.parties.prefetch_related("represented_by").order_by("pk")
    return {
        "id": envelope.public_id,
        "status": envelope.status,
        "status_label": envelope.get_status_display(),
        "serve_only": envelope.serve_only,
        "court": envelope.court.code,
        "case_number": envelope.case_number or None,
        "case_type": envelope.case_type.code if envelope.case_type else None,
        "caption": envelope.caption,
        "confirmation_number": envelope.confirmation_number,
        "submitted_at": envelope.submitted_at,
        "signer": envelope.signer.email,
        "prepared_by": envelope.prepared_by.email,
        "fee_waiver_requested": envelope.fee_waiver_requested,
        "fee_waiver_decision": envelope.fee_waiver_decision,
        "awaits_fee_payment": envelope.awaits_fee_payment,
        "fee_total_cents": envelope.fee_total_cents,
        "parties": [party_out(party, envelope.signer_id) for party in parties],
        "case_parties": [
            {"id": p.pk, "name": p.display_name, "role": p.role}
            for p in appearable_parties(envelope)
        ],
        "filings": [
            {
                "id": f.pk,
                "position": f.position,
                "code": f.filing_code.code,
                "name": f.filing_code.name,
                "status": f.status,
                "fee_cents": f.fee_cents,
                "review_reason": f.review_reason,
                "responds_to": f.responds_to.number if f.responds_to else None,
                "appearing_for": [p.pk for p in _by_pk(f.appearing_for.all())],
                "appearing_for_names": [p.display_name for p in _by_pk(f.appearing_for.all())],
                "documents": [document_out(d) for d in f.documents.all()],
            }
            for f in filings
        ],
        "problems": services.envelope_problems(envelope)
        if envelope.status in services.EDITABLE
        else [],
    }
