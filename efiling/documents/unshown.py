"""What a file holds that no viewer shows, found and taken out: pure functions on pikepdf
objects, no Django.

Two kinds (issue 9, second round; decision 0003):
- **Objects nothing refers to**: listed in the cross-reference table of the last version but
  not reachable from the trailer, such as a ZIP archive in a stream no page uses. A copy kept
  byte for byte still carried them (and still opened as a ZIP). Objects an earlier version
  wrote are left to the earlier-versions check, which reads and removes those versions whole;
  structure (cross-reference and object streams, linearization data) is not content.
- **Resources no content uses** (content.py): a form, an image, a font ... in a resource
  dictionary that no content stream using it mentions, such as an editor's earlier page
  content kept as /XObject /Old.

`clean_pdf` removes both: the unused resources from their dictionaries (`remove_unused`), and
the full save qpdf writes holds only objects reachable from the trailer. Before that, the
redaction check reads the text of what goes (`unshown_text_pdf` lays each removed content
stream on a page of a scratch document for PDFium to read), so that the filer can be told
when it looked like a Social Security number.
"""

from __future__ import annotations

from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from efiling.documents.content import ContentSurvey, Unused, survey_content
from efiling.documents.pages import PageNode

MAX_TEXT_READ = 100  # removed content streams whose text the redaction check reads, at most


@dataclass
class Unshown:
    unreachable: list[pikepdf.Object]
    unused: list[Unused]

    @property
    def count(self) -> int:
        return len(self.unreachable) + len(self.unused)


def _structural(obj, hint_offsets: set[int], offset: int) -> bool:
    """Cross-reference and object streams, the linearization dictionary and its hint streams:
    how the file is laid out, not what it holds."""
    if not isinstance(obj, (Dictionary, Stream)):
        return False
    if obj.get("/Type") in (Name.XRef, Name.ObjStm) or "/Linearized" in obj:
        return True
    return isinstance(obj, Stream) and offset in hint_offsets


def _hint_offsets(pdf: pikepdf.Pdf, xref: dict) -> set[int]:
    """Where a linearized file's hint streams start (the /H entry of its first object, the
    linearization dictionary)."""
    if not pdf.is_linearized:
        return set()
    plain = [(entry.offset, objgen) for objgen, entry in xref.items() if entry.type == 1]
    if not plain:
        return set()
    first = pdf.get_object(min(plain)[1])
    hints = first.get("/H") if isinstance(first, Dictionary) else None
    if not isinstance(hints, Array):
        return set()
    return {int(v) for v in list(hints)[::2] if isinstance(v, int)}


def unreachable_objects(
    pdf: pikepdf.Pdf, reachable: set[tuple[int, int]], earlier_end: int = 0
) -> list[pikepdf.Object]:
    """Objects of the last version that nothing reachable from the trailer refers to, other
    than structure, and other than those an earlier version wrote (before byte `earlier_end`,
    where the previous version ends; those versions are removed whole)."""
    xref = pdf.get_xref_table()
    hints: set[int] | None = None
    found = []
    for objgen, entry in xref.items():
        if entry.type not in (1, 2) or objgen in reachable:
            continue
        if entry.type == 1:
            offset = entry.offset
        else:
            container = xref.get((entry.obj_stream_number, 0))
            offset = container.offset if container is not None else 0
        if offset < earlier_end:
            continue
        obj = pdf.get_object(objgen)
        if hints is None:
            hints = _hint_offsets(pdf, xref)
        if obj is None or _structural(obj, hints, offset):
            continue
        found.append(obj)
    return found


def find_unshown(
    pdf: pikepdf.Pdf, reachable: set, earlier_end: int, survey: ContentSurvey
) -> Unshown:
    """Everything of the two kinds (see the module) in `pdf`, whose content `survey` measured
    and whose objects reachable from the trailer are `reachable`."""
    return Unshown(unreachable_objects(pdf, reachable, earlier_end), list(survey.unused))


def remove_unused(unused: list[Unused]) -> None:
    """Take each unused resource out of its dictionary (the dictionaries of `pdf` the survey
    read; the objects they named are left for the full save to drop)."""
    for item in unused:
        if item.name in item.category:
            del item.category[item.name]


def _content_like(stream: Stream) -> bool:
    """A stream that draws: a form XObject, or a stream that says nothing of what it is (the
    earlier content of a page keeps no /Type or /Subtype)."""
    subtype = stream.get("/Subtype")
    kind = stream.get("/Type")
    if subtype == Name.Form:
        return True
    return subtype is None and kind in (None, Name.XObject) and "/Length1" not in stream


def unshown_text_pdf(pdf: pikepdf.Pdf, unshown: Unshown) -> pikepdf.Pdf | None:
    """A scratch document with one page for each content stream of `pdf` cleaning removes (at most
    MAX_TEXT_READ), drawn with the resources it would have used, so that PDFium reads the
    text it holds; None when nothing removed draws. A page whose content is over the
    limits of content.py is left empty."""
    candidates: list[tuple[Stream, object]] = []
    for item in unshown.unused:
        if isinstance(item.value, Stream) and _content_like(item.value):
            own = item.value.get("/Resources")
            candidates.append((item.value, own if isinstance(own, Dictionary) else item.resources))
    for obj in unshown.unreachable:
        if isinstance(obj, Stream) and _content_like(obj):
            candidates.append((obj, obj.get("/Resources")))
    if not candidates:
        return None
    scratch = pikepdf.new()
    for stream, resources in candidates[:MAX_TEXT_READ]:
        page = scratch.add_blank_page(page_size=(612, 792))
        try:
            data = stream.read_bytes()
        except pikepdf.PdfError:
            data = b""
        page.obj.Contents = scratch.make_stream(data)
        if isinstance(resources, Dictionary):
            if not resources.is_indirect:  # qpdf copies only indirect objects across files
                resources = pdf.make_indirect(resources)
            page.obj.Resources = scratch.copy_foreign(resources)
    nodes = [PageNode(page.obj, {}) for page in scratch.pages]
    for node in nodes:
        if survey_content(scratch, [node]).over_page is not None:
            node.page.Contents = scratch.make_stream(b"")
    return scratch
