"""The redaction check (Rule 55.025) reads what a viewer shows outside the page content, and
what cleaning removes (issue 9, second round, C and D): each finding says where it is."""

import pytest

from efiling.documents.redaction import Finding, find_unredacted
from efiling.documents.upload import check_upload
from tests.documents import builders
from tests.documents import hostile_builders as hostile

SSN = hostile.SSN
MASKED = "***-**-6789"


@pytest.mark.parametrize(
    ("build", "where", "page"),
    [
        (
            lambda p: hostile.sticky_note_pdf(p, b"Client SSN " + SSN),
            "in a comment on page 1",
            1,
        ),
        (
            lambda p: hostile.sticky_note_pdf(
                p, b"See attached", rich=b"<p>SSN <b>" + SSN + b"</b></p>"
            ),
            "in a comment on page 1",
            1,
        ),
        (
            lambda p: hostile.sticky_note_pdf(p, b"Looks fine", author=b"Reviewer SSN " + SSN),
            "in a comment on page 1",
            1,
        ),
        (lambda p: hostile.form_field_pdf(p, SSN), "in a form field on page 1", 1),
        (
            lambda p: hostile.form_field_pdf(p, b"", tooltip=b"SSN " + SSN),
            "in a form field on page 1",
            1,
        ),
        (lambda p: hostile.bookmark_pdf(p, b"Exhibit A - SSN " + SSN), "in a bookmark", 0),
        (
            lambda p: hostile.document_properties_pdf(p, Title=b"Petition", Subject=b"SSN " + SSN),
            "in the document's properties (Subject)",
            0,
        ),
        (
            lambda p: hostile.xmp_pdf(p, b"Jane Doe, SSN " + SSN),
            "in the document's metadata (XMP)",
            0,
        ),
    ],
)
def test_a_number_shown_outside_the_page_content_is_found_where_it_is(tmp_path, build, where, page):
    path = build(tmp_path / "outside.pdf")
    findings = find_unredacted(path)
    assert findings == [Finding(page=page, kind="ssn", excerpt=MASKED, where=where)]
    message = findings[0].message
    assert message.startswith(where[0].upper() + where[1:] + ": a Social Security number")
    assert findings[0].as_dict() == {"page": page, "kind": "ssn", "excerpt": MASKED, "where": where}


def test_ordinary_properties_and_comments_raise_nothing(tmp_path):
    quiet = [
        hostile.document_properties_pdf(
            tmp_path / "a.pdf", Title=b"Petition for Damages", Author=b"Jane Lawyer, Bar No. 12345"
        ),
        hostile.sticky_note_pdf(tmp_path / "b.pdf", b"Check paragraph 12 with the client"),
        hostile.form_field_pdf(tmp_path / "c.pdf", b"26SL-CC00807"),
        hostile.bookmark_pdf(tmp_path / "d.pdf", b"Exhibit A - Lease of March 3, 2021"),
        hostile.xmp_pdf(tmp_path / "e.pdf", b"Petition, filed 2026"),
    ]
    for path in quiet:
        assert find_unredacted(path) == [], path.name


def test_page_findings_keep_their_shape(tmp_path):
    """A finding on the page itself is stored as before: page, kind, excerpt."""
    path = builders.lines_pdf(tmp_path / "p.pdf", ["Plaintiff's SSN is 123-45-6789."])
    [finding] = find_unredacted(path)
    assert finding.as_dict() == {"page": 1, "kind": "ssn", "excerpt": MASKED}
    assert finding.message.startswith("Page 1: a Social Security number")


# --- What cleaning removes is read first -------------------------------------------------------


def check(path, tmp_path, redaction=True) -> dict:
    return check_upload(
        source=str(path),
        cleaned_path=str(tmp_path / "cleaned.pdf"),
        max_pages=2_000,
        redaction=redaction,
    )


def test_content_no_page_showed_is_named_in_a_note(tmp_path):
    """Page 1's resources keep a form no content draws, showing an SSN (an earlier draft)."""
    result = check(hostile.unused_resources_pdf(tmp_path / "unused.pdf"), tmp_path)
    assert result["cleaned"] and result["findings"] == []
    [note] = [n for n in result["notes"] if n.startswith("Content inside the file")]
    assert note.startswith(
        "Content inside the file that no page showed contained what looks like a Social "
        f"Security number ({MASKED}). It was removed from the copy filed."
    )
    assert SSN not in (tmp_path / "cleaned.pdf").read_bytes()


def test_the_probes_earlier_draft_kept_as_an_xobject_is_named_once(tmp_path):
    """The probe h4: the earlier version showed the SSN and its content was kept as /Old. The
    note about the earlier version names it; the note about unshown content does not repeat
    it; the kept copy holds no trace of it."""
    result = check(hostile.earlier_content_kept_as_xobject_pdf(tmp_path / "h4.pdf"), tmp_path)
    notes = result["notes"]
    assert any(n.startswith("An earlier version of this document") and MASKED in n for n in notes)
    assert not any(n.startswith("Content inside the file") for n in notes)
    assert SSN not in (tmp_path / "cleaned.pdf").read_bytes()


def test_without_the_redaction_check_nothing_is_read(tmp_path):
    result = check(hostile.unused_resources_pdf(tmp_path / "unused.pdf"), tmp_path, False)
    assert result["findings"] == []
    assert not any(n.startswith("Content inside the file") for n in result["notes"])
