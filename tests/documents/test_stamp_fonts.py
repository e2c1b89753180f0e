"""The stamp's font is embedded (issue 9, section 4): a stamped copy of a file whose fonts are
all embedded (a PDF/A file, say) keeps every font embedded; the stamp's characters all show."""

from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from pikepdf import Dictionary, Name

from efiling.documents.stamp import FONT_RESOURCE, stamp_pdf
from tests.documents import builders, page_builders
from tests.documents.test_stamp import WORDS, check_stamped

SAMPLES = Path(__file__).resolve().parent / "samples"
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def fonts(path: Path) -> dict[str, bool]:
    """Every font of the file (by BaseFont and object number), and whether it is embedded: its
    descriptor (a Type0 font's descendant's) holds a font program; Type3 fonts are drawn by the
    file itself."""
    found = {}
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if not isinstance(obj, Dictionary) or obj.get("/Type") != Name.Font:
                continue
            subtype = obj.get("/Subtype")
            if subtype == Name.Type3:
                embedded = True
            else:
                font = obj.DescendantFonts[0] if subtype == Name.Type0 else obj
                descriptor = font.get("/FontDescriptor")
                embedded = isinstance(descriptor, Dictionary) and any(
                    isinstance(descriptor.get(key), pikepdf.Stream) for key in FONT_FILES
                )
            found[f"{obj.get('/BaseFont')} {obj.objgen[0]}"] = embedded
    return found


@pytest.mark.parametrize(
    "build",
    [
        lambda folder: SAMPLES / "pdfa-embedded-fonts.pdf",
        lambda folder: page_builders.embedded_font_pdf(folder / "embedded.pdf", pages=3),
        lambda folder: page_builders.mark_tagged(
            page_builders.embedded_font_pdf(folder / "tagged.pdf", pages=3)
        ),
    ],
    ids=["pdfa sample", "generated", "generated, tagged"],
)
def test_every_font_of_a_stamped_copy_is_embedded(tmp_path, build):
    src = build(tmp_path)
    assert all(fonts(src).values())
    dst = tmp_path / "stamped.pdf"
    stamp_pdf(src, dst, **WORDS)
    found = fonts(dst)
    assert len(found) == len(fonts(src)) + 1  # the stamp adds exactly one font
    assert all(found.values()), found
    check_stamped(src, dst)  # the original text is intact, the stamp is there


def test_the_stamp_font_is_one_embedded_subset_shared_by_all_pages(tmp_path):
    src = builders.text_pdf(tmp_path / "brief.pdf", pages=4)
    dst = tmp_path / "stamped.pdf"
    stamp_pdf(src, dst, **WORDS)
    with pikepdf.open(dst) as pdf:
        used = {
            font.objgen
            for page in pdf.pages
            for name, font in page.obj.Resources.Font.items()
            if name == f"/{FONT_RESOURCE}"
        }
        [objgen] = used
        font = pdf.get_object(objgen)
        assert font.Subtype == Name.TrueType
        assert str(font.BaseFont).endswith("+BitstreamVeraSans-Roman")  # a subset
        assert len(str(font.BaseFont).split("+")[0]) == 7  # "/" and a six-letter tag
        assert "/ToUnicode" in font
        program = font.FontDescriptor.FontFile2.read_bytes()
        assert len(program) < 20_000  # only the glyphs the stamp uses
    # The originals' own (base-14, not embedded) Helvetica is untouched, nothing else is added.
    assert sorted(name.split()[0] for name, embedded in fonts(dst).items() if not embedded) == [
        "/Helvetica"
    ]


def test_characters_outside_the_font_fall_back_sensibly(tmp_path):
    src = builders.text_pdf(tmp_path / "petition.pdf")
    dst = tmp_path / "stamped.pdf"
    words = {
        **WORDS,
        "court_name": "Cour municipale de Montréal \u2013 Ősi bíróság ✓ 東京",
        "case_number": "26\nSL-1",
    }
    stamp_pdf(src, dst, **words)
    document = pdfium.PdfDocument(str(dst))
    try:
        text = " ".join(document[0].get_textpage().get_text_range().split())
    finally:
        document.close()
    # Accented letters the font has stay; Ő (which it lacks) loses its accent; the rest is "?".
    assert "Cour municipale de Montréal \u2013 Osi bíróság ? ??" in text
    assert "26 SL-1" in text
