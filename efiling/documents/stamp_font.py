"""The file stamp's font: Bitstream Vera Sans, shipped with reportlab, embedded in every stamped
copy as a subset of the characters its stamps use. Pure functions, no Django.

A stamped copy keeps every font embedded, so a PDF/A original stays free of the one thing the
stamp used to add against it (a base-14 Helvetica that is not embedded), and every reader shows
the stamp with the same glyphs. The licence (reportlab/fonts/bitstream-vera-license.txt) allows
the font to be reproduced and distributed with any software; see docs/decisions/0005.

One font object serves all pages of a document: a TrueType simple font (one byte per character)
whose codes are the ASCII codes for printable ASCII and 128-255 for the other characters the
stamps need, in order of first use. A ToUnicode map lets every reader extract the text. A
character the font lacks is written without its accent when that is enough (Ő becomes O), else
as "?"; so is a character past the 128 extra codes (no stamp comes near).
"""

from __future__ import annotations

import functools
import hashlib
import string
import threading
import unicodedata
import zlib
from collections.abc import Iterable
from itertools import repeat
from pathlib import Path

import pikepdf
import reportlab
from pikepdf import Array, Dictionary, Name
from reportlab.pdfbase.ttfonts import TTFontFile, makeToUnicodeCMap

FONT_FILE = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
REPLACEMENT = "?"
FIRST_EXTRA_CODE = 128
LAST_CODE = 255
_SUBSET_LOCK = threading.Lock()  # reportlab's font reader keeps a read position


@functools.cache
def _face() -> TTFontFile:
    return TTFontFile(str(FONT_FILE))


@functools.cache
def _widths() -> dict[str, float]:
    """The advance width (1/1000 em) of every character the font has."""
    face = _face()
    return {chr(code): face.charWidths.get(code, face.defaultWidth) for code in face.charToGlyph}


def _has_glyph(ch: str) -> bool:
    return ch in _widths()


def printable(text: str) -> str:
    """`text` with every character the font lacks replaced: by its letters without accents
    when the font has those, else by "?"."""
    widths = _widths()
    if all(map(widths.__contains__, text)):
        return text
    out = []
    for ch in text:
        if ch in widths:
            out.append(ch)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(base if base and all(map(widths.__contains__, base)) else REPLACEMENT)
    return "".join(out)


def text_units(text: str) -> float:
    """The width of `text` set in the stamp font, in 1/1000 of the font size; a character the
    font lacks counts as wide as the font's missing glyph."""
    return sum(map(_widths().get, text, repeat(_face().defaultWidth)))


def text_width(text: str, size: float) -> float:
    """The width of `text` set in the stamp font at `size` (same unit as `size`)."""
    return text_units(text) * size / 1000


@functools.lru_cache(maxsize=64)
def _subset_program(subset: tuple[int, ...]) -> tuple[bytes, bytes]:
    """(the subset's TrueType program, the same Flate-compressed): compressed once, not by
    every save of a stamped copy."""
    with _SUBSET_LOCK:
        program = _face().makeSubset(list(subset))
    return program, zlib.compress(program)


class StampFont:
    """The stamp font for one document: built from all the texts its stamps will show."""

    def __init__(self, texts: Iterable[str]):
        self.codes: dict[str, int] = {}
        extra = FIRST_EXTRA_CODE
        used = set(REPLACEMENT).union(*map(set, texts))
        for ch in sorted(set(printable("".join(used)))):
            if " " <= ch <= "~":
                self.codes[ch] = ord(ch)
            elif extra <= LAST_CODE and _has_glyph(ch):
                self.codes[ch] = extra
                extra += 1
        self._table = {ord(ch): code for ch, code in self.codes.items()}

    def fit(self, text: str) -> str:
        """`text` as this font can show it (see `printable`; past the codes, "?")."""
        codes = self.codes
        if all(map(codes.__contains__, text)):
            return text
        return "".join(ch if ch in codes else REPLACEMENT for ch in printable(text))

    def encode(self, text: str) -> bytes:
        """The character codes of a `fit` text."""
        return text.translate(self._table).encode("latin-1")

    def add_to(self, pdf: pikepdf.Pdf) -> pikepdf.Object:
        """The font as an indirect object of `pdf`, its subset program embedded (FontFile2)."""
        face = _face()
        subset = [0] * (max(self.codes.values()) + 1)
        for ch, code in self.codes.items():
            subset[code] = ord(ch)
        program, compressed = _subset_program(tuple(subset))
        tag = "".join(string.ascii_uppercase[b % 26] for b in hashlib.sha256(program).digest()[:6])
        name = f"{tag}+{face.name.decode('ascii')}"
        font_file = pdf.make_stream(compressed, Filter=Name.FlateDecode)
        font_file.Length1 = len(program)
        descriptor = Dictionary(
            Type=Name.FontDescriptor,
            FontName=Name("/" + name),
            # Symbolic: the codes are the subset's own, read through its cmap (as reportlab does).
            Flags=(face.flags & ~(1 << 5)) | (1 << 2),
            FontBBox=Array([round(v) for v in face.bbox]),
            ItalicAngle=face.italicAngle,
            Ascent=round(face.ascent),
            Descent=round(face.descent),
            CapHeight=round(face.capHeight),
            StemV=face.stemV,
            MissingWidth=round(face.defaultWidth),
            FontFile2=font_file,
        )
        widths = [round(face.charWidths.get(u, face.defaultWidth)) if u else 0 for u in subset]
        return pdf.make_indirect(
            Dictionary(
                Type=Name.Font,
                Subtype=Name.TrueType,
                BaseFont=Name("/" + name),
                FirstChar=0,
                LastChar=len(subset) - 1,
                Widths=Array(widths),
                FontDescriptor=pdf.make_indirect(descriptor),
                ToUnicode=pdf.make_stream(makeToUnicodeCMap(name, subset).encode("ascii")),
            )
        )
