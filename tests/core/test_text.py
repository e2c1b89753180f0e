"""The one text-cleaning place: what it keeps, what it refuses, and file names."""

from datetime import date

import pytest

from efiling.core.errors import ValidationFailed
from efiling.core.text import (
    check_secret,
    clean_text,
    content_disposition,
    date_in_range,
    file_display_name,
    file_title,
    parse_int,
)


def _refused(value, **kwargs):
    with pytest.raises(ValidationFailed) as refused:
        clean_text(value, field=kwargs.pop("field", "last_name"), max_length=60, **kwargs)
    assert refused.value.field == kwargs.get("field", "last_name")
    assert refused.value.status == 422
    return refused.value.message


def test_text_is_normalised_to_nfc_and_trimmed():
    decomposed = "Jose\u0301 "  # e + combining acute
    assert clean_text(decomposed, field="first_name", max_length=60) == "Jos\u00e9"


def test_the_length_counts_after_nfc():
    assert clean_text("e\u0301" * 60, field="x", max_length=60) == "\u00e9" * 60
    assert "at most 60 characters (61 given)" in _refused("\u00e9" * 61)


@pytest.mark.parametrize(
    "value",
    ["Probe\x00", "Probe\ud800", "Law\u202eson", "A\u2066b", "Tab\there", "two\nlines", "\x7f"],
)
def test_control_surrogate_and_bidi_characters_are_refused_naming_the_field(value):
    message = _refused(value)
    assert message.startswith("The last name ")


def test_nothing_visible_is_refused_but_blank_is_empty():
    assert "no visible characters" in _refused("\u200b\u200b\u200b")
    assert "no visible characters" in _refused("\ufeff\u2060\u200c\u200d\u200e")
    assert "no visible characters" in _refused("\u3164")
    assert clean_text("   ", field="last_name", max_length=60) == ""
    assert _refused("  ", required=True) == "Give the last name."


def test_joiners_and_direction_marks_inside_real_names_are_kept():
    for name in ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "A\u200dB", "Abc\u200e"):
        assert clean_text(name, field="last_name", max_length=60) == name


def test_multiline_keeps_line_breaks_and_tabs_but_no_other_control():
    assert clean_text(" a\r\nb\rc\td ", field="text", max_length=60, multiline=True) == "a\nb\nc\td"
    assert "U+0007" in _refused("a\x07b", multiline=True)


def test_the_label_names_the_field_in_the_users_words():
    with pytest.raises(ValidationFailed, match=r"^The docket text holds a NUL"):
        clean_text("a\x00", field="text", max_length=5, label="docket text")


def test_a_secret_is_never_trimmed_or_normalised_but_nul_and_length_are_refused():
    assert check_secret(" e\u0301 ", field="password", max_length=10) == " e\u0301 "
    for bad in ("a\x00", "a\udc00", "x" * 11):
        with pytest.raises(ValidationFailed) as refused:
            check_secret(bad, field="password", max_length=10)
        assert refused.value.field == "password"


@pytest.mark.parametrize("value", ["\u00b2", "\u0661", "1.5", "", "-3", "99999999999999999999"])
def test_parse_int_takes_ascii_digits_only(value):
    with pytest.raises(ValidationFailed) as refused:
        parse_int(value, field="reason")
    assert refused.value.field == "reason"


def test_parse_int_reads_ascii_numbers_within_bounds():
    assert parse_int(" 42 ", field="n") == 42
    assert parse_int("-3", field="n", minimum=-5) == -3
    with pytest.raises(ValidationFailed, match="between 1 and 9"):
        parse_int("10", field="n", minimum=1, maximum=9)


def test_dates_outside_the_calendar_are_refused():
    assert date_in_range(date(2026, 3, 2), field="from") == date(2026, 3, 2)
    for day in (date(9999, 12, 31), date(1, 1, 1)):
        with pytest.raises(ValidationFailed) as refused:
            date_in_range(day, field="from")
        assert refused.value.field == "from"


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("..\\..\\windows\\system32\\evil.pdf", "evil.pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        ("..", "document.pdf"),
        (".", "document.pdf"),
        ("", "document.pdf"),
        (None, "document.pdf"),
        ("invoice.exe", "invoice.exe.pdf"),
        ("\u202etxt.exe.pdf", "txt.exe.pdf"),
        ("<script>alert(1)</script>.pdf", "script.pdf"),
        ("<img src=x onerror=alert(1)>", "img src=x onerror=alert(1).pdf"),
        ("a\"b'c|d?e*f:g.PDF", "abcdefg.PDF"),
        ("zero\u200bwidth\x00nul.pdf", "zerowidthnul.pdf"),
        ("  spaced   out  .pdf", "spaced out .pdf"),
        ("Jose\u0301.pdf", "Jos\u00e9.pdf"),
    ],
)
def test_file_display_names_are_cleaned_the_same_way_everywhere(sent, kept):
    assert file_display_name(sent) == kept


def test_a_long_file_name_is_cut_before_the_extension():
    name = file_display_name("word " * 100 + "end.pdf", max_length=255)
    assert len(name) <= 255 and name.endswith("word.pdf")
    assert file_display_name("x" * 300, max_length=255) == "x" * 251 + ".pdf"


def test_a_title_from_a_file_name_is_shortened_at_a_word_boundary():
    long_name = "Motion to compel " * 20
    title = file_title(long_name + ".pdf", max_length=200)
    assert len(title) <= 200 and long_name.startswith(title + " ")
    assert file_title("petition.pdf", max_length=200) == "petition"


def test_content_disposition_has_an_ascii_fallback_and_the_utf8_name():
    header = content_disposition("R\u00e9ponse \u201cfinale\u201d.pdf")
    assert header == (
        'inline; filename="Reponse _finale_.pdf"; '
        "filename*=UTF-8''R%C3%A9ponse%20%E2%80%9Cfinale%E2%80%9D.pdf"
    )
    assert content_disposition("\u5224\u6c7a.pdf", disposition="attachment").startswith(
        'attachment; filename="document.pdf"; '
    )
