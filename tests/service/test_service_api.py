"""The service operations of the API: GetServiceInformation, the service in GetFilingStatus,
GetCertificateOfService."""

from django.test import Client

from efiling.accounts.models import Role
from efiling.cases.models import SecurityLevel
from efiling.service.models import NoticeDelivery
from tests import factories
from tests.service.helpers import motion, submit


def api_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_service_information_lists_who_is_served_and_how(case, attorney, opposing):
    answer = api_client(attorney).get(f"/api/v1/cases/{case.pk}/service-information")
    assert answer.status_code == 200, answer.content
    servees = {s["name"]: s for s in answer.json()["servees"]}
    assert set(servees) == {"Olive Opposing", "Dana Pro-Se"}
    assert servees["Olive Opposing"]["channel"] == "electronic"
    assert servees["Olive Opposing"]["email"] == opposing.email
    assert servees["Dana Pro-Se"]["channel"] == "conventional"
    assert servees["Dana Pro-Se"]["address"] == "12 Elm Street, Clayton, MO 63105"


def test_staff_see_the_list_of_their_attorney_s_case(case, attorney):
    staff = factories.staff_for(attorney)
    answer = api_client(staff).get(f"/api/v1/cases/{case.pk}/service-information")
    assert answer.status_code == 200, answer.content
    assert "Avery Lawson" not in [s["name"] for s in answer.json()["servees"]]


def test_a_hidden_case_answers_as_a_missing_one(case, court, opposing):
    sealed = factories.case(
        court, counsel=[opposing], number="26SL-CC00099", security_level=SecurityLevel.SEALED
    )
    outsider = api_client(factories.user(Role.ATTORNEY))
    hidden = outsider.get(f"/api/v1/cases/{sealed.pk}/service-information")
    missing = outsider.get("/api/v1/cases/999999/service-information")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_only_those_who_may_file_in_the_case_see_its_service_list(case):
    outsider = api_client(factories.user(Role.ATTORNEY))
    answer = outsider.get(f"/api/v1/cases/{case.pk}/service-information")
    assert answer.status_code == 404 and "Dana" not in answer.content.decode()
    clerk = api_client(factories.court_staff(Role.CLERK, case.court))
    assert clerk.get(f"/api/v1/cases/{case.pk}/service-information").status_code == 403


def test_filing_status_carries_the_service_records_and_the_certificate(
    case, attorney, opposing, pdf
):
    envelope = submit(motion(case, attorney, pdf), attorney)
    client = api_client(attorney)
    status = client.get(f"/api/v1/envelopes/{envelope.public_id}").json()
    service = status["service"]
    assert service["served"] is True
    assert [r["email"] for r in service["records"]] == [opposing.email]
    assert service["records"][0]["delivery"] == [NoticeDelivery.State.QUEUED]
    assert {s["channel"] for s in service["list_at_submission"]} == {"electronic", "conventional"}
    certificate = client.get(service["certificate_url"])
    assert certificate.status_code == 200 and certificate.content.startswith(b"%PDF-")
    draft = motion(case, attorney, pdf)
    assert client.get(f"/api/v1/envelopes/{draft.public_id}").json()["service"] is None
    assert (
        client.get(f"/api/v1/envelopes/{draft.public_id}/certificate-of-service.pdf").status_code
        == 409
    )
    other = api_client(opposing)
    assert other.get(service["certificate_url"]).status_code == 404
