"""GetPublicCase (no sign-in): exactly what the public case page shows (every kind of hidden
case answers exactly as a missing one: test_hidden_records.py walks it); and GetCase's
hearings and deadlines."""

from datetime import date

from django.test import Client

from efiling.accounts.models import ApiToken, Role
from efiling.accounts.tokens import api_token_create
from efiling.core import clock
from efiling.scheduling.models import Deadline
from tests import factories
from tests.public.test_public_case import NUMBER, public_case  # noqa: F401 - fixture


def _get(number):
    return Client().get(f"/api/v1/public/cases/{number}")


def test_public_case_answers_what_the_page_shows(public_case):  # noqa: F811
    answer = _get(NUMBER.lower())
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["number"] == NUMBER and body["caption"] == "Lawson v. Acme"
    assert body["assigned_judge"] == "Jude Judge" and body["status"] == "open"
    assert body["parties"] == [
        {"name": "Avery Lawson", "kind": "person", "role": "plaintiff", "birth_year": 1979}
    ]
    assert "Elm Street" not in answer.content.decode()  # never an address
    assert [e["number"] for e in body["docket"]] == [1]  # no sealed or confidential entry
    assert body["attorneys"][0]["name"] == "Alice Attorney"
    assert body["attorneys"][0]["represents"] == ["Avery Lawson"]
    assert [h["kind"] for h in body["hearings"]] == ["motion_hearing"]
    assert body["judgments"] == []


def test_get_case_gives_hearings_and_deadlines_to_those_who_see_the_case(public_case):  # noqa: F811
    attorney = public_case.counsel.get().user
    Deadline.objects.create(
        case=public_case,
        title="Answer due",
        due_date=date(2026, 3, 2),
        source="30 days after service",
        created_at=clock.now(),
    )
    token = api_token_create(user=attorney, name="reader", scope=ApiToken.Scope.READ)[1]
    body = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get(f"/api/v1/cases/{public_case.pk}")
    assert body.status_code == 200, body.content
    hearing = body.json()["hearings"][0]
    assert (hearing["kind"], hearing["courtroom"], hearing["judge"]) == (
        "motion_hearing",
        "Division 9",
        "Jude Judge",
    )
    assert body.json()["deadlines"] == [
        {
            "title": "Answer due",
            "due_date": "2026-03-02",
            "source": "30 days after service",
            "satisfied_at": None,
        }
    ]
    stranger = factories.user(Role.ATTORNEY, first_name="Sam", last_name="Stranger")
    token = api_token_create(user=stranger, name="reader", scope=ApiToken.Scope.READ)[1]
    refused = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get(f"/api/v1/cases/{public_case.pk}")
    assert refused.status_code == 404 and b"Answer due" not in refused.content
