"""Files that cost far more to read than their size are refused with a precise message before
PDFium reads them (issue 9, second round, A): form XObjects drawn over and over, by any
spelling and through any path a reader follows; and the search for text under black boxes
does bounded work, without holding PDFium's lock while it compares."""

import threading

import pikepdf
import pytest

from efiling.documents import hidden_text, redaction
from efiling.documents._pdfium import PDFIUM_LOCK
from efiling.documents.cleaning import clean_pdf
from efiling.documents.content import MAX_FORM_DRAWS
from efiling.documents.pdf import inspect_pdf
from efiling.documents.redaction import find_unredacted
from tests.documents import builders
from tests.documents import hostile_builders as hostile
from tests.documents.fresh_process import inspect_in_fresh_process


def codes(report) -> list[str]:
    return [p.code for p in report.problems]


@pytest.mark.parametrize("levels", [5, 6, 8])
def test_forms_drawing_forms_are_refused_before_anything_draws_them(tmp_path, levels):
    """The probe's 3.9 KB file (6 levels: a million lines of text) took a worker to 5 GB; the
    5-level one peaked at 1 GB and was accepted."""
    path = hostile.fanout_pdf(tmp_path / "fanout.pdf", levels)
    assert path.stat().st_size < 5_000
    report = inspect_pdf(path)
    assert codes(report) == ["too_much_content"]
    message = report.problems[0].message
    assert message.startswith("Page 1 of this PDF draws the same parts over and over")
    assert f"more than {MAX_FORM_DRAWS:,} times" in message
    assert "Print it again to a new PDF" in message


def test_the_refusal_takes_little_memory(tmp_path):
    path = hostile.fanout_pdf(tmp_path / "fanout.pdf", 8)
    measured = inspect_in_fresh_process(path)
    assert measured["codes"] == ["too_much_content"]
    assert measured["peak_kib"] - measured["imports_kib"] < 50 * 1024


def test_forms_drawn_a_reasonable_number_of_times_are_accepted(tmp_path):
    path = hostile.fanout_pdf(tmp_path / "logos.pdf", 3)  # 1,110 drawings
    assert codes(inspect_pdf(path)) == []


@pytest.mark.parametrize(
    "spelling",
    [
        b"/X Do",
        b"/X%a comment\nDo",
        b"/X\n\n Do",
        b"/#58 Do",  # the name written with an escape
        b"(X) Do",  # PDFium draws the XObject a string names
        b"<58> Do",
    ],
)
def test_every_spelling_of_a_draw_counts(tmp_path, spelling):
    path = hostile.fanout_pdf(tmp_path / "spelled.pdf", 6, spelling=spelling)
    assert codes(inspect_pdf(path)) == ["too_much_content"]


def test_a_form_that_draws_itself_is_refused(tmp_path):
    assert codes(inspect_pdf(hostile.self_drawing_form_pdf(tmp_path / "self.pdf"))) == [
        "too_much_content"
    ]


def test_forms_reached_through_a_pattern_count(tmp_path):
    path = hostile.fanout_in_pattern_pdf(tmp_path / "pattern.pdf", 6)
    assert codes(inspect_pdf(path)) == ["too_much_content"]


def test_an_accepted_file_stays_accepted_once_cleaned(tmp_path):
    path = hostile.fanout_pdf(tmp_path / "logos.pdf", 3)
    clean_pdf(path, tmp_path / "clean.pdf")
    assert codes(inspect_pdf(tmp_path / "clean.pdf")) == []


# --- Text under black boxes: compared in bounded work, without holding PDFium's lock ----------


def test_characters_and_boxes_are_compared_in_bounded_work(tmp_path, monkeypatch):
    """The probe: 20 pages of 3,000 characters and 3,000 boxes compared every character with
    every box (180 million comparisons, 134 s under PDFium's lock)."""
    comparisons = []
    original = hidden_text._covered

    def counted(char_box, box):
        comparisons.append(1)
        return original(char_box, box)

    monkeypatch.setattr(hidden_text, "_covered", counted)
    path = hostile.boxes_over_text_pdf(tmp_path / "boxes.pdf", pages=20)
    assert find_unredacted(path) == []
    assert len(comparisons) < 20 * 3_000


def test_text_under_one_of_many_boxes_is_still_found(tmp_path):
    """The grid must not lose a box: the same page with one more box, over a number."""
    path = hostile.boxes_over_text_pdf(tmp_path / "boxes.pdf", pages=1)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        page = pdf.pages[0]
        page.contents_add(
            pdf.make_stream(b"BT /F1 12 Tf 72 400 Td (Account 123456789012) Tj ET\n"),
            prepend=True,
        )
        page.contents_add(pdf.make_stream(b"0 g 70 396 200 16 re f"))
        pdf.save(path)
    kinds = {finding.kind for finding in find_unredacted(path)}
    assert kinds == {"hidden_text", "bank_account"}


def test_a_page_with_too_many_boxes_over_its_text_says_it_was_not_fully_checked(tmp_path):
    """Thin dark lines over every character: none covers one, and each must be looked at."""
    lines = b"\n".join(b"0 g %.2f 0 0.05 792 re f" % (x / 10) for x in range(6_000))
    pdf = hostile.one_page(
        b"BT /F1 10 Tf 20 760 Td 11 TL "
        + b"(Lorem ipsum dolor sit amet consectetur adipiscing) ' " * 60
        + b"ET\n"
        + lines
    )
    path = pdf.write(tmp_path / "lines.pdf")
    findings = find_unredacted(path)
    assert [f.kind for f in findings] == ["hidden_text_unchecked"]
    assert findings[0].message.startswith("Page 1: the court's check could not look at every")


def test_past_the_documents_budget_the_rest_is_named_once(tmp_path, monkeypatch):
    monkeypatch.setattr(redaction, "MAX_DOCUMENT_MARKS", 20_000)
    path = hostile.boxes_over_text_pdf(tmp_path / "boxes.pdf", pages=20)
    findings = find_unredacted(path)
    assert len(findings) == 1
    assert findings[0].kind == "hidden_text_unchecked"
    assert findings[0].message.startswith(f"Pages {findings[0].page} to 20: ")


def test_pdfiums_lock_is_free_while_characters_are_compared(tmp_path, monkeypatch):
    original = redaction.hidden_texts
    free = []

    def compare(marks):
        def probe():
            if PDFIUM_LOCK.acquire(blocking=False):
                PDFIUM_LOCK.release()
                free.append(True)
            else:
                free.append(False)

        other = threading.Thread(target=probe)
        other.start()
        other.join()
        return original(marks)

    monkeypatch.setattr(redaction, "hidden_texts", compare)
    find_unredacted(builders.black_box_pdf(tmp_path / "box.pdf", "123-45-6789"))
    assert free == [True]
