"""The rules of serve-only envelopes (decision 0014): documents served on the parties but not
filed with the court; in Missouri, discovery (interrogatories, requests for production and for
admissions, notices of deposition), whose filing codes carry `FilingCode.serve_only`.

A serve-only envelope goes only into an existing case its signer takes part in (of record,
admitted pro hac vice, or a self-represented party; staff act for such an attorney), holds only
serve-only filing codes, pays no fee, names no party and responds to no docket entry. It never
reaches the clerk or the docket and sets no deadline: serving it (efiling.filings.serving) takes
it from draft to served at once. A normal envelope refuses serve-only codes.

Every check raises a DomainError in the filer's words; the drafting and serving functions call
them (efiling.filings.services, efiling.filings.serving)."""

from __future__ import annotations

from efiling.accounts.models import User
from efiling.cases.access import case_participant
from efiling.cases.models import Case
from efiling.core.errors import Conflict, NotFound, ValidationFailed
from efiling.courts.models import FilingCode
from efiling.filings.models import Envelope

SERVE_DOCUMENTS = "Serve documents (not filed)"  # the case page's action
NEW_CASE_REFUSAL = (
    "Documents are served without filing only in an existing case: give the case's number."
)
NOBODY_TO_SERVE = (
    "There is nobody to serve in this case: no other party or attorney of record is listed. "
    "Nothing was served."
)


def serve_only_case_require(*, signer: User, case: Case | None, number: str) -> Case:
    """The case a serve-only envelope signed by `signer` goes into: one the signer takes part
    in. NotFound, in the same words, for a number that names no case and for a case the signer
    does not take part in (a served document goes only between the parties of a case)."""
    if case is None or not case_participant(signer, case):
        raise NotFound(
            f"There is no case {number} that you take part in: documents can be served only "
            "in a case you are a party to or counsel of record in.",
            field="case_number",
        )
    return case


def serve_only_code_check(envelope: Envelope, filing_code: FilingCode) -> None:
    """A serve-only envelope takes only serve-only codes, and any other envelope none of them.
    ValidationFailed (field code) otherwise, saying where the document belongs."""
    name = filing_code.name
    if filing_code.serve_only and not envelope.serve_only:
        raise ValidationFailed(
            f"{name}: these documents are served on the parties, not filed with the court. "
            f"Use {SERVE_DOCUMENTS} on the case's page (API: an envelope with serve_only).",
            field="code",
        )
    if envelope.serve_only and not filing_code.serve_only:
        raise ValidationFailed(
            f"{name} is filed with the court, not only served: use File into this case. "
            "Documents served without filing are discovery, such as interrogatories.",
            field="code",
        )


def serve_only_response_check(envelope: Envelope, responds_to: int | None) -> None:
    """A served document is not on the docket: it cannot be docketed as responding to an
    entry. ValidationFailed (field responds_to) when a serve-only filing names one."""
    if envelope.serve_only and responds_to is not None:
        raise ValidationFailed(
            "Documents served without filing are not on the docket: they cannot respond to a "
            "docket entry.",
            field="responds_to",
        )


def serve_only_fee_waiver_check(envelope: Envelope) -> None:
    """Serving documents costs nothing: ValidationFailed on a fee waiver request for it."""
    if envelope.serve_only:
        raise ValidationFailed("Serving documents without filing has no fee to waive.")


def serve_only_submission_check(envelope: Envelope) -> None:
    """A serve-only envelope is served, never submitted to the court: Conflict otherwise."""
    if envelope.serve_only:
        raise Conflict(
            "These documents are served on the parties, not filed with the court: serve them "
            "(API: ServeFiling) instead of submitting them.",
            code="serve_only",
        )
