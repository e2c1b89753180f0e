"""Who a filing serves, and how (domain.md, Service), and the record of it fixed at submission.

Filing through the system is service on every registered attorney of record in the case other
than the filer, and on the Missouri attorney who sponsors an admitted pro hac vice attorney:
they are served electronically at submission. Parties without a registered attorney are the
filer's to serve conventionally, at their service addresses. A new case serves nobody
electronically (the court issues summons), and a filing whose filing code is not served (ex parte
filings, motions for leave to file under seal: `FilingCode.served` off) reaches only the court.

`service_plan` is what the review step shows before submission; `service_fix` writes it into
the envelope at its first submission (`Envelope.service_at_submission`) and is never run again
for that envelope, so the receipt, the certificate of service and the API read what was true at
the filing time, however the case's counsel change later. The service app records a
ServiceRecord and a notice per person served from the same list (the "filings.envelope_submitted"
event), in the same transaction.

An envelope that names a confidential or sealed case by number only (one the filer may not
see, or a number that names no case) names nothing of the case and serves nobody at
submission: its kept list says service waits for the clerk. When the clerk's acceptance links
it to the case (efiling.docket.services), `service_fix_at_acceptance` replaces that list, once,
with the case's service list at that moment, served then (the kept "served_at" is the
acceptance time, "at_acceptance" true), and the docket app records "docket.named_case_linked"
for the service app. A number that names no case is rejected, and serves nobody ever.
Decision 0016.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from efiling.accounts.models import User
from efiling.cases.access import case_notice_recipients
from efiling.cases.models import Case, Party
from efiling.core import clock
from efiling.filings.models import Document, Envelope

ELECTRONIC = "electronic"  # served through this system at submission
CONVENTIONAL = "conventional"  # the filer serves them (paper, by mail or in person)
SUMMONS = "summons"  # a new case's parties: the court issues summons
UNSEEN = "unseen"  # a case the filer may not see: nothing of it is named, service waits

NOT_SERVED_NOTE = (
    "Not served on the other side: this filing reaches only the court until it decides "
    "(ex parte, or a motion for leave to file under seal)."
)


@dataclass(frozen=True)
class ServiceEntry:
    """One line of a service list: who (`name`), how (`channel`, one of the constants above,
    and `method`, one sentence for people), where (`email` for electronic service, `address`
    for conventional service: lines joined with ", "), and `user_id` for a registered user."""

    name: str
    channel: str
    method: str
    email: str = ""
    address: str = ""
    user_id: int | None = None


def party_address(party: Party) -> str:
    """A party's service address on one line ("" when none is on file)."""
    place = " ".join(p for p in [party.state, party.postal_code] if p)
    parts = [party.address_line1, party.address_line2, party.city, place]
    return ", ".join(p.strip() for p in parts if p and p.strip())


def envelope_served(envelope: Envelope) -> bool:
    """False when one of the envelope's filings is of a code that is not served: the whole
    envelope then reaches only the court (the other side must not learn of it)."""
    return not envelope.filings.filter(filing_code__served=False).exists()


def case_served_people(case: Case, *, filer_ids: set[int]) -> list[User]:
    """The registered users a filing into `case` serves electronically: counsel of record,
    admitted pro hac vice attorneys and their Missouri sponsors, except `filer_ids` (the signer
    and whoever prepared the filing)."""
    sponsors = [
        a.sponsor
        for a in case.pro_hac_vice_admissions.filter(revoked_at__isnull=True).select_related(
            "sponsor"
        )
    ]
    seen, served = set(filer_ids), []
    for person in case_notice_recipients(case) + sponsors:
        if person.pk not in seen:
            seen.add(person.pk)
            served.append(person)
    return served


def _conventional(case: Case, *, clients: frozenset[int]) -> list[ServiceEntry]:
    entries = []
    for party in case.parties.prefetch_related("represented_by"):
        if party.represented_by.all() or party.pk in clients:  # prefetched: no query per party
            continue
        address = party_address(party)
        where = f" at {address}" if address else " (no address on file: ask the clerk's office)"
        entries.append(
            ServiceEntry(
                name=party.display_name,
                channel=CONVENTIONAL,
                method=f"No registered attorney: serve conventionally (paper){where}",
                address=address,
            )
        )
    return entries


def case_service_list(
    case: Case, *, filer_ids: set[int], clients: frozenset[int] = frozenset()
) -> list[ServiceEntry]:
    """Who a filing into `case` by `filer_ids` serves, and how: the registered users
    electronically, then the parties without a registered attorney, conventionally at their
    addresses (GetServiceInformation; the review step), except `clients` (party ids): those
    the filing's entry of appearance is made for, whom the filer does not serve."""
    electronic = [
        ServiceEntry(
            name=person.get_full_name(),
            channel=ELECTRONIC,
            method=f"Electronic, through this system, to {person.email}",
            email=person.email,
            user_id=person.pk,
        )
        for person in case_served_people(case, filer_ids=filer_ids)
    ]
    return electronic + _conventional(case, clients=clients)


def _filer_ids(envelope: Envelope) -> set[int]:
    return {envelope.signer_id, envelope.prepared_by_id}


def service_plan(envelope: Envelope) -> list[ServiceEntry]:
    """Who filing `envelope` now would serve, and how: the review step's list, and what
    `service_fix` keeps. For a case named by number only (one the filer may not see) nothing
    of the case is shown, and nobody is served until the clerk accepts the entry of
    appearance."""
    if envelope.is_new_case:
        return [
            ServiceEntry(
                name=p.display_name,
                channel=SUMMONS,
                method="New case: the court issues summons; serve conventionally",
            )
            for p in envelope.parties.all()
            if envelope.signer not in p.represented_by.all()
        ]
    if envelope.case is None:
        return [
            ServiceEntry(
                name=f"Counsel of record in {envelope.case_number}",
                channel=UNSEEN,
                method="Electronic, through this system, when the clerk accepts your entry of "
                "appearance (nobody is served before)",
            ),
            ServiceEntry(
                name="Parties without a registered attorney",
                channel=UNSEEN,
                method="Serve conventionally (paper); the clerk's office tells you who they are "
                "once it accepts your entry of appearance",
            ),
        ]
    if not envelope_served(envelope):
        return []
    clients = frozenset(
        Party.objects.filter(appearance_filings__envelope=envelope).values_list("pk", flat=True)
    )
    return case_service_list(envelope.case, filer_ids=_filer_ids(envelope), clients=clients)


def service_fix(envelope: Envelope) -> list[User]:
    """At submission, inside its transaction: keep who the filing serves, and how, in
    `envelope.service_at_submission` (the caller saves the field) the first time only, and
    return the users served electronically (from what was kept, on a resubmission after a
    return, so that a correction serves nobody new). The envelope's `submitted_at` must be
    set. Shape kept: {"served_at": ISO 8601 UTC, "at_acceptance": bool, "served": bool,
    "entries": [ServiceEntry fields], "documents": [{"filing", "title", "pages", "sha256",
    "confidential_sheet"}]}."""
    if envelope.service_at_submission is None:
        documents = (
            Document.objects.filter(filing__envelope=envelope)
            .select_related("filing__filing_code")
            .order_by("filing__position", "position")
        )
        envelope.service_at_submission = {
            "served_at": envelope.submitted_at.isoformat(),
            "at_acceptance": False,
            "served": envelope_served(envelope),
            "entries": [asdict(entry) for entry in service_plan(envelope)],
            "documents": [
                {
                    "filing": d.filing.filing_code.name,
                    "title": d.title,
                    "pages": d.page_count,
                    "sha256": d.sha256,
                    "confidential_sheet": d.kind == Document.Kind.CONFIDENTIAL_SHEET,
                }
                for d in documents
            ],
        }
    return _served_electronically(envelope)


def _served_electronically(envelope: Envelope) -> list[User]:
    ids = [e.user_id for e in service_entries(envelope) if e.channel == ELECTRONIC]
    by_id = User.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def service_fix_at_acceptance(envelope: Envelope) -> list[User]:
    """When the clerk's acceptance links `envelope`, which named its case by number only, to
    that case (`envelope.case` now set; inside the acceptance's transaction): the kept list,
    which named nothing of the case, becomes the case's service list now, served now (the
    acceptance time), saved; returns the users it serves electronically. [] and nothing
    changed when service did not wait for this: a filing that is not served, or a list already
    made (this runs once per envelope)."""
    if not service_awaits_acceptance(envelope):
        return []
    kept = {
        **envelope.service_at_submission,
        "served_at": clock.now().isoformat(),
        "at_acceptance": True,
        "entries": [
            asdict(entry)
            for entry in case_service_list(envelope.case, filer_ids=_filer_ids(envelope))
        ],
    }
    Envelope.objects.filter(pk=envelope.pk).update(service_at_submission=kept)
    envelope.service_at_submission = kept
    return _served_electronically(envelope)


def service_entries(envelope: Envelope) -> list[ServiceEntry]:
    """The service list kept at submission ([] for a draft, or an envelope submitted before
    service was recorded)."""
    kept = envelope.service_at_submission or {}
    return [ServiceEntry(**entry) for entry in kept.get("entries", [])]


def service_documents(envelope: Envelope) -> list[dict]:
    """The documents served, as kept at submission: {"filing", "title", "pages", "sha256",
    "confidential_sheet" (absent on envelopes served before it was kept)}."""
    return list((envelope.service_at_submission or {}).get("documents", []))


def service_was_served(envelope: Envelope) -> bool:
    """Whether the submitted envelope was served on the other side (False for a filing that
    reaches only the court, and for one submitted before service was recorded)."""
    return bool((envelope.service_at_submission or {}).get("served"))


def service_awaits_acceptance(envelope: Envelope) -> bool:
    """Whether the submitted envelope names its case by number only and so has served nobody
    yet: service waits for the clerk's acceptance (and never comes if the clerk rejects).
    False for a filing that is not served at all (ex parte)."""
    return service_was_served(envelope) and any(
        e.channel == UNSEEN for e in service_entries(envelope)
    )


def service_time(envelope: Envelope) -> datetime | None:
    """When the envelope was served (UTC): its filing time, or the clerk's acceptance for a
    case named by number only (`service_at_acceptance`); None when nothing was kept."""
    kept = envelope.service_at_submission or {}
    return datetime.fromisoformat(kept["served_at"]) if kept.get("served_at") else None


def service_at_acceptance(envelope: Envelope) -> bool:
    """Whether the envelope was served when the clerk accepted it (a case named by number
    only), not at submission."""
    return bool((envelope.service_at_submission or {}).get("at_acceptance"))
