"""A retry-safe API (issue 10): every operation of the OpenAPI document that changes something
(POST, PUT, PATCH, DELETE) declares the Idempotency-Key header (required on ReviewFiling and
ServeFiling only),
and a retry of each with the same key replays the first answer and changes nothing in the
database. The operations come from the document: a new one fails this test until it is given
a request below (and so is held to the same rule). A POST that changes nothing (a public check)
needs no key: it is listed in CHANGES_NOTHING, and the test proves that it changes nothing."""

import json
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.test import Client

from efiling.accounts.models import ApiToken, Role
from efiling.accounts.tokens import api_token_create
from efiling.api.urls import api
from efiling.cases.models import Party
from efiling.core import clock
from efiling.docket.services import fee_waiver_decide, filing_accept
from efiling.filings import services
from efiling.filings.documents import document_add
from efiling.filings.service_requests import service_request_set
from efiling.service.summons_models import Summons
from efiling.service.summons_returns import service_return_file
from efiling.service.tracking import case_track
from tests import factories
from tests.docket.conftest import committed
from tests.documents import builders
from tests.filings.helpers import (
    acme_addressed,
    new_case_draft,
    received_file,
    with_lead_document,
)

CHANGING = {"post", "put", "patch", "delete"}
# POST operations that only compute an answer (anyone may call them; no row is written), with
# why: they take no Idempotency-Key, since sending them twice is already harmless.
CHANGES_NOTHING = {
    "VerifyAuditCheckpoint": "checks a kept checkpoint against the trail; public, stores nothing",
    "VerifyFilingAttemptRecord": "checks a record of filing attempts' PDF; public, stores nothing",
}


def _changing_operations() -> dict[str, dict]:
    """Operation id -> its OpenAPI operation, for every changing method."""
    found = {}
    for operations in api.get_openapi_schema()["paths"].values():
        for method, operation in operations.items():
            if method in CHANGING:
                found[operation["operationId"]] = operation
    return found


@dataclass
class Call:
    client: Client
    method: str
    path: str
    body: object = None
    content_type: str = "application/json"

    def send(self, key: str):
        extra = {"HTTP_IDEMPOTENCY_KEY": key}
        if self.body is None:
            return self.client.generic(self.method.upper(), self.path, **extra)
        if self.content_type == "application/json":
            return self.client.generic(
                self.method.upper(),
                self.path,
                json.dumps(self.body),
                content_type=self.content_type,
                **extra,
            )
        return self.client.generic(
            self.method.upper(), self.path, self.body, content_type=self.content_type, **extra
        )


def _calls(attorney, court, pdf, tmp_path, settings) -> dict[str, Call]:
    """One valid request of every changing operation, each on objects of its own."""
    settings.EFILING_WEBHOOK_ALLOW_LOOPBACK = True
    raw = api_token_create(user=attorney, name="firm software", scope=ApiToken.Scope.FILE)[1]
    token = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    browser = Client()
    browser.force_login(attorney)

    editing = with_lead_document(new_case_draft(court, attorney, "Lawson v. Acme"), attorney, pdf)
    filing = editing.filings.get()
    document = filing.documents.get()
    removable = document_add(
        envelope=editing,
        user=attorney,
        filing=filing,
        kind="attachment",
        title="Exhibit B",
        received=received_file(pdf("exhibit-b.pdf")),
    )
    party = editing.parties.order_by("pk").first()
    other = new_case_draft(court, attorney, "Lawson v. Other")
    submittable = with_lead_document(
        new_case_draft(court, attorney, "Lawson v. Ready"), attorney, pdf
    )
    submitted = services.envelope_submit(
        envelope=with_lead_document(
            new_case_draft(court, attorney, "Lawson v. Gone"), attorney, pdf
        ),
        user=attorney,
        idempotency_key="earlier",
        signature="/s/ Avery Lawson",
    )
    doomed = new_case_draft(court, attorney, "Lawson v. Nobody")
    to_track = factories.case(court, counsel=[attorney], caption="Lawson v. Tracked")
    to_untrack = factories.case(court, counsel=[attorney], caption="Lawson v. Untracked")
    case_track(user=attorney, case_id=to_untrack.pk)
    waived = with_lead_document(new_case_draft(court, attorney, "Lawson v. Waiver"), attorney, pdf)
    services.fee_waiver_set(envelope=waived, user=attorney, requested=True)
    services.envelope_submit(
        envelope=waived, user=attorney, idempotency_key="waiver", signature="/s/ Avery Lawson"
    )
    fee_waiver_decide(
        clerk=factories.court_staff(Role.CLERK, court),
        envelope=waived,
        granted=False,
        reason="Not shown.",
    )
    discovery_case = factories.case(
        court, counsel=[attorney, factories.user(Role.ATTORNEY)], number="26SL-CC00321"
    )
    servable = services.draft_create(
        user=attorney, court=court, case_number=discovery_case.number, serve_only=True
    )
    services.filing_add(envelope=servable, user=attorney, code="INTERROG")
    servable = with_lead_document(servable, attorney, pdf)
    spare, _ = api_token_create(user=attorney, name="spare", scope=ApiToken.Scope.READ)
    by_sheriff = {"manner": "sheriff", "county": "Boone County"}
    asking = new_case_draft(court, attorney, "Lawson v. Asking")
    to_serve = acme_addressed(asking)
    withdrawing = new_case_draft(court, attorney, "Lawson v. Withdrawing")
    to_withdraw = acme_addressed(withdrawing)
    service_request_set(
        envelope=withdrawing, user=attorney, party_id=to_withdraw.pk, values=by_sheriff
    )
    summons = _issued_summons(court, attorney, pdf, by_sheriff)
    # A summons returned not found, for the clerk (who signs in: no API tokens) to reissue.
    not_found = _issued_summons(court, attorney, pdf, by_sheriff, caption="Lawson v. Moved")
    service_return_file(
        user=attorney, summons_id=not_found.pk, outcome="not_found", reason="Moved away."
    )
    clerk = Client()
    clerk.force_login(not_found.issued_by)
    exhibit = builders.text_pdf(tmp_path / "exhibit.pdf", pages=1, text="EXHIBIT A")

    def envelope(e) -> str:
        return f"/api/v1/envelopes/{e.public_id}"

    return {
        "CreateEnvelope": Call(
            token,
            "post",
            "/api/v1/envelopes",
            {"court": "SL", "case_type": "CC", "caption": "X v. Y"},
        ),
        "AddParty": Call(
            token,
            "post",
            f"{envelope(editing)}/parties",
            {"kind": "organization", "role": "respondent", "organization_name": "Beta LLC"},
        ),
        "RemoveParty": Call(token, "delete", f"{envelope(editing)}/parties/{party.pk}"),
        "AddFiling": Call(token, "post", f"{envelope(other)}/filings", {"code": "PET"}),
        "RemoveFiling": Call(
            token, "delete", f"{envelope(other)}/filings/{other.filings.get().pk}"
        ),
        "UploadDocument": Call(
            token,
            "post",
            f"{envelope(editing)}/filings/{filing.pk}/documents?kind=attachment&file_name=ex.pdf",
            exhibit.read_bytes(),
            "application/pdf",
        ),
        "RemoveDocument": Call(token, "delete", f"{envelope(editing)}/documents/{removable.pk}"),
        "ConfirmRedaction": Call(
            token, "post", f"{envelope(editing)}/documents/{document.pk}/confirm-redaction"
        ),
        "ReviewFiling": Call(
            token, "post", f"{envelope(submittable)}/submit", {"signature": "/s/ Avery Lawson"}
        ),
        "ServeFiling": Call(
            token, "post", f"{envelope(servable)}/serve", {"signature": "/s/ Avery Lawson"}
        ),
        "CancelFiling": Call(token, "post", f"{envelope(submitted)}/cancel"),
        "DeleteDraft": Call(token, "delete", envelope(doomed)),
        "PayFees": Call(token, "post", f"{envelope(waived)}/pay-fees"),
        "StartDeposit": Call(token, "post", "/api/v1/deposits", {"amount_cents": 2_500}),
        "CreateApiToken": Call(
            browser, "post", "/api/v1/me/tokens", {"name": "retry", "scope": "read"}
        ),
        "RevokeApiToken": Call(token, "delete", f"/api/v1/me/tokens/{spare.pk}"),
        "SetWebhook": Call(
            token, "put", "/api/v1/me/webhook", {"url": "http://127.0.0.1:9/efiling-hook"}
        ),
        "MarkNoticesRead": Call(token, "post", "/api/v1/notices/read", {}),  # the waiver's
        "CreateHelpTicket": Call(
            token, "post", "/api/v1/help-tickets", {"subject": "Retry", "body": "Two\nlines."}
        ),
        "TrackCase": Call(token, "post", f"/api/v1/cases/{to_track.pk}/tracking"),
        "UntrackCase": Call(token, "delete", f"/api/v1/cases/{to_untrack.pk}/tracking"),
        "SetServiceRequest": Call(
            token,
            "post",
            f"{envelope(asking)}/service-requests",
            {"party_id": to_serve.pk, **by_sheriff},
        ),
        "RemoveServiceRequest": Call(
            token, "delete", f"{envelope(withdrawing)}/service-requests/{to_withdraw.pk}"
        ),
        "FileServiceReturn": Call(
            token,
            "post",
            f"/api/v1/summonses/{summons.pk}/return",
            {
                "outcome": "served",
                "served_at": clock.local_date(clock.now(), court.time_zone).isoformat(),
                "how_served": "agent",
                "person_served": "Acme's registered agent",
            },
        ),
        "IssueAliasSummons": Call(
            clerk,
            "post",
            f"/api/v1/summonses/{not_found.pk}/alias",
            {"address": {"address_line1": "45 Pine Street", "city": "Clayton", "state": "MO"}},
        ),
    }


def _issued_summons(court, attorney, pdf, by_sheriff, caption="Lawson v. Summoned") -> Summons:
    """A new case asking the sheriff to serve Acme Corp., accepted: its summons."""
    draft = with_lead_document(new_case_draft(court, attorney, caption), attorney, pdf)
    acme = acme_addressed(draft)
    service_request_set(envelope=draft, user=attorney, party_id=acme.pk, values=by_sheriff)
    submitted = services.envelope_submit(
        envelope=draft, user=attorney, idempotency_key=caption, signature="/s/ Avery Lawson"
    )
    with committed():
        filing_accept(
            clerk=factories.court_staff(Role.CLERK, court), filing=submitted.filings.get()
        )
    return Summons.objects.get(party=acme)


def _database() -> dict[str, list[dict]]:
    """Every row of every table of the system (an API token's last use aside: it is kept at
    most once a minute, and a replay is a use)."""
    rows = {}
    for model in apps.get_models():
        if model.__module__.startswith("efiling."):
            values = list(model.objects.order_by("pk").values())
            if model is ApiToken:
                for row in values:
                    row.pop("last_used_at")
            rows[model._meta.label] = values
    return rows


SUBMISSIONS = {"ReviewFiling", "ServeFiling"}


def test_every_changing_operation_declares_the_header():
    operations = _changing_operations()
    assert "ReviewFiling" in operations and "UploadDocument" in operations
    assert set(CHANGES_NOTHING) <= set(operations)
    for name, operation in operations.items():
        if name in CHANGES_NOTHING:
            continue
        headers = [p for p in operation.get("parameters", []) if p["in"] == "header"]
        assert [p["name"] for p in headers] == ["Idempotency-Key"], name
        assert headers[0]["required"] is (name in {"ReviewFiling", "ServeFiling"}), name
        assert headers[0]["schema"]["maxLength"] == 255


@pytest.mark.django_db
def test_a_retry_of_every_changing_operation_replays_and_changes_nothing(
    attorney, court, pdf, tmp_path, settings
):
    calls = _calls(attorney, court, pdf, tmp_path, settings)
    expected = set(_changing_operations()) - set(CHANGES_NOTHING)
    assert set(calls) == expected, "give each operation a request here"
    for name, call in calls.items():
        first = call.send(key=f"retry-{name}")
        assert 200 <= first.status_code < 300, (name, first.content)
        before = _database()
        again = call.send(key=f"retry-{name}")
        assert again.status_code == first.status_code, name
        assert again.content == first.content or again.json() == first.json(), name
        after = _database()
        # A submission's retry that replays its answer records the lost answer (Rule 103.06,
        # efiling.filings.attempts), and only that.
        lost = after.pop("availability.FilingAttempt")
        assert [row["kind"] for row in lost[len(before["availability.FilingAttempt"]) :]] == (
            ["lost_response"] if name in SUBMISSIONS else []
        ), name
        before.pop("availability.FilingAttempt")
        assert after == before, f"{name}: the retry changed the database"


@pytest.mark.django_db
def test_without_a_key_a_retry_is_a_new_request(attorney, court, pdf, tmp_path, settings):
    """What the key prevents: the same AddParty sent twice without one adds two parties."""
    call = _calls(attorney, court, pdf, tmp_path, settings)["AddParty"]
    before = Party.objects.count()
    for _ in range(2):
        response = call.client.post(call.path, call.body, content_type="application/json")
        assert response.status_code == 201
    assert Party.objects.count() == before + 2


@pytest.mark.django_db
def test_the_operations_said_to_change_nothing_change_nothing(attorney):
    from efiling.audit.checkpoints import audit_checkpoint_publish, checkpoint_document
    from efiling.audit.services import audit_record

    audit_record(action="test.recorded", object_type="test", object_id="1")
    checkpoint = checkpoint_document(audit_checkpoint_publish())
    from efiling.availability.attempt_record import record_pdf

    today = clock.local_date(clock.now(), "America/Chicago")
    calls = {
        "VerifyAuditCheckpoint": Call(
            Client(), "post", "/api/v1/audit/checkpoint/verify", checkpoint
        ),
        "VerifyFilingAttemptRecord": Call(
            Client(),
            "post",
            "/api/v1/public/filing-attempt-records/verify",
            record_pdf(user=attorney, first=today, last=today),
            content_type="application/pdf",
        ),
    }
    assert set(calls) == set(CHANGES_NOTHING)
    for name, call in calls.items():
        before = _database()
        for _ in range(2):
            assert call.send(key=f"twice-{name}").status_code == 200, name
        assert _database() == before, f"{name} changed the database"
