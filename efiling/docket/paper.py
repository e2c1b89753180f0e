"""Scanned paper filings: a clerk puts the scan of a paper filing on a case's docket, or opens a
case from a paper petition, so that every case is complete electronically even when a party
files on paper (a self-represented litigant, an exempt filer).

The filing time is when the paper was received at the clerk's office (the clerk gives it; it cannot
be in the future, nor before the case was filed). The scan is checked like any PDF, but as the
court's own copy: it needs no text layer and gets no redaction check. It is stored before the
transaction, then docketed as the next entry, audited, and recorded as a "docket.entry_docketed"
event (the service app tells every attorney of record) in one short transaction; its copy stamped
"Filed on Paper" follows from background work.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.db import transaction

from efiling.accounts.models import User
from efiling.accounts.permissions import Action, require_write
from efiling.audit.services import audit_record
from efiling.cases.models import Case, Party, SecurityLevel
from efiling.core import clock
from efiling.core.counters import counter_next
from efiling.core.errors import ValidationFailed
from efiling.core.events import event_record
from efiling.core.words import long_date, one_line
from efiling.courts.services import court_policy
from efiling.docket.disposition import paper_dismissal_follow
from efiling.docket.documents import docketing_files, document_docket_new
from efiling.docket.models import DocketEntry
from efiling.docket.services import case_open
from efiling.filings.documents import document_check
from efiling.filings.parties import party_values

NAME_MAX = 200
CAPTION_MAX = 300
# Roles of the party who starts a case (an estate or adoption case may have no other side).
STARTING_ROLES = {Party.PartyRole.PETITIONER, Party.PartyRole.PLAINTIFF}


def _scan_words(title: str, filer: str, received_at: datetime) -> tuple[str, str]:
    """The document's name and its filer, on one line, and a receipt time not in the future."""
    title, filer = one_line(title), one_line(filer)
    if not title:
        raise ValidationFailed("Name the document, for example: Answer.", field="title")
    if not filer:
        raise ValidationFailed(
            "Name who filed the paper, for example: Jordan Smith, self-represented.",
            field="filer",
        )
    if len(title) > NAME_MAX or len(filer) > NAME_MAX:
        raise ValidationFailed(f"Names are at most {NAME_MAX} characters.", field="title")
    if received_at.tzinfo is None:
        raise ValueError("received_at must be an aware datetime")
    if received_at > clock.now():
        raise ValidationFailed(
            "The time the paper was received cannot be in the future.", field="received_at"
        )
    return title, filer


def _docketed_scan(
    *,
    clerk: User,
    case_of,
    court,
    pdf_path: Path,
    original_name: str,
    title: str,
    filer: str,
    received_at: datetime,
    sealed: bool,
    request,
    dismissal: bool = False,
) -> DocketEntry:
    """Check and store the scan, then in one short transaction get the case (`case_of()`,
    which may open it), write the next docket entry with the scan, audit and notice it, and,
    for the parties' `dismissal` of the case, dispose of it. The stored scan is deleted again if
    the transaction fails; the stamp follows the commit."""
    with docketing_files() as files:
        check = document_check(
            path=Path(pdf_path),
            name=original_name or "The scan",
            policy=court_policy(court=court),
            public=False,
            workdir=files.workdir,
            court_made=True,
        )
        stored = files.store(check.path, page_count=check.page_count)
        with transaction.atomic():
            case = case_of()
            level = SecurityLevel.SEALED if sealed else case.security_level
            text = f"{title}, filed on paper by {filer}. Scanned and docketed by the clerk."
            entry = DocketEntry.objects.create(
                case=case,
                number=counter_next(f"docket:{case.pk}"),
                kind=DocketEntry.Kind.SCANNED,
                text=text,
                filed_at=received_at,
                paper_filer=filer,
                entered_by=clerk,
                created_at=clock.now(),
                security_level=level,
            )
            document = document_docket_new(
                entry=entry,
                stored=stored,
                title=title,
                original_name=original_name or "scan.pdf",
                uploaded_by=clerk,
                text_searchable=check.text_searchable,
                cleaned=check.cleaned,
                notes=check.notes,
                received_sha256=check.received_sha256,
                received_size=check.received_size,
            )
            audit_record(
                action="docket_entry.created",
                target=entry,
                actor=clerk,
                request=request,
                details={
                    "text": text,
                    "paper_filer": filer,
                    "received_at": received_at.isoformat(),
                    "document": document.pk,
                    "sha256": document.sha256,
                    "security": level,
                },
            )
            event_record("docket.entry_docketed", entry=entry)
            if dismissal:
                paper_dismissal_follow(entry=entry, actor=clerk, request=request)
        return entry


def paper_filing_docket(
    *,
    clerk: User,
    case: Case,
    pdf_path: Path,
    original_name: str,
    title: str,
    filer: str,
    received_at: datetime,
    sealed: bool = False,
    dismissal: bool = False,
    request=None,
) -> DocketEntry:
    """Docket the scan at `pdf_path` (left in place for the caller) as a paper filing; a
    `dismissal` (the parties' voluntary dismissal of the whole case, filed on paper) also
    disposes of the case as of `received_at` (efiling.docket.disposition)."""
    require_write(clerk, Action.MANAGE_DOCKET, court=case.court)
    if not case.number:
        raise ValidationFailed("The case has no number yet: it has not been opened.")
    title, filer = _scan_words(title, filer, received_at)
    # The clerk gives the minute; a paper received in the minute the case was filed is fine.
    if received_at < case.created_at.replace(second=0, microsecond=0):
        opened = clock.to_local(case.created_at, case.court.time_zone)
        raise ValidationFailed(
            "The paper cannot have been received before the case was filed "
            f"({clock.clock_time(opened)} on {long_date(opened.date())}, court time).",
            field="received_at",
        )
    return _docketed_scan(
        clerk=clerk,
        case_of=lambda: case,
        court=case.court,
        pdf_path=pdf_path,
        original_name=original_name,
        title=title,
        filer=filer,
        received_at=received_at,
        sealed=sealed,
        request=request,
        dismissal=dismissal,
    )


def paper_case_open(
    *,
    clerk: User,
    court,
    case_type,
    caption: str,
    parties: list[dict],
    pdf_path: Path,
    original_name: str,
    filer: str,
    received_at: datetime,
    title: str = "Petition",
    sealed: bool = False,
    request=None,
) -> DocketEntry:
    """Open a case from a paper petition: numbered like any new case, its parties recorded (no
    attorney of record: the filer is served conventionally), the scan docketed as entry 1."""
    require_write(clerk, Action.MANAGE_DOCKET, court=court)
    if case_type is None or not court.case_types.filter(pk=case_type.pk).exists():
        raise ValidationFailed(f"The {court.name} does not take this case type.", field="case_type")
    caption = one_line(caption)
    if not caption or len(caption) > CAPTION_MAX:
        raise ValidationFailed(
            f"Give the caption, for example Smith v. Jones (at most {CAPTION_MAX} characters).",
            field="caption",
        )
    cleaned = [party_values(values, court=court) for values in parties]
    if not any(values["role"] in STARTING_ROLES for values in cleaned):
        raise ValidationFailed(
            "Record the party who filed the petition (petitioner or plaintiff), and the others.",
            field="parties",
        )
    title, filer = _scan_words(title, filer, received_at)

    def opened() -> Case:
        case = case_open(
            court=court,
            case_type=case_type,
            caption=caption,
            clerk=clerk,
            details={"paper": True, "filer": filer},
        )
        Party.objects.bulk_create([Party(case=case, **values) for values in cleaned])
        return case

    return _docketed_scan(
        clerk=clerk,
        case_of=opened,
        court=court,
        pdf_path=pdf_path,
        original_name=original_name,
        title=title,
        filer=filer,
        received_at=received_at,
        sealed=sealed,
        request=request,
    )
