"""Fixes found by trying the filer's pages as new users would (issue 11): the new-case form
offers the chosen court's case types and says what is missing, required fields are not called
optional, a document is removed only after the filer confirms, counts read as English."""

import re

from efiling.courts.models import CaseType
from efiling.filings.models import Document
from tests.factories import client_for
from tests.filings.helpers import with_lead_document


def _labels(page: str) -> dict[str, str]:
    """Each label's text (its note included) by the id of its input."""
    return {
        target: re.sub(r"<[^>]+>", "", text).strip()
        for target, text in re.findall(r'<label[^>]* for="([^"]+)"[^>]*>(.*?)</label>', page, re.S)
    }


def test_a_new_case_offers_the_courts_case_types_and_asks_for_one(attorney, court):
    client = client_for(attorney)
    page = client.get("/filings/new/?court=SL").content.decode()
    offered = set(
        re.findall(
            r'<option value="(\w+)"', page.split('name="case_type"', 1)[1].split("</select>", 1)[0]
        )
    )
    assert offered == set(court.case_types.values_list("code", flat=True))
    labels = _labels(page)
    assert (
        labels["id_case_type"] == "Case type (new case)" and "optional" not in labels["id_caption"]
    )
    answer = client.post(
        "/filings/new/", {"court": "SL", "kind": "new", "case_type": "", "caption": "A v. B"}
    )
    assert answer.status_code == 422
    assert "Choose a case type for the new case." in answer.content.decode()
    assert "does not accept" not in answer.content.decode()
    other = CaseType.objects.exclude(pk__in=court.case_types.all()).first()
    assert other is not None, "the seed has a case type St. Louis County does not take"
    refused = client.post(
        "/filings/new/",
        {"court": "SL", "kind": "new", "caption": "A v. B", "case_type": other.code},
    )
    assert "Choose a case type this court takes, from the list." in refused.content.decode()


def test_the_court_comes_first_so_that_only_its_case_types_are_offered(attorney, court):
    """The trial: /filings/new/ listed every case type of every court (the list followed the
    court only once it was chosen and sent). Now the court is chosen first, without
    JavaScript too, and the next page keeps it."""
    client = client_for(attorney)
    first = client.get("/filings/new/").content.decode()
    assert 'name="court"' in first and 'name="case_type"' not in first
    assert 'method="get"' in first
    unknown = client.get("/filings/new/?court=ZZ")
    assert unknown.status_code == 400
    assert "Choose a court from the list." in unknown.content.decode()
    second = client.get("/filings/new/?court=SL").content.decode()
    assert 'type="hidden" name="court" value="SL"' in second
    assert "St. Louis County Circuit Court" in second and "choose another court" in second


def test_party_names_say_when_they_are_needed(new_case_envelope, attorney):
    page = client_for(attorney).get(f"/filings/{new_case_envelope.public_id}/parties/")
    labels = _labels(page.content.decode())
    assert labels["id_last_name"] == "Last name (for a person)"
    assert labels["id_organization_name"] == "Organization name (for an organization)"
    assert labels["id_first_name"] == "First name (optional)"
    checkbox = re.search(
        r'<input type="checkbox"[^>]*id="id_represented"[^>]*>\s*<label', page.content.decode()
    )
    assert checkbox, "the check box comes right before its label"


def test_a_document_is_removed_only_once_the_filer_confirms(new_case_envelope, attorney, pdf):
    envelope = with_lead_document(new_case_envelope, attorney, pdf)
    document = Document.objects.get(filing__envelope=envelope)
    client = client_for(attorney)
    url = f"/filings/{envelope.public_id}/documents/"
    asked = client.post(url, {"remove_document": document.pk})
    assert asked.status_code == 200 and Document.objects.filter(pk=document.pk).exists()
    page = asked.content.decode()
    assert f"Remove &ldquo;{document.title}&rdquo;?" in page
    assert 'name="confirmed" value="yes"' in page and ">No, keep it</a>" in page
    done = client.post(url, {"remove_document": document.pk, "confirmed": "yes"}, follow=True)
    assert not Document.objects.filter(pk=document.pk).exists()
    assert "The document is removed." in done.content.decode()
    missing = client.post(url, {"remove_document": 999999})
    assert missing.status_code == 404
