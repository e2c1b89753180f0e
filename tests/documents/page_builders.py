"""Builders of awkward pages for the file stamp: boxes away from the origin and cropped,
rotations, /UserUnit, tiny and huge pages, annotations and form fields that reach into the strip
above the page, tagged pages. Each builder writes one file at `path` and returns `path`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from efiling.documents.stamp_font import FONT_FILE

_HELVETICA = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)


@dataclass(frozen=True)
class Annotation:
    """An annotation to put on a page. `kind`: "stamp" (a rubber stamp with an appearance, like
    a "RECEIVED" stamp), "square" (a filled square without an appearance: viewers draw it from
    /Rect), "text_field" (a form field widget with an appearance) or "check_box" (a widget
    with one appearance per state). `rect` in the page's user space."""

    kind: str
    rect: tuple[float, float, float, float]
    # Written as they are, in PDF syntax, in place of what `rect` gives (damaged values):
    raw_rect: str | None = None  # the annotation's /Rect, e.g. "[0 (0) 612 1000]"
    raw_bbox: str | None = None  # its appearance's /BBox
    raw_matrix: str | None = None  # its appearance's /Matrix


@dataclass(frozen=True)
class Page:
    media: tuple[float, float, float, float] = (0, 0, 612, 792)
    crop: tuple[float, float, float, float] | None = None
    rotate: int = 0
    user_unit: float | None = None
    annotations: tuple[Annotation, ...] = field(default_factory=tuple)
    # A second content stream, drawn after the page's text (hostile content: unmatched Q, a
    # fill over where the stamp goes, state left open).
    extra_content: bytes = b""
    tagged: bool = False  # /StructParents: the stamp keeps the content in the page


def _appearance(pdf: pikepdf.Pdf, width: float, height: float, ops: bytes, **resources):
    stream = pdf.make_stream(ops)
    stream.Type = Name.XObject
    stream.Subtype = Name.Form
    stream.BBox = Array([0, 0, width, height])
    stream.Resources = Dictionary(**resources)
    return stream


def annotation_object(pdf: pikepdf.Pdf, spec: Annotation, fields: list) -> Dictionary:
    """`spec` as an annotation of `pdf`; form field widgets are added to `fields`."""
    x0, y0, x1, y1 = spec.rect
    w, h = x1 - x0, y1 - y0
    # A thick dark frame and a dark fill: anything of it inside the strip shows.
    ink = b"0.1 0.1 0.6 rg 0 0 %g %g re f" % (w, h)
    annot = Dictionary(Type=Name.Annot, Rect=Array(list(spec.rect)), F=4)
    if spec.kind == "stamp":
        annot.Subtype = Name.Stamp
        annot.Contents = String("RECEIVED")
        annot.AP = Dictionary(N=_appearance(pdf, w, h, ink))
    elif spec.kind == "square":
        annot.Subtype = Name.Square
        annot.C = Array([0.6, 0.1, 0.1])
        annot.IC = Array([0.6, 0.1, 0.1])
        annot.BS = Dictionary(W=4)
    elif spec.kind == "text_field":
        annot.Subtype = Name.Widget
        annot.FT = Name.Tx
        annot.T = String(f"field{len(fields)}")
        annot.V = String("Filled in by hand")
        annot.DA = String("/Helv 10 Tf 0 g")
        annot.MK = Dictionary(BG=Array([0.1, 0.1, 0.6]))
        annot.AP = Dictionary(N=_appearance(pdf, w, h, ink))
        fields.append(annot)
    elif spec.kind == "check_box":
        annot.Subtype = Name.Widget
        annot.FT = Name.Btn
        annot.T = String(f"field{len(fields)}")
        annot.V = Name.Yes
        annot.AS = Name.Yes
        annot.AP = Dictionary(
            N=Dictionary(Yes=_appearance(pdf, w, h, ink), Off=_appearance(pdf, w, h, b""))
        )
        fields.append(annot)
    else:
        raise ValueError(spec.kind)
    if spec.raw_rect:
        annot.Rect = pikepdf.Object.parse(spec.raw_rect.encode())
    if "/AP" in annot:
        for appearance in page_appearances(annot):
            if spec.raw_bbox:
                appearance.BBox = pikepdf.Object.parse(spec.raw_bbox.encode())
            if spec.raw_matrix:
                appearance.Matrix = pikepdf.Object.parse(spec.raw_matrix.encode())
    return pdf.make_indirect(annot)


def page_appearances(annot: Dictionary) -> list:
    """The appearance streams of `annot` (normal; one per state for check boxes)."""
    normal = annot.AP.N
    return list(normal.values()) if isinstance(normal, Dictionary) else [normal]


def awkward_pdf(path: Path, pages: list[Page]) -> Path:
    """One page per spec, each with a line of text near every edge of its visible area."""
    pdf = pikepdf.new()
    fields: list = []
    for spec in pages:
        page = pdf.add_blank_page()
        obj = page.obj
        obj.MediaBox = Array(list(spec.media))
        if spec.crop:
            obj.CropBox = Array(list(spec.crop))
        if spec.rotate:
            obj.Rotate = spec.rotate
        if spec.user_unit:
            obj.UserUnit = spec.user_unit
        x0, y0, x1, y1 = spec.crop or spec.media
        size = max(min(x1 - x0, y1 - y0) / 60, 2)
        obj.Resources = Dictionary(Font=Dictionary(F1=_HELVETICA))
        text = b"Text of the page near its edge."
        obj.Contents = pdf.make_stream(
            b"BT /F1 %g Tf %g %g Td (%s) Tj ET\n" % (size, x0 + size, y1 - 2 * size, text)
            + b"BT /F1 %g Tf %g %g Td (%s) Tj ET\n" % (size, x0 + size, y0 + size, text)
        )
        if spec.extra_content:
            obj.Contents = Array([obj.Contents, pdf.make_stream(spec.extra_content)])
        if spec.tagged:
            obj.StructParents = len(pdf.pages) - 1
            if "/StructTreeRoot" not in pdf.Root:
                pdf.Root.MarkInfo = Dictionary(Marked=True)
                pdf.Root.StructTreeRoot = pdf.make_indirect(
                    Dictionary(Type=Name.StructTreeRoot, ParentTree=Dictionary(Nums=Array([])))
                )
        if spec.annotations:
            obj.Annots = Array([annotation_object(pdf, a, fields) for a in spec.annotations])
    if fields:
        pdf.Root.AcroForm = Dictionary(
            Fields=Array(fields),
            DA=String("/Helv 10 Tf 0 g"),
            DR=Dictionary(Font=Dictionary(Helv=_HELVETICA)),
        )
    pdf.save(path)
    return path


def mark_tagged(path: Path) -> Path:
    """Mark every page of `path` as tagged (/StructParents and a structure tree), as a word
    processor's accessible PDF is: the stamp then keeps the content in the page itself."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for number, page in enumerate(pdf.pages):
            page.obj.StructParents = number
        pdf.Root.MarkInfo = Dictionary(Marked=True)
        pdf.Root.StructTreeRoot = pdf.make_indirect(
            Dictionary(Type=Name.StructTreeRoot, ParentTree=Dictionary(Nums=Array([])))
        )
        pdf.save(path)
    return path


def embedded_font_pdf(path: Path, pages: int = 2) -> Path:
    """A text PDF whose only font is embedded (Vera, a TrueType subset from reportlab)."""
    if "EmbeddedVera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("EmbeddedVera", str(FONT_FILE)))
    c = canvas.Canvas(str(path), initialFontName="EmbeddedVera")
    for number in range(1, pages + 1):
        c.setFont("EmbeddedVera", 11)
        c.drawString(72, 720, f"Petition, page {number}. Every font in this file is embedded.")
        c.showPage()
    c.save()
    return path
