from pathlib import Path

from efiling.cases.models import Party
from efiling.courts.models import CaseType
from efiling.filings import services
from efiling.filings.documents import document_add
from efiling.filings.parties import party_add
from efiling.filings.uploads import ReceivedFile


def stored_files(settings) -> list[Path]:
    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"]) / "documents"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def upload(client, envelope, path: Path, kind: str = "lead", filing=None, title: str = ""):
    filing = filing or envelope.filings.first()
    with open(path, "rb") as handle:
        return client.post(
            f"/filings/{envelope.public_id}/filings/{filing.pk}/upload/",
            {"kind": kind, "title": title, "files": handle},
        )


def received_file(path: Path) -> ReceivedFile:
    """A copy of `path` as the upload handler leaves a received file (the service discards it)."""
    import hashlib
    import shutil
    import tempfile

    copy = Path(tempfile.mkstemp(suffix=".upload")[1])
    shutil.copy(path, copy)
    return ReceivedFile(
        "files", path.name, copy, copy.stat().st_size, hashlib.sha256(copy.read_bytes()).hexdigest()
    )


def with_lead_document(envelope, attorney, pdf):
    """The envelope with the lead document of its first filing uploaded (a petition)."""
    filing = envelope.filings.first()
    document_add(
        envelope=envelope,
        user=attorney,
        filing=filing,
        kind="lead",
        title="Petition",
        received=received_file(pdf()),
    )
    return envelope


def new_case_draft(court, attorney, caption: str = "Lawson v. Acme Corp."):
    """A new civil case envelope of `attorney`: Pat Lawson (represented) against Acme Corp.,
    with a petition filing still to be given its document."""
    envelope = services.draft_create(
        user=attorney, court=court, case_type=CaseType.objects.get(code="CC"), caption=caption
    )
    for represented, values in [
        (
            True,
            {
                "kind": Party.Kind.PERSON,
                "role": Party.PartyRole.PETITIONER,
                "first_name": "Pat",
                "last_name": "Lawson",
            },
        ),
        (
            False,
            {
                "kind": Party.Kind.ORGANIZATION,
                "role": Party.PartyRole.RESPONDENT,
                "organization_name": "Acme Corp.",
            },
        ),
    ]:
        party_add(envelope=envelope, user=attorney, represented=represented, values=values)
    services.filing_add(envelope=envelope, user=attorney, code="PET")
    return envelope


def submitted_appearance(court, signer, case, pdf, party_ids):
    """An entry of appearance by `signer` into `case` (one the signer may see) for the parties
    `party_ids`, with its lead document, submitted; returns the Filing."""
    envelope = services.draft_create(user=signer, court=court, case_number=case.number)
    eoa = services.filing_add(envelope=envelope, user=signer, code="EOA", appearing_for=party_ids)
    document_add(
        envelope=envelope,
        user=signer,
        filing=eoa,
        kind="lead",
        title="Entry",
        received=received_file(pdf("eoa.pdf")),
    )
    services.envelope_submit(
        envelope=envelope,
        user=signer,
        idempotency_key="e",
        signature=f"/s/ {signer.get_full_name()}",
    )
    return eoa


def acme_addressed(envelope):
    """Acme Corp. of the envelope, given the address a summons is delivered to."""
    acme = envelope.parties.get(organization_name="Acme Corp.")
    acme.address_line1, acme.city, acme.state, acme.postal_code = (
        "100 Industrial Drive",
        "Columbia",
        "MO",
        "65201",
    )
    acme.save()
    return acme
