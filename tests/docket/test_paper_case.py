"""A case that begins on paper: the clerk opens it from the scanned petition."""

from datetime import datetime

import pytest
from django.test import Client

from efiling.accounts.models import Role
from efiling.audit.models import AuditEvent
from efiling.cases.models import Case
from efiling.core import clock
from efiling.core.errors import PermissionDenied, ValidationFailed
from efiling.courts.models import CaseType
from efiling.docket.models import DocketEntry
from efiling.docket.paper import paper_case_open
from tests import factories
from tests.docket.conftest import committed, stored_pdf_text
from tests.documents import builders
from tests.filings.helpers import stored_files

RECEIVED = datetime(2026, 11, 25, 15, 40, tzinfo=clock.UTC)
PARTIES = [
    {"role": "petitioner", "kind": "person", "first_name": "Jordan", "last_name": "Smith"},
    {"role": "respondent", "kind": "organization", "organization_name": "Acme Landlords LLC"},
]


def _open(clerk, court, path, **fields):
    values = {
        "case_type": CaseType.objects.get(code="CC"),
        "caption": "Smith v. Acme Landlords LLC",
        "parties": PARTIES,
        "pdf_path": path,
        "original_name": "petition-scan.pdf",
        "filer": "Jordan Smith, self-represented",
        "received_at": RECEIVED,
    }
    values.update(fields)
    with committed():  # the stamped copy is made after the commit
        return paper_case_open(clerk=clerk, court=court, **values)


def test_a_paper_petition_opens_a_numbered_case_with_its_parties(clerk, court, tmp_path):
    entry = _open(clerk, court, builders.image_only_pdf(tmp_path / "scan.pdf"))
    case = entry.case
    assert case.number == f"{clock.today(court.time_zone).year % 100:02d}SL-CC00001"
    assert case.caption == "Smith v. Acme Landlords LLC" and case.security_level == "public"
    assert [p.display_name for p in case.parties.all()] == ["Jordan Smith", "Acme Landlords LLC"]
    assert not case.counsel.exists()  # the filer is served conventionally
    assert entry.number == 1 and entry.kind == DocketEntry.Kind.SCANNED
    assert entry.filed_at == RECEIVED
    assert entry.text.startswith("Petition, filed on paper by Jordan Smith, self-represented.")
    stamped = stored_pdf_text(entry.documents.get().stamped_storage_name)
    assert "Filed on Paper" in stamped and case.number in stamped
    opened = AuditEvent.objects.get(action="case.opened", object_id=str(case.pk))
    assert opened.details["paper"] is True


def test_a_confidential_case_type_opens_confidential(clerk, court, tmp_path):
    juvenile = CaseType.objects.get(code="JU")
    entry = _open(clerk, court, builders.image_only_pdf(tmp_path / "s.pdf"), case_type=juvenile)
    assert entry.case.security_level == "confidential"
    assert entry.security_level == "confidential"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"caption": " "}, "caption"),
        ({"parties": []}, "parties"),
        ({"parties": [PARTIES[1]]}, "parties"),
        ({"parties": [{**PARTIES[0], "last_name": ""}]}, "last_name"),
        ({"parties": [{**PARTIES[0], "role": "judge"}]}, None),
        ({"parties": [{**PARTIES[0], "city": "x" * 61}]}, "city"),
        ({"filer": ""}, "filer"),
        ({"received_at": datetime(2099, 1, 1, tzinfo=clock.UTC)}, "received_at"),
    ],
)
def test_refusals_open_no_case_and_keep_no_file(clerk, court, tmp_path, settings, fields, field):
    with pytest.raises(ValidationFailed) as error:
        _open(clerk, court, builders.image_only_pdf(tmp_path / "scan.pdf"), **fields)
    assert error.value.field == field
    assert not Case.objects.exists() and stored_files(settings) == []


def test_a_case_type_the_court_does_not_take_and_a_bad_scan(clerk, court, tmp_path, settings):
    appeal = CaseType.objects.get(code="AP")
    with pytest.raises(ValidationFailed, match="does not take this case type"):
        _open(clerk, court, builders.image_only_pdf(tmp_path / "s.pdf"), case_type=appeal)
    with pytest.raises(ValidationFailed, match=r"petition-scan\.pdf"):
        _open(clerk, court, builders.renamed_text_file(tmp_path / "t.pdf"))
    assert not Case.objects.exists() and stored_files(settings) == []


def test_only_the_court_s_clerks_open_paper_cases(court, judge, attorney, other_court, tmp_path):
    scan = builders.image_only_pdf(tmp_path / "scan.pdf")
    for outsider in (judge, attorney, factories.court_staff(Role.CLERK, other_court)):
        with pytest.raises(PermissionDenied):
            _open(outsider, court, scan)
    assert not Case.objects.exists()


def _post(client, path=None, **fields):
    data = {
        "case_type": str(CaseType.objects.get(code="CC").pk),
        "caption": "Smith v. Acme Landlords LLC",
        "title": "Petition",
        "filer": "Jordan Smith, self-represented",
        "received_date": "2026-11-25",
        "received_time": "09:40",
        "parties-role_1": "petitioner",
        "parties-kind_1": "person",
        "parties-first_name_1": "Jordan",
        "parties-last_name_1": "Smith",
        "parties-role_2": "respondent",
        "parties-kind_2": "organization",
        "parties-organization_name_2": "Acme Landlords LLC",
        "parties-kind_3": "person",
        "parties-kind_4": "person",
        "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        **fields,
    }
    if path is None:
        return client.post("/court/SL/paper-case/", data)
    with open(path, "rb") as handle:
        return client.post("/court/SL/paper-case/", {**data, "file": handle})


def test_the_page_opens_the_case(clerk, tmp_path):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    form = client.get("/court/SL/paper-case/")
    assert form.status_code == 200 and b"Party 4: role" in form.content
    response = _post(client, builders.image_only_pdf(tmp_path / "scan.pdf"))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/court/cases/{case.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert f"Case {case.number} is open" in page and "Acme Landlords LLC (Respondent)" in page


def test_the_page_explains_what_is_wrong(clerk, tmp_path, settings):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    client.get("/court/SL/paper-case/")
    missing = _post(client)
    assert missing.status_code == 400 and b"Choose the scan to upload" in missing.content
    no_petitioner = _post(
        client, builders.image_only_pdf(tmp_path / "a.pdf"), **{"parties-role_1": "respondent"}
    )
    assert no_petitioner.status_code == 422
    assert b"Record the party who filed the petition" in no_petitioner.content
    assert not Case.objects.exists() and stored_files(settings) == []
    assert Client().get("/court/SL/paper-case/").status_code == 302  # to sign in
