"""Pages: the request checks answer with the HTML error page (the API's JSON shape is tested in
tests/api), and the clerk's hand-posted buttons refuse what is not a number in words."""

import pytest
from django.test import Client

from efiling.accounts.models import Role
from efiling.filings.models import Envelope, Status
from tests import factories


@pytest.mark.django_db
def test_a_page_path_with_nul_is_a_400_page(courts):
    response = Client().get("/courts/S%00L/")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert b"NUL" in response.content


@pytest.mark.django_db
def test_a_page_query_parameter_with_control_characters_is_a_400_page_naming_it(courts):
    for query in ("q=a%00b", "q=%FF", "q=%E2%80%AE"):
        response = Client().get(f"/?{query}")
        assert response.status_code == 400, query
        assert response["Content-Type"].startswith("text/html")
        assert b"query parameter q" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["/courts/SL/", "/api/v1/courts"])
@pytest.mark.parametrize("character", ["%00", "%01", "%7F", "%E2%80%AE", "%FF"])
def test_control_characters_answer_alike_in_the_path_and_the_query(courts, prefix, character):
    """One answer to what no person types, wherever in the address: 400, a page for pages and
    the API's JSON for the API."""
    in_path = Client().get(prefix.rstrip("/") + character + ("/" if prefix.endswith("/") else ""))
    in_query = Client().get(f"{prefix}?q=a{character}")
    assert in_path.status_code == in_query.status_code == 400, character
    for response in (in_path, in_query):
        if prefix.startswith("/api/"):
            assert response.json()["code"] in ("invalid_path", "invalid_query")
        else:
            assert response["Content-Type"].startswith("text/html")
            assert b'class="usa-alert__text">The address' in response.content
    if prefix.startswith("/api/"):
        assert in_query.json()["field"] == "q"


@pytest.mark.django_db
def test_a_page_query_string_too_long_is_414(courts):
    assert Client().get("/?q=" + "x" * 5000).status_code == 414


@pytest.mark.django_db
def test_a_query_string_of_ordinary_text_passes(courts):
    assert Client().get("/?q=Lawson+%C3%A9t%C3%A9&page=2").status_code == 200


def _reviewing_clerk(court):
    clerk = factories.court_staff(Role.CLERK, court)
    client = Client()
    client.force_login(clerk)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["\u00b2", "\u0661", "9" * 40, "x"])
def test_a_rejection_reason_that_is_not_a_plain_number_is_refused_in_words(
    submitted, court, reason
):
    """`reason=²` gave a 500 ("²".isdigit() is true, int("²") fails)."""
    client = _reviewing_clerk(court)
    filing = submitted.filings.get()
    client.get(f"/court/review/{filing.pk}/")
    response = client.post(
        f"/court/review/{filing.pk}/", {"decision": "reject", "reason": reason}, follow=True
    )
    assert response.status_code == 200
    assert "number" in response.content.decode()
    assert Envelope.objects.get(pk=submitted.pk).status == Status.UNDER_REVIEW


@pytest.mark.django_db
def test_a_bad_entry_id_never_seals_the_whole_case(accepted_case_client):
    client, case = accepted_case_client
    response = client.post(
        f"/court/cases/{case.pk}/",
        {"action": "security", "entry": "999999", "level": "sealed", "reason": "Order of 1 May"},
        follow=True,
    )
    assert "no such docket entry" in response.content.decode()
    case.refresh_from_db()
    assert case.security_level == "public"


@pytest.fixture
def accepted_case_client(submitted, court):
    from efiling.docket import services as docket

    clerk = factories.court_staff(Role.CLERK, court)
    entry = docket.filing_accept(clerk=clerk, filing=submitted.filings.get())
    client = Client()
    client.force_login(clerk)
    return client, entry.case


@pytest.mark.django_db
def test_the_splitting_tool_names_its_parts_from_the_cleaned_file_name(signed_in, court, pdf):
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("\u202ecod.exe\u200b.pdf", pdf("x.pdf").read_bytes())
    response = signed_in.post("/filings/split/", {"court": court.code, "file": upload})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="cod.exe-parts.zip"'
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == ["cod.exe-part-1-of-1.pdf"]


@pytest.mark.django_db
def test_a_case_search_of_nothing_visible_or_too_long_is_a_422_page(signed_in):
    """A search over 100 characters was cut to 100 quietly."""
    assert signed_in.get("/cases/?q=Lawson").status_code == 200
    assert signed_in.get("/cases/?q=" + "x" * 100).status_code == 200
    for query in ("%CC%81%CC%81", "x" * 101):  # only combining marks; longer than a search
        response = signed_in.get(f"/cases/?q={query}")
        assert response.status_code == 422, query
        assert b"search" in response.content
