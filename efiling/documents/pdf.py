"""Acceptance checks and cleaning for filed PDFs: pure functions on files, no Django.

`inspect_pdf` says what is wrong with a file and what happens about it (refuse, clean, warn),
within the court's page limit (counted from the page tree before any other work, pages.py);
`clean_pdf` writes a copy without the active and outside-reaching content, and without what a
viewer does not show (earlier versions kept by incremental saves, data after the end;
revisions.py). The decisions and their reasons are in docs/decisions/0003-pdf-acceptance.md.

Importing this module caps qpdf's Flate output at MAX_STREAM_BYTES per stream for the whole
process (a stricter cap already set is kept): every PDF this server handles comes from outside,
and qpdf inflates object streams and cross-reference streams itself, before any check here runs.
"""

from __future__ import annotations

import io
import math
import mmap
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
from pikepdf import Array, Dictionary, Name, Stream

from efiling.documents import _streams
from efiling.documents._pdfium import open_document
from efiling.documents.content import MAX_FORM_DRAWS, survey_content
from efiling.documents.gaps import stray_bytes
from efiling.documents.pages import (
    PageGeometryError,
    PageNode,
    PageTreeError,
    annotation_damaged,
    declared_page_count,
    page_geometry,
    page_tree,
)
from efiling.documents.problems import CLEAN, REFUSE, PdfProblem, problem
from efiling.documents.revisions import Unreadable, open_version, read_pdf, version_ends
from efiling.documents.unshown import Unshown, unreachable_objects, unshown_text_pdf
from efiling.documents.xref import packed_objects

MAX_PAGES = 2_000  # a court sets its own (CourtPolicy.maximum_page_count)
# Objects packed in object streams, which qpdf parses and keeps all at once (revisions.py): at
# most this many per allowed page, and never fewer than the floor.
OBJECTS_PER_PAGE = 100
MIN_OBJECT_LIMIT = 100_000
MAX_STREAM_BYTES = 64 * 1024 * 1024
MAX_TOTAL_DECODED_BYTES = 512 * 1024 * 1024
PDF_MAGIC = b"%PDF-"

# text_searchable: the first TEXT_SAMPLE_PAGES pages are read; a page has text when it carries
# at least TEXT_MIN_CHARS characters other than spaces; the document is searchable when at least
# half of the sampled pages have text.
TEXT_SAMPLE_PAGES = 10
TEXT_MIN_CHARS = 20

JAVASCRIPT_ACTIONS = {"/JavaScript"}
LAUNCH_ACTIONS = {"/Launch"}
EXTERNAL_ACTIONS = {"/URI", "/GoToR", "/GoToE", "/SubmitForm", "/ImportData"}
MEDIA_ACTIONS = {"/Rendition", "/Movie", "/Sound", "/RichMediaExecute"}
# Wrong "fast web view" hints are common and harmless (viewers ignore them): not damage.
_LINEARIZATION = re.compile(r"(?i)lineariz|hint table")

MEDIA_ANNOTATIONS = {"/Movie", "/Sound", "/RichMedia", "/3D", "/Screen"}


def _install_qpdf_flate_cap(limit: int) -> None:
    current = pikepdf.settings.get_qpdf_limits()["flate_max_memory"]
    if current == 0 or current > limit:
        pikepdf.settings.set_qpdf_limits(flate_max_memory=limit)


_install_qpdf_flate_cap(MAX_STREAM_BYTES)


@dataclass
class PdfReport:
    page_count: int
    text_searchable: bool
    problems: list[PdfProblem] = field(default_factory=list)
    # Where each earlier version kept inside the file ends (revisions.FileLayout.earlier), for
    # those within the same limits as the last one, so their text can be read safely.
    earlier_versions: tuple[int, ...] = ()

    @property
    def refused(self) -> bool:
        return any(p.action == REFUSE for p in self.problems)

    @property
    def needs_cleaning(self) -> bool:
        return any(p.action == CLEAN for p in self.problems)

    def codes(self) -> list[str]:
        return [p.code for p in self.problems]


# --- Walking the object graph -----------------------------------------------------------------


def walk(pdf: pikepdf.Pdf, seen: set[tuple[int, int]] | None = None) -> Iterator[pikepdf.Object]:
    """Every dictionary, array and stream reachable from the trailer, each indirect object once;
    the (number, generation) of each indirect object reached is added to `seen`.

    qpdf resolves objects stored inside object streams, so nothing hides there.
    """
    seen = set() if seen is None else seen
    stack: list[pikepdf.Object] = [pdf.trailer]
    while stack:
        obj = stack.pop()
        if obj.is_indirect:
            key = obj.objgen
            if key in seen:
                continue
            seen.add(key)
        yield obj
        children = list(obj) if isinstance(obj, Array) else obj.values()
        for child in children:
            if isinstance(child, (Dictionary, Array, Stream)):
                stack.append(child)


def _name(value) -> str | None:
    return str(value) if isinstance(value, Name) else None


def _names(value) -> list[str]:
    if isinstance(value, Name):
        return [str(value)]
    if isinstance(value, Array):
        return [str(v) for v in value if isinstance(v, Name)]
    return []


def action_kind(obj) -> str | None:
    """The category of an action dictionary: javascript, launch, external, media, or None."""
    if not isinstance(obj, (Dictionary, Stream)):
        return None
    subtype = _name(obj.get("/S"))
    if subtype in JAVASCRIPT_ACTIONS or "/JS" in obj:
        return "javascript"
    if subtype in LAUNCH_ACTIONS:
        return "launch"
    if subtype in EXTERNAL_ACTIONS:
        return "external"
    if subtype in MEDIA_ACTIONS:
        return "media"
    return None


@dataclass
class _Findings:
    javascript: int = 0
    launch: int = 0
    external: int = 0
    media: int = 0
    embedded_streams: set[tuple[int, int]] = field(default_factory=set)
    hidden_copies: int = 0
    streams: list[Stream] = field(default_factory=list)
    oversized_image: bool = False
    reachable: set[tuple[int, int]] = field(default_factory=set)  # indirect objects reached

    @property
    def embedded(self) -> int:
        return len(self.embedded_streams)


_COMPONENTS = {"/DeviceGray": 1, "/CalGray": 1, "/Indexed": 1, "/DeviceRGB": 3, "/CalRGB": 3}


def _image_bytes(image: Stream) -> int:
    """What an image XObject declares it unpacks to: width x height x components x bits / 8."""
    try:
        width = int(image.get("/Width", 0))
        height = int(image.get("/Height", 0))
        bits = int(image.get("/BitsPerComponent", 8))
        space = image.get("/ColorSpace")
        components = 4  # unknown: assume the most (CMYK)
        if isinstance(space, Name):
            components = _COMPONENTS.get(str(space), 4)
        elif isinstance(space, Array) and len(space) > 1 and _name(space[0]) == "/ICCBased":
            components = int(space[1].get("/N", 4)) if isinstance(space[1], Stream) else 4
        elif isinstance(space, Array) and len(space) > 0:
            components = _COMPONENTS.get(_name(space[0]) or "", 4)
        if image.get("/ImageMask") is True:
            components, bits = 1, 1
    except (TypeError, ValueError):
        return 0
    return math.ceil(max(width, 0) * max(height, 0) * max(components, 1) * max(bits, 1) / 8)


def survey(pdf: pikepdf.Pdf, max_stream_bytes: int = MAX_STREAM_BYTES) -> _Findings:
    """What the object graph holds: actions by kind, embedded files, stale copies, every
    stream (to measure) and the indirect objects reachable from the trailer."""
    found = _Findings()
    for obj in walk(pdf, found.reachable):
        if isinstance(obj, Array):
            continue
        kind = action_kind(obj)
        if kind is not None:
            setattr(found, kind, getattr(found, kind) + 1)
        obj_type = _name(obj.get("/Type"))
        subtype = _name(obj.get("/Subtype"))
        if "/Thumb" in obj or "/PieceInfo" in obj:
            found.hidden_copies += 1
        if isinstance(obj, Stream):
            found.streams.append(obj)
            if obj_type == "/EmbeddedFile":
                found.embedded_streams.add(obj.objgen)
            if subtype == "/Image" and _image_bytes(obj) > max_stream_bytes:
                found.oversized_image = True
        elif subtype in MEDIA_ANNOTATIONS and obj_type in (None, "/Annot"):
            found.media += 1
        files = obj.get("/EF")
        if isinstance(files, Dictionary):  # a file specification with the file inside it
            for embedded in files.values():
                if isinstance(embedded, Stream):
                    found.embedded_streams.add(embedded.objgen)
    return found


def _scan_streams(streams: list[Stream], max_stream_bytes: int, max_total: int) -> bool:
    """True if every stream unpacks within the limits (decoding each in bounded steps)."""
    total = 0
    for stream in streams:
        filters = _names(stream.get("/Filter"))
        parms_value = stream.get("/DecodeParms")
        parms = list(parms_value) if isinstance(parms_value, Array) else [parms_value]
        try:
            data = stream.read_raw_bytes()
            total += _streams.decoded_size(data, filters, parms, max_stream_bytes)
        except _streams.TooLarge:
            return False
        except pikepdf.PdfError:
            continue  # unreadable stream: the syntax check reports it
        if total > max_total:
            return False
    return True


def xfa_state(pdf: pikepdf.Pdf) -> tuple[bool, bool]:
    """(has XFA, is a dynamic XFA form that needs XFA to show its pages)."""
    acroform = pdf.Root.get("/AcroForm")
    has_xfa = isinstance(acroform, Dictionary) and "/XFA" in acroform
    dynamic = has_xfa and pdf.Root.get("/NeedsRendering") is True
    return has_xfa, dynamic


def search_index(pdf: pikepdf.Pdf) -> bool:
    piece = pdf.Root.get("/PieceInfo")
    return isinstance(piece, Dictionary) and "/SearchIndex" in piece


# --- Text layer -------------------------------------------------------------------------------


def _text_searchable(source: Path | bytes, sample_pages: int = TEXT_SAMPLE_PAGES) -> bool:
    with open_document(source) as document:
        sampled = min(len(document), sample_pages)
        if sampled == 0:
            return False
        with_text = 0
        for index in range(sampled):
            page = document[index]
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range()
            finally:
                textpage.close()
                page.close()
            if sum(1 for ch in text if not ch.isspace()) >= TEXT_MIN_CHARS:
                with_text += 1
        return with_text * 2 >= sampled


# --- Public API -------------------------------------------------------------------------------

# Errors that mean a structure no reader can make sense of: qpdf's own, a page tree that cannot
# be followed, or values of the wrong type where the walk expects others.
_DAMAGE = (pikepdf.PdfError, PageTreeError, ValueError, TypeError, IndexError)


def _bounded_pages(pdf: pikepdf.Pdf, max_pages: int) -> list[PageNode] | None:
    """The pages, None past `max_pages`. Raises PageTreeError when /Count (which PDFium
    believes) names a different number of pages than the tree holds: readers would differ."""
    pages = page_tree(pdf, max_pages)
    declared = declared_page_count(pdf)
    if pages is not None and declared is not None and declared > 0 and declared != len(pages):
        raise PageTreeError("the page count does not match the page tree")
    return pages


def _within_caps(
    found: _Findings, unreachable: list, max_stream_bytes: int, max_total: int
) -> bool:
    """True when no stream (reachable, or in an object nothing refers to) or image unpacks to
    more than the caps."""
    streams = found.streams + [obj for obj in unreachable if isinstance(obj, Stream)]
    if found.oversized_image or any(
        isinstance(obj, Stream) and _image_bytes(obj) > max_stream_bytes for obj in unreachable
    ):
        return False
    return _scan_streams(streams, max_stream_bytes, max_total)


def _within_limits(pdf: pikepdf.Pdf, max_pages: int, max_stream_bytes: int, max_total: int):
    """The pages of `pdf` if it is within every limit a reader of its text needs (page count,
    decoded sizes, content drawn per page), else None."""
    pages = _bounded_pages(pdf, max_pages)
    if not pages:
        return None
    found = survey(pdf, max_stream_bytes)
    if not _within_caps(found, [], max_stream_bytes, max_total):
        return None
    return pages if survey_content(pdf, pages).over_page is None else None


def _readable_earlier_versions(
    data: bytes, ends: tuple[int, ...], max_pages: int, max_stream_bytes: int, max_total: int
) -> tuple[int, ...]:
    """The earlier versions within the same limits as the last one (page count, decoded
    sizes, content drawn), whose text can therefore be read safely. The others are removed
    all the same."""
    readable = []
    for end in ends:
        try:
            with open_version(data, end) as pdf:
                if _within_limits(pdf, max_pages, max_stream_bytes, max_total) is not None:
                    readable.append(end)
        except (*_DAMAGE, pikepdf.PasswordError):
            continue
    return tuple(readable)


def damaged_annotations(pages: list) -> int:
    """Annotations on the pages whose position readers read differently (pages.py)."""
    count = 0
    for node in pages:
        annots = node.page.get("/Annots")
        if isinstance(annots, Array):
            count += sum(1 for a in annots if isinstance(a, Dictionary) and annotation_damaged(a))
    return count


def inspect_pdf(
    path: Path,
    *,
    max_pages: int = MAX_PAGES,
    max_stream_bytes: int = MAX_STREAM_BYTES,
    max_total_decoded_bytes: int = MAX_TOTAL_DECODED_BYTES,
) -> PdfReport:
    """Check a file offered for filing against docs/decisions/0003: the problems found, each
    with what happens (refuse, clean, warn) and the filer's message.

    Refusals stop the inspection early: a file that is not a PDF, is damaged, locked with a
    password, has more than `max_pages` pages (counted in the page tree with a bound, before
    any per-page or per-object work) or unpacks to more than the caps is never parsed further.
    A file that is not refused can be cleaned (`clean_pdf`) and file-stamped (`stamp_pdf`).
    """
    path = Path(path)
    if path.stat().st_size == 0:
        return _refused([], "empty")
    with path.open("rb") as handle:
        if handle.read(len(PDF_MAGIC)) != PDF_MAGIC:
            return _refused([], "not_pdf")
        # Mapped, not read: the splitting tool inspects files far larger than a filing.
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return _inspect(path, data, max_pages, max_stream_bytes, max_total_decoded_bytes)


def earlier_end(layout) -> int:
    """Where the version before the last one ends (0 when the file has one version)."""
    return layout.earlier[-1] if layout.earlier else 0


def _refused(problems: list[PdfProblem], code: str, **words) -> PdfReport:
    problems.append(problem(code, **words))
    return PdfReport(page_count=0, text_searchable=False, problems=problems)


def _inspect(
    path: Path, data, max_pages: int, max_stream_bytes: int, max_total_decoded_bytes: int
) -> PdfReport:
    """inspect_pdf past the magic bytes; `data` is the file's bytes (mapped)."""
    problems: list[PdfProblem] = []

    def stop(code: str, **words) -> PdfReport:
        return _refused(problems, code, **words)

    packed = packed_objects(data, version_ends(data))
    most = max(MIN_OBJECT_LIMIT, OBJECTS_PER_PAGE * max_pages)
    if packed is None:
        return stop("damaged")
    if packed > most:
        return stop("too_many_objects", limit=most, count=max_pages)
    try:
        # No recovery: qpdf silently rebuilds damaged files (a file cut to 70% opens with all
        # its pages), and the court must not docket a document that is missing its end.
        data, layout, pdf = read_pdf(path, data)
    except pikepdf.PasswordError:
        return stop("password_protected")
    except (pikepdf.PdfError, Unreadable):
        return stop("damaged")

    with pdf:
        try:
            if pdf.is_encrypted:  # it opened without a password: only an owner password is set
                problems.append(problem("restricted"))
            pages = _bounded_pages(pdf, max_pages)
            if pages is None:
                return stop("too_many_pages", limit=max_pages)
            # Before anything inflates a stream (the syntax check decodes them all, PDFium the
            # page contents), measure what each unpacks to, in bounded steps: the streams
            # reachable from the trailer and those of objects nothing refers to.
            found = survey(pdf, max_stream_bytes)
            unreachable = unreachable_objects(pdf, found.reachable, earlier_end(layout))
            if not _within_caps(found, unreachable, max_stream_bytes, max_total_decoded_bytes):
                return stop("too_large_unpacked", limit=max_stream_bytes)
            syntax = pdf.check_pdf_syntax()
        except _DAMAGE:
            return stop("damaged")
        if any("memory limit exceeded" in line for line in syntax):  # qpdf's process cap
            qpdf_cap = pikepdf.settings.get_qpdf_limits()["flate_max_memory"]
            return stop("too_large_unpacked", limit=min(max_stream_bytes, qpdf_cap))
        if [line for line in syntax if not _LINEARIZATION.search(line)]:
            return stop("damaged")
        if not pages:
            return stop("no_pages")
        for number, node in enumerate(pages, start=1):
            try:  # the stamp's own reading of the page: what passes here can be stamped
                page_geometry(node.get)
            except PageGeometryError as exc:
                return stop("page_size", page=number, detail=str(exc))
        # What each page draws, forms repeated as often as drawn: before PDFium draws it.
        drawn = survey_content(pdf, pages)
        if drawn.over_page is not None:
            return stop("too_much_content", page=drawn.over_page, limit=MAX_FORM_DRAWS)

        if found.embedded:
            problems.append(problem("embedded_files", count=found.embedded))
        has_xfa, dynamic = xfa_state(pdf)
        if dynamic:
            problems.append(problem("dynamic_form"))
        if found.javascript:
            problems.append(problem("javascript", count=found.javascript))
        if found.launch:
            problems.append(problem("launch", count=found.launch))
        if found.external:
            problems.append(problem("external_links", count=found.external))
        if found.media:
            problems.append(problem("media", count=found.media))
        if has_xfa and not dynamic:
            problems.append(problem("xfa"))
        if found.hidden_copies or search_index(pdf):
            problems.append(problem("hidden_copies"))
        damaged = damaged_annotations(pages)
        if damaged:
            problems.append(problem("damaged_annotations", count=damaged))
        unshown = Unshown(unreachable, drawn.unused)
        if unshown.count:
            problems.append(problem("unused_content", count=unshown.count))
        stray = stray_bytes(data, earlier_end(layout), layout.end, pdf)
        if stray:
            problems.append(problem("stray_data", count=stray))
    readable: tuple[int, ...] = ()
    if layout.earlier:
        problems.append(problem("earlier_versions", count=len(layout.earlier)))
        readable = _readable_earlier_versions(
            data, layout.earlier, max_pages, max_stream_bytes, max_total_decoded_bytes
        )
    if layout.trailing_bytes:
        problems.append(problem("trailing_data", count=layout.trailing_bytes))

    searchable = False
    if not any(p.action == REFUSE for p in problems):
        try:
            whole = layout.end == layout.size
            searchable = _text_searchable(path if whole else data[: layout.end])
        except pdfium.PdfiumError:  # qpdf read it, PDFium (a viewer's engine) cannot
            return stop("damaged")
        if not searchable:
            problems.append(problem("not_text_searchable"))
    return PdfReport(
        page_count=len(pages),
        text_searchable=searchable,
        problems=problems,
        earlier_versions=readable,
    )


def unshown_content(path: Path, *, max_pages: int = MAX_PAGES) -> bytes | None:
    """A scratch PDF holding, one per page, the content streams cleaning removes because no
    page shows them (unshown.unshown_text_pdf), for the redaction check to read before they
    go; None if there are none. Call it only on a file inspect_pdf did not refuse."""
    _data, layout, pdf = read_pdf(Path(path))
    with pdf:
        pages = _bounded_pages(pdf, max_pages) or []
        found = survey(pdf)
        unreachable = unreachable_objects(pdf, found.reachable, earlier_end(layout))
        unshown = Unshown(unreachable, survey_content(pdf, pages).unused)
        scratch = unshown_text_pdf(pdf, unshown)
        if scratch is None:
            return None
        with scratch:
            buffer = io.BytesIO()
            scratch.save(buffer)
            return buffer.getvalue()
