"""What the pages draw, measured without drawing it, and the resources nothing draws: pure
functions on pikepdf objects, no Django.

A reader draws a form XObject every time the content names it with `Do`, and draws whatever
that form draws in turn: a 3.9 KB file whose page draws a form that draws another ten times,
six levels deep, makes PDFium build a million text objects (5 GB and counting). Byte caps on
each stream cannot see this: every stream is tiny. `survey_content` walks from each page's
content through what it draws (form XObjects, counted per draw with qpdf's tokenizer, nested
draws multiplied; the tiling patterns, Type 3 glyphs and soft masks it uses; its annotations'
appearances) and measures, per page, how many forms a reader draws and how many bytes of
content it parses. A page over MAX_FORM_DRAWS or MAX_PAGE_CONTENT is refused before PDFium
reads anything.

The same walk records which resource names each content stream mentions (a scan of its
decoded bytes for name tokens: a name inside a string counts too, so nothing in use is ever
taken for unused). A resource (a form, an image, a font, a pattern ...) that no content using
its resource dictionary mentions is never shown: an editor left it there, sometimes with the
text of an earlier draft (`ContentSurvey.unused`; removed in cleaning, see unshown.py).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from efiling.documents.pages import PageNode, appearance_streams
from efiling.documents.xref import name as name_token

MAX_FORM_DRAWS = 20_000  # form XObjects a reader draws for one page, nested draws counted
MAX_PAGE_CONTENT = 64 * 1024 * 1024  # bytes of content parsed for one page, forms per draw
MAX_FORM_DEPTH = 32  # forms drawing forms: real documents nest a few levels
_SATURATED = 2**62  # costs stop growing here (a form drawing itself is this much)

# Resource categories whose names content streams use (ISO 32000-1, 7.8.3).
CATEGORIES = (
    "/XObject",
    "/Font",
    "/ExtGState",
    "/Pattern",
    "/Shading",
    "/ColorSpace",
    "/Properties",
)

_DELIMITERS = rb"\s/\[\]<>(){}%"
_NAME = re.compile(rb"/([^" + _DELIMITERS + rb"]*)")
# A "Do" not followed by a regular character; the character before it is checked apart
# (`_has_do`): a pattern that began with that look-behind would be tried at every byte, about
# 0.3 s on a 7 MB content stream, where a pattern that begins with "Do" skips to each "Do".
_DO = re.compile(rb"Do(?![^" + _DELIMITERS + rb"])")
_DELIMITER = re.compile(rb"[" + _DELIMITERS + rb"]")


def _has_do(data: bytes) -> bool:
    """Whether `data` holds the token Do: "Do" between delimiters (or the ends of `data`)."""
    return any(
        found.start() == 0 or _DELIMITER.match(data, found.start() - 1)
        for found in _DO.finditer(data)
    )


@dataclass
class Unused:
    """A resource no content mentions: `category[name]` in a resource dictionary."""

    category: Dictionary  # the /XObject, /Font, ... dictionary holding it
    name: str
    value: pikepdf.Object
    page: int  # 1-based: the first page whose content uses that resource dictionary
    resources: Dictionary  # the resource dictionary holding `category`


@dataclass
class ContentSurvey:
    over_page: int | None = None  # 1-based: the first page over the limits, if any
    form_draws: int = 0  # on the page with the most
    content_bytes: int = 0  # on the page with the most
    unused: list[Unused] = field(default_factory=list)


@dataclass
class _Scan:
    length: int
    names: frozenset[str]
    has_do: bool


def _stream_key(stream: Stream):
    return stream.objgen if stream.is_indirect else id(stream)


def _is_stream(value) -> bool:
    return isinstance(value, Stream)


def _as_streams(value) -> list[Stream]:
    if isinstance(value, Stream):
        return [value]
    if isinstance(value, Array):
        return [item for item in value if isinstance(item, Stream)]
    return []


class _Walk:
    def __init__(self, excluded: set) -> None:
        self.scans: dict = {}
        self.draws: dict = {}  # stream key -> Counter of the names its Do operators draw
        self.costs: dict = {}
        self.used: dict = {}  # category key -> names mentioned by content using it
        self.categories: dict = {}  # category key -> (dictionary, first page, resources)
        self.excluded = excluded  # category keys never pruned (the form fields' resources)
        self.page = 0

    # --- scanning -------------------------------------------------------------------------

    def scan(self, stream: Stream) -> _Scan:
        key = _stream_key(stream)
        found = self.scans.get(key)
        if found is None:
            try:
                data = stream.read_bytes()
            except pikepdf.PdfError:  # undecodable: the syntax check reports it
                data = b""
            names = frozenset(name_token(raw) for raw in _NAME.findall(data))
            found = self.scans[key] = _Scan(len(data), names, _has_do(data))
        return found

    def do_counts(self, stream: Stream) -> Counter:
        """How many times the stream's Do operators name each XObject, read by qpdf's tokenizer
        (strings, comments and inline images are skipped as a reader skips them). As PDFium
        does, the last operand names the XObject, a string as well as a name."""
        key = _stream_key(stream)
        counts = self.draws.get(key)
        if counts is None:
            counts = Counter()
            try:
                for instruction in pikepdf.parse_content_stream(stream, "Do"):
                    operands = list(instruction.operands)
                    if operands and isinstance(operands[-1], (Name, pikepdf.String)):
                        last = operands[-1]
                        name = str(last) if isinstance(last, Name) else "/" + str(last)
                        counts[name] += 1
            except (pikepdf.PdfError, ValueError):
                pass  # the syntax check reports unreadable content
            self.draws[key] = counts
        return counts

    # --- resources ------------------------------------------------------------------------

    def mark_used(self, resources, resources_key, names: Iterable[str]) -> None:
        if not isinstance(resources, Dictionary):
            return
        for category in CATEGORIES:
            entries = resources.get(category)
            if not isinstance(entries, Dictionary):
                continue
            key = entries.objgen if entries.is_indirect else (resources_key, category)
            if key not in self.categories:
                self.categories[key] = (entries, self.page, resources)
            self.used.setdefault(key, set()).update(names)

    # --- costs ----------------------------------------------------------------------------

    def content(self, streams: list[Stream], resources, resources_key, depth, stack) -> tuple:
        """(bytes parsed, forms drawn) for content `streams` using `resources`."""
        scans = [self.scan(stream) for stream in streams]
        names = frozenset().union(*(scan.names for scan in scans)) if scans else frozenset()
        self.mark_used(resources, resources_key, names)
        total, draws = sum(scan.length for scan in scans), 0
        if not isinstance(resources, Dictionary):
            return total, draws
        xobjects = resources.get("/XObject")
        if isinstance(xobjects, Dictionary) and any(scan.has_do for scan in scans):
            counts: Counter = Counter()
            for stream, scan in zip(streams, scans, strict=True):
                if scan.has_do:
                    counts.update(self.do_counts(stream))
            for name, times in counts.items():
                form = xobjects.get(name)
                if isinstance(form, Stream) and form.get("/Subtype") == Name.Form:
                    size, nested = self.draw(form, None, resources, resources_key, depth, stack)
                    total += times * size
                    draws += times * (1 + nested)
        for stream, holder in self.drawn_once(resources, names):
            size, nested = self.draw(stream, holder, resources, resources_key, depth, stack)
            total, draws = total + size, draws + nested
        return min(total, _SATURATED), min(draws, _SATURATED)

    def drawn_once(self, resources: Dictionary, names: frozenset[str]) -> list[tuple]:
        """(content stream, what holds its resources) the content's resources draw once each
        for the names it mentions: tiling patterns, Type 3 glyphs (their font holds their
        resources), soft masks."""
        found: list[tuple] = []
        patterns = resources.get("/Pattern")
        if isinstance(patterns, Dictionary):
            found += [
                (p, None) for n, p in patterns.items() if n in names and isinstance(p, Stream)
            ]
        fonts = resources.get("/Font")
        if isinstance(fonts, Dictionary):
            for name, font in fonts.items():
                procs = font.get("/CharProcs") if isinstance(font, Dictionary) else None
                if name in names and isinstance(procs, Dictionary):
                    found += [(g, font) for g in procs.values() if isinstance(g, Stream)]
        states = resources.get("/ExtGState")
        if isinstance(states, Dictionary):
            for name, state in states.items():
                mask = state.get("/SMask") if isinstance(state, Dictionary) else None
                group = mask.get("/G") if isinstance(mask, Dictionary) else None
                if name in names and isinstance(group, Stream):
                    found.append((group, None))
        return found

    def draw(self, stream: Stream, holder, resources, resources_key, depth, stack) -> tuple:
        """(bytes, forms drawn) of drawing `stream` once, what it draws included. Its
        resources are those of `holder` (the stream itself when None: a form, a pattern), or,
        when that has none, the resources of the content drawing it."""
        own = (stream if holder is None else holder).get("/Resources")
        if isinstance(own, Dictionary):
            resources = own
            if own.is_indirect:
                resources_key = own.objgen
            else:
                resources_key = ("in", _stream_key(stream if holder is None else holder))
        key = (_stream_key(stream), resources_key)
        if key in self.costs:
            return self.costs[key]
        if depth >= MAX_FORM_DEPTH or _stream_key(stream) in stack:
            return _SATURATED, _SATURATED  # drawing itself, or absurdly deep
        inner = stack | {_stream_key(stream)}
        cost = self.content([stream], resources, resources_key, depth + 1, inner)
        self.costs[key] = cost
        return cost


def _page_resources(node: PageNode) -> tuple[object, object]:
    """The resources a page uses (its own or inherited) and a key naming that dictionary."""
    holder = node.page
    for _ in range(64):  # the tree's depth is bounded by page_tree
        if not isinstance(holder, Dictionary):
            break
        resources = holder.get("/Resources")
        if resources is not None:
            if not isinstance(resources, Dictionary):
                return None, None
            if resources.is_indirect:
                return resources, resources.objgen
            return resources, ("in", holder.objgen)
        holder = holder.get("/Parent")
    return None, None


def _form_field_categories(pdf: pikepdf.Pdf) -> set:
    """Category keys of the form fields' default resources (/AcroForm /DR): a viewer uses
    them to draw a field's text from its /DA string, which no content stream mentions."""
    acroform = pdf.Root.get("/AcroForm")
    resources = acroform.get("/DR") if isinstance(acroform, Dictionary) else None
    keys: set = set()
    if isinstance(resources, Dictionary):
        for category in CATEGORIES:
            entries = resources.get(category)
            if isinstance(entries, Dictionary) and entries.is_indirect:
                keys.add(entries.objgen)
    return keys


def survey_content(
    pdf: pikepdf.Pdf,
    pages: list[PageNode],
    *,
    max_form_draws: int = MAX_FORM_DRAWS,
    max_page_content: int = MAX_PAGE_CONTENT,
) -> ContentSurvey:
    """Measure what each page draws and find the resources nothing uses (see the module).

    Call it on a document whose streams passed the decoded-size caps (inspect_pdf does):
    every content stream is decoded once. Stops at the first page over the limits
    (`over_page`); `unused` is then not filled in."""
    walk = _Walk(_form_field_categories(pdf))
    survey = ContentSurvey()
    for number, node in enumerate(pages, start=1):
        walk.page = number
        resources, key = _page_resources(node)
        streams = _as_streams(node.page.get("/Contents"))
        size, draws = walk.content(streams, resources, key, 0, frozenset())
        annots = node.page.get("/Annots")
        for annot in annots if isinstance(annots, Array) else ():
            if isinstance(annot, Dictionary):
                for appearance in appearance_streams(annot):
                    more, nested = walk.draw(appearance, None, None, None, 0, frozenset())
                    size, draws = size + more, draws + nested
        survey.form_draws = max(survey.form_draws, draws)
        survey.content_bytes = max(survey.content_bytes, size)
        if draws > max_form_draws or size > max_page_content:
            survey.over_page = number
            return survey
    for key, (entries, page, resources) in walk.categories.items():
        if key in walk.excluded:
            continue
        used = walk.used.get(key, set())
        for name, value in entries.items():
            if name not in used:
                survey.unused.append(Unused(entries, name, value, page, resources))
    return survey
