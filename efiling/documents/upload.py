"""The whole check of an uploaded PDF, from the file received to the file the court keeps:
pure functions on files, no Django, and a result made of plain values (JSON), so that it can
run in a checker process of its own (isolated.py) and come back as data.

`check_upload` inspects the file (refuse, clean or warn: docs/decisions/0003), cleans it when
that is safe and checks the cleaned copy again, and, when the redaction check applies, reads
what Rule 55.025 says a filer must redact: on the pages, outside them (comments, form fields,
bookmarks, properties) and in what cleaning removed (earlier versions, content no page
showed), which becomes a note since the court does not keep it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from efiling.documents.cleaning import clean_pdf
from efiling.documents.pdf import inspect_pdf, unshown_content
from efiling.documents.problems import REFUSE, WARN
from efiling.documents.redaction import (
    earlier_versions_note,
    find_in_earlier_versions,
    find_in_unshown,
    find_unredacted,
    unshown_note,
)


@dataclass
class UploadCheck:
    refusals: list[str] = field(default_factory=list)  # the filer's words; empty if accepted
    cleaning_failed: bool = False  # the cleaned copy did not pass the check again
    page_count: int = 0
    text_searchable: bool = False
    cleaned: bool = False  # the court keeps the cleaned copy (at `cleaned_path`)
    notes: list[str] = field(default_factory=list)  # what was removed, warnings, notes
    findings: list[dict] = field(default_factory=list)  # redaction findings, masked


def check_upload(*, source: str, cleaned_path: str, max_pages: int, redaction: bool) -> dict:
    """Check the PDF at `source` (see the module) within the court's page limit `max_pages`;
    the cleaned copy, when one is needed, is written to `cleaned_path`. `redaction` says
    whether the Rule 55.025 check applies (public documents of filers, when the court checks).
    Returns an UploadCheck as a dictionary of plain values."""
    source_path = Path(source)
    report = inspect_pdf(source_path, max_pages=max_pages)
    if report.refused:
        refusals = [p.message for p in report.problems if p.action == REFUSE]
        return asdict(UploadCheck(refusals=refusals))
    result = UploadCheck()
    kept, earlier = source_path, report.earlier_versions
    unshown = None
    if redaction and "unused_content" in report.codes():
        unshown = unshown_content(source_path, max_pages=max_pages)  # read before it goes
    if report.needs_cleaning:
        kept, result.cleaned = Path(cleaned_path), True
        result.notes += clean_pdf(source_path, kept, max_pages=max_pages)
        report = inspect_pdf(kept, max_pages=max_pages)
        if report.refused or report.needs_cleaning:
            return asdict(UploadCheck(cleaning_failed=True))
    result.notes += [p.message for p in report.problems if p.action == WARN]
    result.page_count, result.text_searchable = report.page_count, report.text_searchable
    if redaction:
        shown = find_unredacted(kept)
        result.findings = [finding.as_dict() for finding in shown]
        before = find_in_earlier_versions(source_path, earlier)
        notes = [earlier_versions_note(before, shown=shown)]
        if unshown is not None:
            notes.append(unshown_note(find_in_unshown(unshown), known=[*shown, *before]))
        result.notes += [note for note in notes if note]
    return asdict(result)


def refusals(*, source: str, max_pages: int) -> list[str]:
    """Why inspect_pdf refuses the file at `source` (the filer's words; empty if it does not),
    for tools that only need to know whether the file can be worked on (splitting)."""
    report = inspect_pdf(Path(source), max_pages=max_pages)
    return [p.message for p in report.problems if p.action == REFUSE]
