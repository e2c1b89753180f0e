"""GetPublicCase (no sign-in): exactly what the public case page shows, every kind of hidden
case answered exactly as a missing one; and GetCase's hearings and deadlines."""

from datetime import date

import pytest
from django.test import Client

from efiling.accounts.models import ApiToken, Role
from efiling.accounts.tokens import api_token_create
from efiling.cases.models import SecurityLevel
from efiling.core import clock
from efiling.courts.models import CaseType
from efiling.scheduling.models import Deadline
from tests import factories
from tests.public.test_public_case import MISSING, NUMBER, public_case  # noqa: F401 - fixture


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


def _hide(case, kind):
    if kind == "sealed":
        case.security_level = SecurityLevel.SEALED
    elif kind == "confidential":
        case.security_level = SecurityLevel.CONFIDENTIAL
    elif kind == "expunged":
        case.expunged_at = clock.now()
    elif kind == "unnumbered":
        case.number = None
    else:
        code = {"confidential_type": "JU", "protection_order": "PN"}[kind]
        case.case_type = CaseType.objects.get(code=code)
    case.save()


@pytest.mark.parametrize(
    "kind",
    ["sealed", "confidential", "expunged", "confidential_type", "protection_order", "unnumbered"],
)
def test_every_hidden_case_answers_exactly_as_a_missing_one(public_case, kind):  # noqa: F811
    missing = _get(MISSING)
    assert missing.status_code == 404
    _hide(public_case, kind)
    hidden = _get(NUMBER)
    assert (hidden.status_code, hidden.content) == (missing.status_code, missing.content)


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
