"""Electronic service (domain.md, Service): the service app's answer to the
"filings.envelope_submitted" event and to "filings.envelope_served" (documents served but not
filed, decision 0014) (efiling.core.events; subscribed in ServiceConfig.ready()), to
"docket.named_case_linked" (an envelope that named a confidential or sealed case by number
only is served when the clerk's acceptance links it: decision 0016), and to
"docket.filing_rejected" and "filings.envelope_withdrawn": everyone served with a filing the
clerk rejects, or the filer withdraws, is told at once.

The filings app decides who is served and keeps that list with the envelope
(efiling.filings.service_list); here, in the event's transaction, each person served gets a
ServiceRecord (who, when: the filing time, or the acceptance for a case named by number only,
how, which documents) and a notice of kind "filing served", whose e-mail is written with it
(efiling.service.delivery). A resubmission after a return carries the same people: the records
exist, so nobody is served or told twice.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from efiling.core.events import DomainEvent
from efiling.filings.receipt import format_filing_time
from efiling.filings.service_list import service_at_acceptance, service_documents, service_time
from efiling.service.models import Notice, ServiceRecord
from efiling.service.services import notices_record


def _listed_title(document: dict) -> str:
    """A served document's title as a notice (and its e-mail) lists it: a confidential
    information sheet by its kind only, as its title may carry what it keeps (Rule 55.025)."""
    if document.get("confidential_sheet"):
        return "Confidential information sheet"
    return document["title"]


def _notice_text(envelope) -> tuple[str, str]:
    case = envelope.case
    names = sorted({f.filing_code.name for f in envelope.filings.select_related("filing_code")})
    zone = case.court.time_zone
    when = format_filing_time(envelope.submitted_at, zone)
    documents = "\n".join(
        f"- {_listed_title(d)} ({d['filing']})" for d in service_documents(envelope)
    )
    if envelope.serve_only:  # discovery: served on the parties, never filed (decision 0014)
        subject = f"Served (not filed with the court): {', '.join(names)} in case {case.number}"
        what = (
            f"Served (not filed with the court) in case {case.number} by "
            f"{envelope.signer.get_full_name()} on {when} (confirmation "
            f"{envelope.confirmation_number}): {', '.join(names)}. These documents are served "
            "on you through this system at that time; they are not filed with the court and "
            "are not on the docket."
        )
        return subject, f"{what}\n\nDocuments served:\n{documents}"
    served = "Filing through this system is service on you at that time."
    if service_at_acceptance(envelope):
        served_when = format_filing_time(service_time(envelope), zone)
        served = (
            f"It was served on you through this system on {served_when}, when the clerk "
            "accepted the entry of appearance."
        )
    subject = f"Served: {', '.join(names)} in case {case.number}"
    what = (
        f"Filed in case {case.number} by {envelope.signer.get_full_name()} on {when} "
        f"(confirmation {envelope.confirmation_number}): {', '.join(names)}. {served}"
    )
    return subject, f"{what}\n\nDocuments served:\n{documents}"


def serve_filing(event: DomainEvent) -> list[ServiceRecord]:
    """Record the service of `event.envelope` on each of `event.served` (users), at the time
    its kept list says (filings.service_list.service_time), and tell them; returns the records
    made now (none for people already served with this envelope)."""
    envelope, served = event.envelope, event.served
    if not served:
        return []
    done = set(
        ServiceRecord.objects.filter(envelope=envelope, person__in=served).values_list(
            "person_id", flat=True
        )
    )
    to_serve = [person for person in served if person.pk not in done]
    if not to_serve:
        return []
    subject, body = _notice_text(envelope)
    documents = service_documents(envelope)
    served_at = service_time(envelope) or envelope.submitted_at
    records = []
    for person in to_serve:
        record = ServiceRecord.objects.create(
            envelope=envelope,
            person=person,
            email=person.email,
            channel=ServiceRecord.Channel.ELECTRONIC,
            served_at=served_at,
            documents=documents,
        )
        # The person's notice is the first; the recipient rules add their staff's after it.
        record.notice = notices_record(
            recipients=[person],
            kind=Notice.Kind.FILING_SERVED,
            subject=subject,
            body=body,
            case=envelope.case,
            link=reverse("served", args=[record.pk]),  # the documents as submitted
        )[0]
        record.save(update_fields=["notice"])
        records.append(record)
    return records


def _tell_served(envelope, words: Callable[[], tuple[str, str]]) -> list[Notice]:
    """One notice to each person `envelope` served, linked to their own copy as served (kind
    SERVED_FILING_ENDED: e-mailed at once whatever their digest choice), in the (subject,
    body) that `words()` gives; nothing, and no words asked for, when nobody was served."""
    records = list(ServiceRecord.objects.filter(envelope=envelope).select_related("person"))
    if not records:
        return []
    subject, body = words()
    notices = []
    for record in records:
        notices += notices_record(
            recipients=[record.person],
            kind=Notice.Kind.SERVED_FILING_ENDED,
            subject=subject,
            body=body,
            case=envelope.case,
            link=reverse("served", args=[record.pk]),
        )
    return notices


def served_filing_rejected(event: DomainEvent) -> list[Notice]:
    """Tell everyone served with `event.envelope` that the clerk rejected `event.filing` (it
    will not be on the docket; the served copy stays readable to them, marked rejected);
    nothing when nobody was served. The reason stays the filer's."""
    envelope, filing = event.envelope, event.filing

    def words() -> tuple[str, str]:
        case = envelope.case
        when = format_filing_time(envelope.submitted_at, case.court.time_zone)
        body = (
            f"The clerk rejected {filing.filing_code.name}, filed by "
            f"{envelope.signer.get_full_name()} on {when} (confirmation "
            f"{envelope.confirmation_number}) and served on you. It will not be on the "
            "docket, and deadlines it would have set do not run."
        )
        return f"Rejected: {filing.filing_code.name} in case {case.number}", body

    return _tell_served(envelope, words)


def served_filing_withdrawn(event: DomainEvent) -> list[Notice]:
    """Tell everyone served with `event.envelope` that the filer withdrew it (ECF
    CancelFiling) before the clerk accepted any of it: it will not be on the docket; their copy
    stays readable, marked withdrawn. Nothing when nobody was served."""
    envelope = event.envelope

    def words() -> tuple[str, str]:
        case = envelope.case
        names = ", ".join(sorted({f.filing_code.name for f in envelope.filings.all()}))
        when = format_filing_time(envelope.submitted_at, case.court.time_zone)
        body = (
            f"{envelope.signer.get_full_name()} withdrew {names}, filed on {when} (confirmation "
            f"{envelope.confirmation_number}) and served on you, before the clerk accepted it. "
            "It will not be on the docket, and deadlines it would have set do not run."
        )
        return f"Withdrawn: {names} in case {case.number}", body

    return _tell_served(envelope, words)


def service_records_of(envelope) -> list[ServiceRecord]:
    """The envelope's service records, in the order served, with each notice's e-mails."""
    return list(
        ServiceRecord.objects.filter(envelope=envelope)
        .select_related("person", "notice")
        .prefetch_related("notice__deliveries")
        .order_by("pk")
    )
