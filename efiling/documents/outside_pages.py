"""Text a viewer shows outside the page content: comments (annotations), form fields,
bookmarks, the document's properties and its XMP metadata. Pure functions on pikepdf objects,
no Django.

The redaction check (Rule 55.025) reads these too (issue 9, second round, D): a Social
Security number typed into a sticky note, a form field, a bookmark or the document's Title is
shown by every viewer. Each text comes with where it is, in the filer's words ("in a comment
on page 2", "in the document's properties (Title)"). The effort is bounded: at most MAX_ITEMS
annotations, fields and bookmarks, and MAX_CHARACTERS characters in all.

Document properties and XMP metadata are checked, not cleared: XMP is part of PDF/A (which the
court keeps whole) and the title helps every reader, assistive technology first; decision 0003.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from efiling.documents.pages import PageNode

MAX_ITEMS = 20_000
MAX_CHARACTERS = 1_000_000
MAX_XMP_BYTES = 1024 * 1024
MAX_FIELD_DEPTH = 32

# What each kind of annotation is called (the rest are "comments").
ANNOTATION_WORDS = {"/Widget": "a form field", "/Link": "a link", "/FreeText": "a text box"}
ANNOTATION_KEYS = ("/Contents", "/RC", "/T", "/Subj")
FIELD_KEYS = ("/V", "/DV", "/TU", "/T", "/Contents")
_TAG = re.compile(r"<[^>]*>")


@dataclass
class PlacedText:
    where: str  # e.g. "in a comment on page 2"
    page: int  # 1-based; 0 when the text is not on a page
    text: str


def _strings(value) -> list[str]:
    """The text of a string (rich text stripped of its markup), a name, or an array of them."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, pikepdf.String):
        text = str(value)
        return [html.unescape(_TAG.sub(" ", text)) if "<" in text else text]
    if isinstance(value, Name):
        return [str(value)[1:]]
    if isinstance(value, Array):
        return [text for item in list(value)[:64] for text in _strings(item)]
    if isinstance(value, Stream):  # rich text may be a stream
        try:
            data = value.read_bytes()[:MAX_XMP_BYTES]
        except pikepdf.PdfError:
            return []
        return [html.unescape(_TAG.sub(" ", data.decode("utf-8", "replace")))]
    return []


class _Reader:
    def __init__(self) -> None:
        self.found: list[PlacedText] = []
        self.items = MAX_ITEMS
        self.characters = MAX_CHARACTERS

    def add(self, where: str, page: int, value) -> None:
        for text in _strings(value):
            text = text[: self.characters]
            if text.strip():
                self.found.append(PlacedText(where, page, text))
                self.characters -= len(text)

    @property
    def full(self) -> bool:
        return self.items <= 0 or self.characters <= 0

    def annotations(self, pages: list[PageNode]) -> dict:
        """Comments' text; returns where each annotation is (objgen -> page number)."""
        on_page: dict = {}
        for number, node in enumerate(pages, start=1):
            annots = node.page.get("/Annots")
            for annot in annots if isinstance(annots, Array) else ():
                self.items -= 1
                if self.full:
                    return on_page
                if not isinstance(annot, Dictionary):
                    continue
                if annot.is_indirect:
                    on_page[annot.objgen] = number
                subtype = str(annot.get("/Subtype"))
                if subtype == "/Widget":
                    continue  # read with the form's fields
                what = ANNOTATION_WORDS.get(subtype, "a comment")
                for key in ANNOTATION_KEYS:
                    self.add(f"in {what} on page {number}", number, annot.get(key))
        return on_page

    def fields(self, pdf: pikepdf.Pdf, on_page: dict) -> None:
        acroform = pdf.Root.get("/AcroForm")
        fields = acroform.get("/Fields") if isinstance(acroform, Dictionary) else None
        stack = [(field, 0) for field in (fields if isinstance(fields, Array) else ())]
        seen: set = set()
        while stack and not self.full:
            field, depth = stack.pop()
            self.items -= 1
            if not isinstance(field, Dictionary) or depth > MAX_FIELD_DEPTH:
                continue
            if field.is_indirect:
                if field.objgen in seen:
                    continue
                seen.add(field.objgen)
            page = on_page.get(field.objgen, 0) if field.is_indirect else 0
            kids = field.get("/Kids")
            for kid in kids if isinstance(kids, Array) else ():
                if isinstance(kid, Dictionary) and kid.is_indirect:
                    page = page or on_page.get(kid.objgen, 0)
                stack.append((kid, depth + 1))
            where = f"in a form field on page {page}" if page else "in a form field"
            for key in FIELD_KEYS:
                self.add(where, page, field.get(key))

    def bookmarks(self, pdf: pikepdf.Pdf) -> None:
        outlines = pdf.Root.get("/Outlines")
        item = outlines.get("/First") if isinstance(outlines, Dictionary) else None
        stack, seen = [item], set()
        while stack and not self.full:
            item = stack.pop()
            if not isinstance(item, Dictionary) or (item.is_indirect and item.objgen in seen):
                continue
            if item.is_indirect:
                seen.add(item.objgen)
            self.items -= 1
            self.add("in a bookmark", 0, item.get("/Title"))
            stack += [item.get("/Next"), item.get("/First")]

    def properties(self, pdf: pikepdf.Pdf) -> None:
        info = pdf.trailer.get("/Info")
        if isinstance(info, Dictionary):
            for key, value in list(info.items())[:64]:
                self.add(f"in the document's properties ({key[1:]})", 0, value)
        metadata = pdf.Root.get("/Metadata")
        if isinstance(metadata, Stream):
            try:
                xml = metadata.read_bytes()[:MAX_XMP_BYTES].decode("utf-8", "replace")
            except pikepdf.PdfError:
                return
            text = html.unescape(_TAG.sub(" ", xml))
            self.add("in the document's metadata (XMP)", 0, text)


def texts_outside_pages(pdf: pikepdf.Pdf, pages: list[PageNode]) -> list[PlacedText]:
    """Every text of the kinds above in `pdf` (its pages as page_tree lists them), with
    where it is, within the bounds of the module."""
    reader = _Reader()
    on_page = reader.annotations(pages)
    reader.fields(pdf, on_page)
    reader.bookmarks(pdf)
    reader.properties(pdf)
    return reader.found
