"""The one text-cleaning place: what it keeps, what it refuses, and file names."""

from datetime import date, time

import pytest

from efiling.core.errors import ValidationFailed
from efiling.core.text import (
    check_secret,
    clean_text,
    content_disposition,
    date_in_range,
    file_display_name,
    file_title,
    parse_date,
    parse_form_time,
    parse_int,
    text_problem,
)
from efiling.core.words import field_phrase, field_subject


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
    assert "invisible formatting character (U+200B)" in _refused("\u200b\u200b\u200b")
    assert "no visible characters" in _refused("\u200c\u200d\u200e\u061c")
    assert "no visible characters" in _refused("\u3164")
    assert clean_text("   ", field="last_name", max_length=60) == ""
    assert _refused("  ", required=True) == "Give the last name."


def test_joiners_and_direction_marks_inside_real_names_are_kept():
    for name in ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "A\u200dB", "Abc\u200e"):
        assert clean_text(name, field="last_name", max_length=60) == name


def test_multiline_keeps_line_breaks_and_tabs_but_no_other_control():
    assert clean_text(" a\r\nb\rc\td ", field="text", max_length=60, multiline=True) == "a\nb\nc\td"
    assert "U+0007" in _refused("a\x07b", multiline=True)


def test_line_and_paragraph_separators_are_line_breaks_of_multiline_text_only():
    assert "must be on one line" in _refused("Smith\u2028v. Jones")
    assert "must be on one line" in _refused("Smith\u2029v. Jones")
    kept = clean_text("a\u2028b\u2029c", field="text", max_length=60, multiline=True)
    assert kept == "a\nb\nc"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("Smith v. Jones\U000e0041\U000e0042", "invisible tag character (U+E0041)"),
        ("Smith\ufff9v\ufffa", "invisible formatting character (U+FFF9)"),
        ("Smi\u00adth", "invisible formatting character (U+00AD)"),
        ("Smi\u200bth", "invisible formatting character (U+200B)"),
        ("\ufeffSmith", "invisible formatting character (U+FEFF)"),
        ("Smith\u2060", "invisible formatting character (U+2060)"),
        ("\ufffd\ufffdname", "U+FFFD, the mark of a character that could not be read"),
        ("Acme\ue000", "private-use character (U+E000)"),
        ("Acme\U000f0000", "private-use character (U+F0000)"),
        ("Acme\uffff", "noncharacter (U+FFFF)"),
        ("Acme\ufdd0", "noncharacter (U+FDD0)"),
        ("Acme\U0001fffe", "noncharacter (U+1FFFE)"),
    ],
)
def test_invisible_unreadable_and_private_characters_are_refused_in_words(value, words):
    assert words in _refused(value)
    assert words in _refused(value, multiline=True)


def test_text_made_only_of_combining_marks_has_nothing_visible():
    assert "no visible characters (only spaces, marks" in _refused("\u0301\u0301")
    assert "no visible characters" in _refused("\u0301 \u20dd")
    assert clean_text("e\u0301", field="last_name", max_length=60) == "\u00e9"


def test_ordinary_text_of_any_script_passes_the_character_check():
    for value in (
        "O\u2019Brien-Sm\u00edth",
        "\u0645\u062d\u0645\u062f\u061c \u0639\u0644\u064a",  # Arabic, with ALM
        "\u5f20\u4f1f",
        "\u0928\u092e\u0938\u094d\u200d\u0924\u0947",  # Devanagari with ZWJ
        "Zo\u00eb \U0001f600",
        "\u2764\ufe0f",  # a variation selector is a mark, not a format character
    ):
        assert text_problem(value) is None, value


def test_the_label_names_the_field_in_the_users_words():
    with pytest.raises(ValidationFailed, match=r"^The docket text holds a NUL"):
        clean_text("a\x00", field="text", max_length=5, label="docket text")


def test_a_secret_is_never_trimmed_or_normalised_but_nul_and_length_are_refused():
    assert check_secret(" e\u0301 ", field="password", max_length=10) == " e\u0301 "
    for bad in ("a\x00", "a\udc00", "x" * 11, "pass\ufffdword"):
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


@pytest.mark.parametrize(
    "value",
    [
        "\uff12022-06-15",  # a fullwidth 2
        "\u0662\u0660\u0662\u0662-\u0660\u0666-\u0661\u0665",  # Arabic-Indic digits
        "2026-01-01T00:00:00",
        "20260101",
        "2026-W01-4",
        "6/15/22",
        " 2026-01-01",
        "2026-1-1",
        "1767225600",
        "",
    ],
)
def test_parse_date_takes_iso_dates_in_ascii_digits_only(value):
    with pytest.raises(ValidationFailed, match="YYYY-MM-DD") as refused:
        parse_date(value, field="from")
    assert refused.value.field == "from"


def test_parse_date_reads_real_days_of_the_calendar():
    assert parse_date("2026-03-02", field="from") == date(2026, 3, 2)
    with pytest.raises(ValidationFailed, match="not a day of the calendar"):
        parse_date("2026-02-30", field="from")
    with pytest.raises(ValidationFailed, match="between"):
        parse_date("9999-12-31", field="from")


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


def test_a_sentence_that_ends_with_a_time_gets_no_second_period():
    from efiling.core.words import sentence

    assert (
        sentence("Scheduled from 9:00 a.m. to 10:00 a.m.")
        == "Scheduled from 9:00 a.m. to 10:00 a.m."
    )
    assert sentence("Rescheduled to Monday ") == "Rescheduled to Monday."
    assert sentence("Is it open?") == "Is it open?"


@pytest.mark.parametrize(
    ("label", "subject", "phrase"),
    [
        ("Last name", "The last name", "the last name"),
        ("ZIP code", "The ZIP code", "the ZIP code"),
        ("Missouri bar number", "The Missouri bar number", "the Missouri bar number"),
        ("E-mail address", "The e-mail address", "the e-mail address"),
        ("Your electronic signature", "Your electronic signature", "your electronic signature"),
        ("My bar number", "My bar number", "my bar number"),
        ("A checkpoint you kept", "The checkpoint you kept", "the checkpoint you kept"),
        ("Line 1: amount in dollars", "The field “Line 1: amount in dollars”", None),
        ("What are you filing?", "The field “What are you filing?”", None),
    ],
)
def test_labels_read_as_english_in_messages(label, subject, phrase):
    assert field_subject(label) == subject
    assert field_phrase(label) == (phrase or subject[0].lower() + subject[1:])
    with pytest.raises(ValidationFailed) as refused:
        clean_text("a\x00", field="x", label=label, max_length=5)
    assert refused.value.message.startswith(f"{subject} holds a NUL character")
    with pytest.raises(ValidationFailed) as missing:
        clean_text("", field="x", label=label, max_length=5, required=True)
    assert missing.value.message == f"Give {field_phrase(label)}."


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("14:30", time(14, 30)),
        ("14:30:15", time(14, 30, 15)),
        ("2:30pm", time(14, 30)),
        ("2:30 p.m.", time(14, 30)),
        ("2:30 PM", time(14, 30)),
        ("2 pm", time(14, 0)),
        ("9:05am", time(9, 5)),
        ("12:00 a.m.", time(0, 0)),
        ("12:15pm", time(12, 15)),
        (" 09:00 ", time(9, 0)),
    ],
)
def test_a_time_is_read_as_people_and_the_time_picker_write_it(typed, read):
    assert parse_form_time(typed, field="start_time", label="Start time") == read


@pytest.mark.parametrize(
    "typed", ["13pm", "0:30am", "25:00", "10:60", "1000", "noon", "\uff11\uff10:00", "", "2:30 pmx"]
)
def test_a_time_no_one_means_is_refused_naming_the_field(typed):
    with pytest.raises(ValidationFailed) as refused:
        parse_form_time(typed, field="start_time", label="Start time")
    assert refused.value.message == "The start time must be a time such as 2:30 p.m. or 14:30."
    assert refused.value.field == "start_time"


def test_the_time_picker_shows_times_as_its_list_writes_them():
    from efiling.core.forms import TimePicker

    picker = TimePicker()
    assert picker.format_value(time(14, 30)) == "2:30pm"
    assert picker.format_value("14:30") == "2:30pm"
    assert picker.format_value("half past two") == "half past two"
    assert picker.get_context("t", time(14, 30), {})["widget"]["step"] == 5
    assert picker.get_context("t", time(14, 37), {})["widget"]["step"] == 1
    html = picker.render("start_time", time(9, 0), {"id": "id_start_time"})
    assert html.startswith(
        '<div class="usa-time-picker" data-step="5" data-shown="9:00am"><input type="text"'
    )  # data-shown: the text time_picker.js shows again when USWDS's list lacks it
    assert 'value="9:00am"' in html
