"""The alias summons in the API (IssueAliasSummons: a clerk of the court, refused with 409 until
the summons is returned not found or expired), a not-found return's new address
(FileServiceReturn), and the service of process GetCase and GetFilingStatus give per party."""

import json
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client

from efiling.accounts.models import ApiToken, Role
from efiling.core import clock
from tests import factories
from tests.api.test_summonses_api import _api
from tests.docket.conftest import committed
from tests.service.test_summons import clerk, issued  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

STILL_TO_SERVE = datetime(2026, 11, 2, 15, tzinfo=UTC)  # issued October 20, return by Nov. 19
NEW_ADDRESS = {"address_line1": "45 Pine Street", "city": "Clayton", "state": "MO"}


def _post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_clerk_reissues_a_summons_returned_not_found_at_its_new_address(
    issued,  # noqa: F811
    clerk,  # noqa: F811
    attorney,
):
    sheriff = factories.user(Role.SHERIFF, county="Boone County", totp_confirmed_at=clock.now())
    path = f"/api/v1/summonses/{issued.pk}"
    with time_machine.travel(STILL_TO_SERVE):
        early = _post(_signed_in(clerk), f"{path}/alias", {})
        assert early.status_code == 409
        assert early.json()["code"] == "summons_not_expired"
        assert "through Thursday, November 19, 2026" in early.json()["detail"]
        listed = _api(sheriff, ApiToken.Scope.READ).get("/api/v1/summonses").json()["items"]
        assert [(s["return_by"], s["expired"]) for s in listed] == [("2026-11-19", False)]
        case = _api(attorney, ApiToken.Scope.READ).get(f"/api/v1/cases/{issued.case_id}").json()
        [row] = case["service_of_process"]
        assert row["state"] == "summons issued" and row["return_by"] == "2026-11-19"
        assert row["requested"]["manner"] == "sheriff" and row["summons_id"] == issued.pk
    # The sheriff sees no more than before: no case through the API.
    assert _api(sheriff).get(f"/api/v1/cases/{issued.case_id}").status_code == 403
    wrong = _post(
        _api(sheriff),
        f"{path}/return",
        {"outcome": "not_found", "reason": "Moved.", "new_address": {"city": "Clayton"}},
    )
    assert (wrong.status_code, wrong.json()["field"]) == (422, "new_address.address_line1")
    with committed():
        found = _post(
            _api(sheriff),
            f"{path}/return",
            {"outcome": "not_found", "reason": "Moved.", "new_address": NEW_ADDRESS},
        )
    assert found.status_code == 201, found.content
    assert found.json()["service_return"]["new_address"] == {
        **NEW_ADDRESS,
        "address_line2": "",
        "postal_code": "",
    }
    # Only a clerk of the court reissues it.
    assert _post(_signed_in(attorney), f"{path}/alias", {}).status_code == 403
    bad = _post(_signed_in(clerk), f"{path}/alias", {"address": {**NEW_ADDRESS, "state": "ZZ"}})
    assert (bad.status_code, bad.json()["field"]) == (422, "address.state")
    # A part too long, or with a control character, is named by its whole path too.
    for part, value in (("address_line1", "x" * 1000), ("state", "M\u0000O")):
        bad = _post(_signed_in(clerk), f"{path}/alias", {"address": {**NEW_ADDRESS, part: value}})
        assert (bad.status_code, bad.json()["field"]) == (422, f"address.{part}")
    bad = _post(_signed_in(clerk), f"{path}/alias", {"county": "Nowhere County"})
    assert (bad.status_code, bad.json()["field"]) == (422, "county")
    with committed():
        made = _post(
            _signed_in(clerk),
            f"{path}/alias",
            {"address": NEW_ADDRESS, "county": "St. Louis County"},
        )
    assert made.status_code == 201, made.content
    alias = made.json()
    assert (alias["alias_of"], alias["status"], alias["county"]) == (
        issued.pk,
        "issued",
        "St. Louis County",
    )
    assert alias["address"] == ["45 Pine Street", "Clayton, MO"]
    assert alias["return_by"] is not None and alias["expired"] is False
    again = _post(_signed_in(clerk), f"{path}/alias", {})
    assert again.status_code == 409  # reissued once


def test_get_filing_status_gives_the_service_asked_for_and_where_it_stands(
    issued,  # noqa: F811
    attorney,
):
    envelope = issued.service_request.envelope
    with time_machine.travel(STILL_TO_SERVE):
        status = _api(attorney, ApiToken.Scope.READ).get(f"/api/v1/envelopes/{envelope.public_id}")
    body = status.json()
    assert body["service_requests"] == [
        {
            "party_id": issued.party_id,
            "manner": "sheriff",
            "county": "Boone County",
            "process_server": "",
        }
    ]
    [row] = body["service_of_process"]
    assert (row["party"], row["state"], row["summons_id"]) == (
        "Acme Corp.",
        "summons issued",
        issued.pk,
    )
