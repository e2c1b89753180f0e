import re

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from efiling.documents.redaction import (
    KIND_MESSAGES,
    Finding,
    aba_valid,
    card_brand,
    find_in_text,
    find_unredacted,
    luhn_valid,
    mask_digits,
    mask_text,
    ssn_valid,
)
from tests.documents import builders


def with_check_digit(body: str) -> str:
    """`body` plus the digit that makes it Luhn-valid."""
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


# --- Numbers in text ------------------------------------------------------------------------

FOUND = [
    ("Plaintiff's SSN is 123-45-6789.", "ssn", "***-**-6789"),
    ("SSN 123 45 6789 on the form", "ssn", "***-**-6789"),
    ("Social Security No. 123456789", "ssn", "***-**-6789"),
    ("Card number 4111 1111 1111 1111 expires 04/28", "card", "**** **** **** 1111"),
    ("Paid with 5555-5555-5555-4444 on account", "card", "****-****-****-4444"),
    ("American Express 378282246310005", "card", "***********0005"),
    ("Invoice 1234 4111 1111 1111 1111", "card", "**** **** **** 1111"),
    ("Account No. 123456789012 at First Bank", "bank_account", "********9012"),
    ("acct # 00012345678", "bank_account", "*******5678"),
    ("A/C 12345678", "bank_account", "****5678"),
    ("wire to routing number 021000021", "bank_account", "*****0021"),
    ("DOB: 01/02/1980", "date_of_birth", "**/**/1980"),
    ("D.O.B. 1980-07-08", "date_of_birth", "**/**/1980"),
    ("the child was born on March 5, 2015.", "date_of_birth", "**/**/2015"),
    ("Date of birth: 5 June 1990", "date_of_birth", "**/**/1990"),
    ("birthdate 12-31-1979", "date_of_birth", "**/**/1979"),
]


@pytest.mark.parametrize(("text", "kind", "excerpt"), FOUND)
def test_sensitive_numbers_are_found_and_masked(text, kind, excerpt):
    assert find_in_text(text) == [(kind, excerpt)]


@pytest.mark.parametrize(("text", "kind", "excerpt"), FOUND)
def test_an_excerpt_never_repeats_the_whole_number(text, kind, excerpt):
    [(_kind, found)] = find_in_text(text)
    numbers = [re.sub(r"\D", "", n) for n in re.findall(r"\d[\d -]{6,}\d", text)]
    shown = re.sub(r"\D", "", found)
    assert all(len(n) > len(shown) for n in numbers if n)


NOT_FOUND = [
    "Call (314) 555-1234, 314-555-1234 or 314.555.1234 before 5 p.m.",
    "Case No. 26SL-CC00807, consolidated with 25SL-DR01234.",
    "Filed 01/15/2026; hearing January 5, 2026; order of 2026-02-03.",
    "Invalid: 000-12-3456, 666-12-3456, 912-34-5678, 123-00-4567, 123-45-0000.",
    "Not a card: 4111 1111 1111 1112.",
    f"Not a card brand: {with_check_digit('911111111111111')}.",
    "Routing number 123456789 (the checksum fails).",
    "Total $1,234,567.89 on account of damages.",
    "Missouri Bar No. 12345; St. Louis, MO 63105-1234.",
    "Exhibit 12345678 is attached.",
    "Born in 1980 in St. Louis.",
    "DOB: 01/02/1980 was stated; hired 03/04/2005.",  # the second date is no birth date
    "Account holder since 2019, 17 years.",
]


@pytest.mark.parametrize("text", NOT_FOUND)
def test_look_alikes_do_not_fire(text):
    found = find_in_text(text)
    if text.startswith("DOB"):
        assert found == [("date_of_birth", "**/**/1980")]
    else:
        assert found == []


def test_checks_on_their_own():
    assert ssn_valid("123", "45", "6789")
    assert not ssn_valid("000", "45", "6789") and not ssn_valid("666", "45", "6789")
    assert not ssn_valid("987", "65", "4321") and not ssn_valid("123", "00", "6789")
    assert not ssn_valid("123", "45", "0000")
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    assert card_brand("4111111111111111") == "Visa"
    assert card_brand("378282246310005") == "American Express"
    assert card_brand("6011111111111117") == "Discover"
    assert card_brand("9111111111111111") is None
    assert aba_valid("021000021") and aba_valid("011000015")
    assert not aba_valid("021000022") and not aba_valid("991000021")
    assert mask_digits("4111-1111-1111-1111") == "****-****-****-1111"
    assert mask_text("Jane Q. Doe") == "Ja** *. ***"
    # Text from a PDF may carry what the database refuses (NUL, lone surrogates).
    assert mask_text("Ja\x00ne\ud800 Doe") == "Ja ** ***"


# --- Whole documents ------------------------------------------------------------------------


def test_findings_name_their_page(tmp_path):
    path = builders.lines_pdf(
        tmp_path / "petition.pdf",
        ["Plaintiff Jane Doe, by counsel, states:"],
        ["Her Social Security number is 123-45-6789.", "Case No. 26SL-CC00807"],
        ["Card 4111 1111 1111 1111 was charged.", "DOB: 01/02/1980"],
    )
    assert find_unredacted(path) == [
        Finding(page=2, kind="ssn", excerpt="***-**-6789"),
        Finding(page=3, kind="card", excerpt="**** **** **** 1111"),
        Finding(page=3, kind="date_of_birth", excerpt="**/**/1980"),
    ]


def test_a_clean_document_has_no_findings(tmp_path):
    path = builders.lines_pdf(tmp_path / "clean.pdf", NOT_FOUND[:3], NOT_FOUND[3:9])
    assert find_unredacted(path) == []


def test_pages_past_max_pages_are_not_read(tmp_path):
    path = builders.lines_pdf(tmp_path / "long.pdf", ["one"], ["two"], ["SSN 123-45-6789"])
    assert find_unredacted(path, max_pages=2) == []
    assert len(find_unredacted(path, max_pages=3)) == 1


def test_each_kind_has_a_message_for_the_filer():
    finding = Finding(page=4, kind="hidden_text", excerpt="12*-**-****")
    assert finding.message.startswith("Page 4: text hidden under a black box is still in the file")
    assert set(KIND_MESSAGES) == {
        "ssn",
        "card",
        "bank_account",
        "date_of_birth",
        "hidden_text",
        "hidden_text_unchecked",
    }


# --- Text under black boxes -----------------------------------------------------------------


def test_text_under_a_black_box_is_still_found(tmp_path):
    path = builders.black_box_pdf(tmp_path / "manafort.pdf", "123-45-6789")
    findings = find_unredacted(path)
    assert Finding(page=1, kind="hidden_text", excerpt="12*-**-****") in findings
    assert Finding(page=1, kind="ssn", excerpt="***-**-6789") in findings


def test_a_black_box_over_words_is_found_and_masked(tmp_path):
    path = builders.black_box_pdf(tmp_path / "names.pdf", "Jane Doe, a minor", visible_text="")
    assert find_unredacted(path) == [
        Finding(page=1, kind="hidden_text", excerpt="Ja** ***, * *****")
    ]


def test_white_text_on_a_black_banner_is_not_hidden(tmp_path):
    assert find_unredacted(builders.banner_pdf(tmp_path / "banner.pdf")) == []


@pytest.mark.parametrize("subtype", ["/Redact", "/Square"])
def test_text_under_an_annotation_box_is_found(tmp_path, subtype):
    path = builders.annotation_box_pdf(tmp_path / "annot.pdf", "Jane Doe", subtype=subtype)
    assert Finding(page=1, kind="hidden_text", excerpt="Ja** ***") in find_unredacted(path)


def _draw(path, draw):
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 12)
    draw(c)
    c.showPage()
    c.save()
    return path


def test_a_black_box_inside_a_form_xobject_is_placed_where_it_is_drawn(tmp_path):
    def draw(c):
        c.beginForm("box")
        c.setFillColorRGB(0, 0, 0)
        c.rect(0, 0, 80, 16, stroke=0, fill=1)
        c.endForm()
        c.drawString(100, 500, "Jane Doe")
        c.drawString(100, 300, "Visible text")
        c.saveState()
        c.translate(98, 496)
        c.doForm("box")
        c.restoreState()

    assert find_unredacted(_draw(tmp_path / "form.pdf", draw)) == [
        Finding(page=1, kind="hidden_text", excerpt="Ja** ***")
    ]


def test_strike_through_lines_and_light_boxes_are_not_black_boxes(tmp_path):
    def draw(c):
        c.drawString(100, 500, "Struck out words")
        c.setFillColorRGB(0, 0, 0)
        c.rect(98, 503, 100, 1.2, stroke=0, fill=1)  # a strike-through line
        c.setFillColorRGB(0, 0, 0)
        c.drawString(100, 400, "Highlighted words")
        c.setFillColorRGB(1, 1, 0.6)
        c.rect(98, 396, 110, 16, stroke=0, fill=1)  # a light highlight
        c.setStrokeColorRGB(0, 0, 0)
        c.rect(98, 296, 110, 16, stroke=1, fill=0)  # a black frame around text
        c.setFillColorRGB(0, 0, 0)
        c.drawString(100, 300, "Framed words")

    assert find_unredacted(_draw(tmp_path / "marks.pdf", draw)) == []
