"""Service of process in the API (issue 14): the filer asks for service, a sheriff's system
fetches its summonses and files a return; a summons of another county is a 404 like none."""

import itertools
import json
from datetime import UTC, datetime

import time_machine
from django.test import Client

from efiling.accounts.models import ApiToken, Role
from efiling.accounts.tokens import api_token_create
from efiling.core import clock
from efiling.docket.services import filing_accept
from efiling.filings.services import envelope_submit
from tests import factories
from tests.docket.conftest import committed
from tests.filings.helpers import acme_addressed, with_lead_document


def _api(user, scope=ApiToken.Scope.FILE) -> Client:
    token = api_token_create(user=user, name=f"t-{next(_names)}", scope=scope)[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


_names = itertools.count()


def _post(api, path, body):
    return api.post(path, json.dumps(body), content_type="application/json")


def test_a_sheriffs_system_fetches_summonses_and_files_a_return(
    new_case_envelope, attorney, pdf, court
):
    clerk = factories.court_staff(Role.CLERK, court)
    # A sheriff's office signs in with a second factor, and so its tokens work.
    enrolled = {"totp_confirmed_at": clock.now()}
    sheriff = factories.user(Role.SHERIFF, county="St. Louis County", **enrolled)
    stranger = factories.user(Role.SHERIFF, county="Boone County", **enrolled)
    envelope = with_lead_document(new_case_envelope, attorney, pdf)
    acme = envelope.parties.get(organization_name="Acme Corp.")
    path = f"/api/v1/envelopes/{envelope.public_id}/service-requests"
    refused = _post(_api(attorney), path, {"party_id": acme.pk, "manner": "carrier_pigeon"})
    assert refused.status_code == 422
    unaddressed = _post(
        _api(attorney),
        path,
        {"party_id": acme.pk, "manner": "sheriff", "county": "St. Louis County"},
    )
    assert unaddressed.status_code == 422
    assert unaddressed.json()["detail"].startswith("Add Acme Corp.'s address (edit the party)")
    acme = acme_addressed(envelope)
    asked = _post(
        _api(attorney),
        path,
        {"party_id": acme.pk, "manner": "sheriff", "county": "St. Louis County"},
    )
    assert asked.status_code == 201, asked.content
    fees = _api(attorney).get(f"/api/v1/envelopes/{envelope.public_id}/fees").json()
    assert fees["lines"][-1] == {
        "description": "Service by sheriff: Acme Corp.",
        "amount_cents": 2000,
    }
    assert fees["total_cents"] == sum(line["amount_cents"] for line in fees["lines"])
    with time_machine.travel(datetime(2026, 11, 2, 15, tzinfo=UTC)):
        envelope = envelope_submit(
            envelope=envelope, user=attorney, idempotency_key="k", signature="/s/ Avery Lawson"
        )
        with committed():
            filing_accept(clerk=clerk, filing=envelope.filings.get())
    # After acceptance the fees are still those charged: petition and service.
    charged = envelope.fee_hold.settlements.get().amount_cents
    fees = _api(attorney).get(f"/api/v1/envelopes/{envelope.public_id}/fees").json()
    assert fees["lines"][-1]["description"] == "Service by sheriff: Acme Corp."
    assert fees["total_cents"] == charged == 14950 + 2000

    listed = _api(sheriff, ApiToken.Scope.READ).get("/api/v1/summonses").json()["items"]
    assert [(s["party"], s["status"], s["docket_number"]) for s in listed] == [
        ("Acme Corp.", "issued", 2)
    ]
    summons_id = listed[0]["id"]
    document = _api(sheriff, ApiToken.Scope.READ).get(f"/api/v1/summonses/{summons_id}/document")
    assert document["Content-Type"] == "application/pdf"
    assert _api(stranger).get(f"/api/v1/summonses/{summons_id}").json() == (
        _api(stranger).get(f"/api/v1/summonses/{summons_id + 1000}").json()
    )
    # Issued November 2, 2026 at 9:00 a.m. (Central): served a minute before is refused.
    early = _post(
        _api(sheriff),
        f"/api/v1/summonses/{summons_id}/return",
        {
            "outcome": "served",
            "served_at": "2026-11-02T08:59",
            "how_served": "personal",
            "person_served": "Acme's president",
        },
    )
    assert early.status_code == 422
    published = _post(
        _api(sheriff),
        f"/api/v1/summonses/{summons_id}/return",
        {
            "outcome": "served",
            "served_at": "2026-11-03",
            "how_served": "publication",
            "person_served": "The Gazette",
        },
    )
    assert published.status_code == 422
    too_long = _post(
        _api(sheriff),
        f"/api/v1/summonses/{summons_id}/return",
        {"outcome": "served", "served_at": "2026-11-03T09:30:00Z"},
    )
    assert too_long.status_code == 422
    assert too_long.json()["detail"].startswith("The date and time served is at most 16 characters")
    assert published.json()["field"] == "how_served"
    assert "by sheriff is served only thus" in published.json()["detail"]
    assert early.json()["field"] == "served_at"
    assert "(Monday, November 2, 2026 at 9:00 a.m.) and now" in early.json()["detail"]
    with committed():
        filed = _post(
            _api(sheriff),
            f"/api/v1/summonses/{summons_id}/return",
            {
                "outcome": "served",
                "served_at": "2026-11-03T09:30",
                "how_served": "personal",
                "person_served": "Acme's president",
            },
        )
    assert filed.status_code == 201, filed.content
    answer = filed.json()
    # 30 days after November 3, 2026 is Thursday, December 3.
    assert (answer["status"], answer["answer_due"]) == ("served", "2026-12-03")
    assert answer["service_return"]["served_time"] == "09:30"
