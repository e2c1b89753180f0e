"""Form bodies as sent, byte for byte: a value that is not valid UTF-8 (Django decodes form
bodies with replacement, so it arrives as U+FFFD) is refused naming the field, urlencoded and
multipart alike, and nothing is stored; the deadline page reads `from=` like the API (and
sends a bookmark with the old `start=` there); page numbers are positive whole numbers in
ASCII digits, or a clear refusal."""

import pytest
from django.test import Client

from efiling.cases.models import Party

BOUNDARY = "BodyBoundary"


def _multipart(fields: dict[str, bytes]) -> bytes:
    parts = [
        b"--" + BOUNDARY.encode() + b"\r\n"
        b'Content-Disposition: form-data; name="' + name.encode() + b'"\r\n\r\n' + value + b"\r\n"
        for name, value in fields.items()
    ]
    return b"".join(parts) + b"--" + BOUNDARY.encode() + b"--\r\n"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "last_name", [b"%FF%FEname", b"%C0%AFslash", b"%ED%A0%80x", b"Lawson%80"], ids=repr
)
def test_a_urlencoded_value_that_is_not_utf8_is_refused_naming_the_field(
    signed_in, new_case_envelope, last_name
):
    before = Party.objects.count()
    response = signed_in.post(
        f"/filings/{new_case_envelope.public_id}/parties/",
        b"kind=person&role=respondent&last_name=" + last_name,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert 'id="id_last_name-error"' in response.content.decode()
    assert "could not be read" in response.content.decode()
    assert Party.objects.count() == before


@pytest.mark.django_db
def test_a_multipart_value_that_is_not_utf8_is_refused_naming_the_field(
    signed_in, new_case_envelope
):
    before = Party.objects.count()
    body = _multipart({"kind": b"person", "role": b"respondent", "last_name": b"Multi\xff\xfepart"})
    response = signed_in.post(
        f"/filings/{new_case_envelope.public_id}/parties/",
        body,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
    assert Party.objects.count() == before


@pytest.mark.django_db
def test_the_same_name_in_utf8_is_kept(signed_in, new_case_envelope):
    response = signed_in.post(
        f"/filings/{new_case_envelope.public_id}/parties/",
        _multipart({"kind": b"person", "role": b"respondent", "last_name": "Sánchez".encode()}),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    assert response.status_code == 302
    assert Party.objects.filter(last_name="Sánchez").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("from", "\uff12022-06-15"),  # a fullwidth 2
        ("from", "\u0662\u0660\u0662\u0662-\u0660\u0666-\u0661\u0665"),
        ("from", "6/15/22"),
        ("from", "2022-06-15T00:00:00"),
        ("days", "5.0"),
        ("days", "\u0665"),
        ("days", "\uff15"),
    ],
)
def test_the_deadline_page_reads_dates_and_numbers_in_one_plain_form(courts, name, value):
    """Each was read as 2022-06-15 or 5 days, and a due date shown."""
    query = {"court": "SL", "from": "2022-06-15", "days": "5", name: value}
    response = Client().get("/deadline/", query)
    assert response.status_code == 400, value
    text = response.content.decode()
    assert f'id="id_{name}-error"' in text
    assert "Due:" not in text


@pytest.mark.django_db
def test_the_deadline_page_takes_from_like_the_api_and_redirects_start(courts):
    answer = Client().get("/deadline/", {"court": "SL", "from": "2022-06-15", "days": "5"})
    assert answer.status_code == 200 and "Due:" in answer.content.decode()
    assert 'name="from"' in answer.content.decode()
    bookmark = Client().get("/deadline/?court=SL&start=2022-06-15&days=5")
    assert bookmark.status_code == 301
    assert bookmark["Location"] == "/deadline/?court=SL&from=2022-06-15&days=5"
