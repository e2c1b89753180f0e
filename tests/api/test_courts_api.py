import pytest
from django.test import Client

from tests.api.openapi import every_item

client = Client()


def test_get_policy_answers_in_ecf_terms(court):
    response = client.get("/api/v1/courts/SL/policy")
    assert response.status_code == 200
    body = response.json()
    assert body["court"]["code"] == "SL"
    assert body["maximum_allowed_attachment_size"] == 7 * 1024 * 1024
    assert body["maximum_allowed_message_size"] == 21 * 1024 * 1024
    assert body["accepted_document_formats"] == ["application/pdf"]
    assert any(t["code"] == "JU" and t["confidential"] for t in body["case_types"])


def test_get_policy_reads_the_policy_row(court):
    court.policy.maximum_allowed_attachment_size = 1234
    court.policy.save()
    assert client.get("/api/v1/courts/sl/policy").json()["maximum_allowed_attachment_size"] == 1234


def test_get_policy_of_unknown_court_is_404_with_a_message(courts):
    response = client.get("/api/v1/courts/QQ/policy")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "There is no court with the location code 'QQ'.",
        "code": "not_found",
    }


def test_list_courts_filters_participating(courts):
    everyone = every_item(client, "/api/v1/courts")
    assert len(everyone) == courts.count()
    courts.filter(code="BA").update(efiling_participating=False)
    participating = every_item(client, "/api/v1/courts?participating=true")
    assert len(participating) == courts.count() - 1
    assert "BA" not in {court["code"] for court in participating}


def test_calculate_deadline(courts):
    response = client.get("/api/v1/courts/SL/deadline?from=2026-01-14&days=6")
    assert response.status_code == 200
    body = response.json()
    assert body["due"] == "2026-01-23" and body["short_period"] is True
    assert body["not_counted"][-1] == {"date": "2026-01-19", "reason": "Martin Luther King Jr. Day"}


@pytest.mark.parametrize(
    "query",
    [
        "from=2026-13-01&days=3",
        "from=2026-01-14&days=0",
        "from=2026-01-14&days=abc",
        "days=3",
        "from=2026-01-14",
    ],
)
def test_calculate_deadline_refuses_bad_input_with_422(courts, query):
    response = client.get(f"/api/v1/courts/SL/deadline?{query}")
    assert response.status_code == 422
    assert response.json()["detail"].startswith("The request is not valid")


def test_calculate_deadline_refuses_years_outside_the_calendar(courts):
    response = client.get("/api/v1/courts/SL/deadline?from=1800-01-14&days=3")
    assert response.status_code == 422
    assert "1970" in response.json()["detail"]


def test_openapi_document_names_the_ecf_operations(db):
    schema = client.get("/api/v1/openapi.json").json()
    operation_ids = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    assert {"GetPolicy", "ListCourts", "CalculateDeadline", "GetHelpDeskStatus"} <= operation_ids


def test_browsable_docs_are_served(db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200 and b"openapi.json" in response.content


def test_help_desk_status(db):
    body = client.get("/api/v1/help-desk").json()
    assert isinstance(body["open"], bool)
    assert body["hours"] == [{"days": "Monday to Friday", "hours": "7:30 a.m. to 5:00 p.m."}]
