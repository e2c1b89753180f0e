"""Cleaning a PDF for filing: the copy the court keeps, without what inspect_pdf asks to remove.
Pure functions on files, no Django; docs/decisions/0003-pdf-acceptance.md says what goes and
why."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from efiling.documents.content import survey_content
from efiling.documents.gaps import stray_bytes
from efiling.documents.pages import annotation_damaged, page_tree
from efiling.documents.pdf import (
    MAX_PAGES,
    MEDIA_ANNOTATIONS,
    action_kind,
    search_index,
    survey,
    walk,
    xfa_state,
)
from efiling.documents.problems import plural
from efiling.documents.revisions import read_pdf
from efiling.documents.unshown import remove_unused, unreachable_objects


def _remove_outside_links(pdf: pikepdf.Pdf) -> int:
    """Drop link annotations whose action leaves the document; returns how many."""
    removed = 0
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if not isinstance(annots, Array):
            continue
        keep = []
        for annot in annots:
            if (
                isinstance(annot, Dictionary)
                and annot.get("/Subtype") == Name.Link
                and action_kind(annot.get("/A")) in ("external", "launch", "javascript")
            ):
                removed += 1
                continue
            keep.append(annot)
        if len(keep) != len(annots):
            page.obj.Annots = pdf.make_indirect(Array(keep))
    return removed


STALE_KEYS = ("/PieceInfo", "/Thumb", "/EF")  # editing data, thumbnails, files inside files


def _sweep(pdf: pikepdf.Pdf) -> None:
    """After pikepdf's sanitizer, which visits the usual places, remove what is left anywhere in
    the object graph (an /AA on a form XObject, editing data on an image, ...): a targeted
    action's key goes (or its array slot becomes null), and so do the STALE_KEYS."""
    for obj in list(walk(pdf)):
        if isinstance(obj, Array):
            for index, child in enumerate(list(obj)):
                if action_kind(child):
                    obj[index] = None
        else:
            for key, value in list(obj.items()):
                # A key that is not valid text cannot be deleted, and no viewer looks there.
                if key in STALE_KEYS or action_kind(value):
                    with contextlib.suppress(TypeError, ValueError):
                        del obj[key]


def _remove_damaged_annotations(pdf: pikepdf.Pdf) -> int:
    """Take annotations whose position readers read differently (pages.annotation_damaged) off
    the pages, and their form fields out of the form; returns how many."""
    removed: set[tuple[int, int]] = set()
    count = 0
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if not isinstance(annots, Array):
            continue
        keep = []
        for annot in annots:
            if isinstance(annot, Dictionary) and annotation_damaged(annot):
                count += 1
                if annot.is_indirect:
                    removed.add(annot.objgen)
                continue
            keep.append(annot)
        if len(keep) != len(annots):
            page.obj.Annots = pdf.make_indirect(Array(keep))
    acroform = pdf.Root.get("/AcroForm")
    fields = acroform.get("/Fields") if isinstance(acroform, Dictionary) else None
    if removed and isinstance(fields, Array):
        acroform.Fields = Array([f for f in fields if not (f.is_indirect and f.objgen in removed)])
    return count


def _remove_media_annotations(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if isinstance(annots, Array):
            keep = [
                a
                for a in annots
                if not (isinstance(a, Dictionary) and str(a.get("/Subtype")) in MEDIA_ANNOTATIONS)
            ]
            if len(keep) != len(annots):
                page.obj.Annots = pdf.make_indirect(Array(keep))


def clean_pdf(src: Path, dst: Path, *, max_pages: int = MAX_PAGES) -> list[str]:
    """Write to `dst` a copy of `src` without scripts, launch commands, links and forms that reach
    outside the document, embedded files, media, XFA, stale thumbnails and editing data,
    annotations whose position is damaged, what no page shows, and an owner-password lock.
    Returns what was removed, in the filer's words. `max_pages` is the limit `src` was
    inspected with.

    The copy is a full save of the last version only: earlier versions kept inside the file,
    bytes after its end and objects nothing refers to are not written.

    Call it only on a file `inspect_pdf` did not refuse: it does not re-check stream sizes, and
    it would silently drop embedded files, which inspect_pdf refuses so the filer can file them.
    Stream data is copied as it is, never decoded. A digital signature does not survive.
    """
    notes: list[str] = []
    data, layout, pdf = read_pdf(Path(src))
    with pdf:
        found = survey(pdf)
        version_start = (layout.earlier[-1:] and layout.earlier[-1]) or 0
        unreachable = unreachable_objects(pdf, found.reachable, version_start)
        stray = stray_bytes(data, version_start, layout.end, pdf)
        was_encrypted = pdf.is_encrypted
        has_xfa, _dynamic = xfa_state(pdf)
        has_search_index = search_index(pdf)

        _remove_outside_links(pdf)
        sanitizer = (
            pikepdf.sanitize.Sanitizer()
            .remove_javascript()
            .remove_external_access()
            .remove_attachments()
            .remove_multimedia()
            .remove_thumbnails()
            .remove_search_index()
            .remove_private_app_data()
            .remove_collection()
        )
        sanitizer.apply(pdf)
        _remove_media_annotations(pdf)
        _sweep(pdf)
        names = pdf.Root.get("/Names")
        if isinstance(names, Dictionary):
            for key in ("/JavaScript", "/EmbeddedFiles"):
                if key in names:
                    del names[key]
        if has_xfa:
            del pdf.Root.AcroForm["/XFA"]
        if "/NeedsRendering" in pdf.Root:
            del pdf.Root["/NeedsRendering"]
        damaged = _remove_damaged_annotations(pdf)
        # Last: what the removals above leave unused goes too, so the copy has none.
        pages = page_tree(pdf, max_pages)
        unused = survey_content(pdf, pages).unused if pages else []
        remove_unused(unused)

        if found.javascript:
            notes.append(f"Removed {plural(found.javascript, 'script')} (JavaScript).")
        if found.launch:
            notes.append(f"Removed {plural(found.launch, 'command')} that would start a program.")
        if found.external:
            notes.append(
                f"Removed {plural(found.external, 'link')} to outside material: "
                "filings must be self-contained."
            )
        if found.embedded:
            notes.append(f"Removed {plural(found.embedded, 'embedded file')}.")
        if found.media:
            notes.append(f"Removed {plural(found.media, 'sound, video or 3D item')}.")
        if has_xfa:
            notes.append("Removed the XFA version of the form.")
        if found.hidden_copies or has_search_index:
            notes.append("Removed page thumbnails and editing data that could keep old content.")
        if damaged:
            notes.append(
                f"Removed {plural(damaged, 'comment or form field', 'comments or form fields')} "
                "whose position on the page was damaged (viewers would each show them "
                "differently)."
            )
        if unreachable or unused:
            notes.append(
                f"Removed {plural(len(unreachable) + len(unused), 'item')} that no page showed "
                "(content, images, fonts or other data left in the file)."
            )
        if was_encrypted:
            notes.append("Removed the owner password and its printing and copying restrictions.")
        if layout.earlier:
            notes.append(
                f"Removed {plural(len(layout.earlier), 'earlier version')} of the document that "
                "the file still held; the court keeps only the latest version, as the pages "
                "show it."
            )
        if layout.trailing_bytes:
            notes.append(
                f"Removed {plural(layout.trailing_bytes, 'byte')} of other data after the end of "
                "the PDF (for example, another file joined to it)."
            )

        if stray:
            notes.append(
                f"Removed {plural(stray, 'byte')} of other data between the parts of the PDF "
                "(for example, another file hidden inside it)."
            )

        # encryption=False writes without encryption; stream data is copied, never decoded.
        pdf.save(
            dst,
            encryption=False,
            compress_streams=False,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
        )
    return notes
