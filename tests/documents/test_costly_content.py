"""Files that cost far more to read than their size are refused with a precise message before
PDFium reads them (issue 9, second round, A): form XObjects drawn over and over, by any
spelling and through any path a reader follows."""

import pytest

from efiling.documents.cleaning import clean_pdf
from efiling.documents.content import MAX_FORM_DRAWS
from efiling.documents.pdf import inspect_pdf
from tests.documents import hostile_builders as hostile
from tests.documents.test_page_limits import inspect_in_fresh_process


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
