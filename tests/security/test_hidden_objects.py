"""A hidden object is indistinguishable from a missing one (issue 9, section 1).

Every route of the URL conf that takes a parameter (pages and the JSON API alike, so a new route
is covered the moment it is added) is requested by people who may not see the hidden objects: an
unrelated attorney, that attorney's staff, a clerk of another court and an anonymous visitor. Each
parameter is given once the id of an object that exists but is hidden from them, and once an id
that exists nowhere; the other parameters of the route take objects the person may see. The two
answers must have the same status and the same body (JSON compared as data, pages by their main
content), and neither may be a success or a server error.

A parameter the test does not know fails the test: register its kind in KINDS below.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from efiling.accounts.models import NoticeEmail, Role, RosterImport, StaffDelegation
from efiling.accounts.tokens import api_token_create
from efiling.api.urls import api
from efiling.cases.models import SecurityLevel
from efiling.core import clock
from efiling.docket import orders
from efiling.docket.services import filing_accept, security_level_set
from efiling.filings import services as filing_services
from efiling.filings.documents import document_add
from efiling.payments.deposits import deposit_start
from efiling.payments.services import deposit, payment_account_for
from efiling.service.models import Notice, ServiceRecord
from tests import factories
from tests.docket.conftest import order_signed
from tests.filings.helpers import new_case_draft, received_file, with_lead_document

MISSING_INT = 987_654_321
# Parameters whose objects are public (courts) or capability links (tokens in e-mailed links,
# calendar feed secrets):
# the test only requires that a made-up value never gives a success or a server error.
# The payment provider's callback and the demo checkout's session are the provider's side.
PUBLIC_OR_CAPABILITY = {"code", "token", "uidb64", "provider", "session_id", "secret"}


def _summons(case, envelope, clerk) -> int:
    """A summons of the hidden case, issued for service by the sheriff on its respondent."""
    from efiling.filings.models import ServiceRequest
    from efiling.service.summons_models import Summons

    party = case.parties.get(role="respondent")
    request = ServiceRequest.objects.create(
        envelope=envelope,
        party=party,
        manner="sheriff",
        county="St. Louis County",
        created_at=clock.now(),
    )
    return Summons.objects.create(
        case=case,
        party=party,
        service_request=request,
        manner="sheriff",
        county="St. Louis County",
        status="issued",
        issued_by=clerk,
        issued_at=clock.now(),
        created_at=clock.now(),
        status_changed_at=clock.now(),
    ).pk


class World:
    """Objects hidden from every actor (a confidential case of St. Louis County with a sealed
    entry, an order, a hearing, its attorney's draft, notices, tokens, staff, a roster import),
    and for each actor the objects they may see."""

    def __init__(self, court, other_court, pdf):
        insider = factories.user(Role.ATTORNEY, first_name="Ines", last_name="Insider")
        clerk = factories.court_staff(Role.CLERK, court)
        judge = factories.court_staff(Role.JUDGE, court)

        deposit(account=payment_account_for(insider), amount_cents=100_000, reference="t")
        petition = filing_services.envelope_submit(
            envelope=with_lead_document(new_case_draft(court, insider), insider, pdf),
            user=insider,
            idempotency_key="hidden",
            signature="/s/ Ines Insider",
        )
        entry = filing_accept(clerk=clerk, filing=petition.filings.get())
        case = entry.case
        security_level_set(
            clerk=clerk, case=case, level=SecurityLevel.CONFIDENTIAL, reason="Protected party"
        )
        security_level_set(
            clerk=clerk, case=case, entry=entry, level=SecurityLevel.SEALED, reason="Sealed"
        )
        order = order_signed(judge, case, title="Order", body_text="So.")
        proposed = orders.proposed_order_prepare(
            actor=clerk, case=case, judge=judge, kind="order", title="Draft", body_text="So."
        )
        hearing = factories.hearing(
            case, judge, clock.now() + timedelta(days=30), room="Division 9", created_by=clerk
        )
        draft = filing_services.draft_create(user=insider, court=court, case_number=case.number)
        filing = filing_services.filing_add(envelope=draft, user=insider, code="MOT")
        draft_document = document_add(
            envelope=draft,
            user=insider,
            filing=filing,
            kind="lead",
            title="Motion",
            received=received_file(pdf("motion.pdf")),
        )
        hidden_party = new_case_draft(court, insider, caption="Insider v. Hidden").parties.first()
        token, _ = api_token_create(user=insider, name="hidden", scope="file")
        insider_staff = factories.staff_for(insider)
        from efiling.accounts.models import CourtAssignment
        from efiling.courts.models import FilingCode, Holiday, PublicTerminal
        from efiling.docket.models import RejectionReason

        insider_deposit = deposit_start(
            user=insider,
            account=payment_account_for(insider),
            amount_cents=5_000,
            site_url="http://testserver/",
        )
        self.hidden = {
            "account_owner": insider.pk,
            "deposit": insider_deposit.reference,
            "case": case.pk,
            "docket_document": entry.documents.first().pk,
            "draft_document": draft_document.pk,
            "envelope": draft.public_id,
            "filing": filing.pk,
            "party": hidden_party.pk,
            "case_number": case.number,  # a confidential case: hidden from the public side
            "entry_number": entry.number,
            "order": order.pk,
            "summons": _summons(case, petition, clerk),
            "proposed_order": proposed.pk,
            "hearing": hearing.pk,
            "notice": Notice.objects.filter(recipient=insider).first().pk,
            "service_record": ServiceRecord.objects.create(
                envelope=draft,
                person=insider,
                email=insider.email,
                channel=ServiceRecord.Channel.ELECTRONIC,
                served_at=clock.now(),
                documents=[{"sha256": draft_document.sha256}],
            ).pk,
            "notice_email": NoticeEmail.objects.create(
                user=insider, email="ines@example.test", created_at=clock.now()
            ).pk,
            "delegation": StaffDelegation.objects.get(staff=insider_staff).pk,
            "token": token.pk,
            "roster_import": RosterImport.objects.create(
                imported_at=clock.now(), file_name="roster.csv", sha256="0" * 64
            ).pk,
            # the court administration's objects of St. Louis County
            "holiday": Holiday.objects.create(
                court=court, date=clock.today("America/Chicago"), name="Closed"
            ).pk,
            "rejection_reason": RejectionReason.objects.create(court=court, text="Hidden").pk,
            "courtroom": hearing.courtroom_id,
            "filing_code": FilingCode.objects.filter(court=court).first().pk,
            "assignment": CourtAssignment.objects.get(user=clerk).pk,
            "terminal": PublicTerminal.objects.create(
                court=court, name="Lobby", networks=["192.0.2.0/24"], created_at=clock.now()
            ).pk,
            "maintenance_window": self._maintenance_window(court, hearing.starts_at),
            # the insider's request to the help desk, and a second-factor reset of theirs
            "help_ticket": self._help_ticket(insider),
            "second_factor_reset": self._second_factor_reset(insider),
            "incident": self._incident(court),
            # a message the embedded mode kept (system administrators only)
            "sent_mail": "20260101T000000.000000Z-0123456789ab.eml",
        }
        self.court, self.other_court = court, other_court
        self.pdf = pdf

    @staticmethod
    def _help_ticket(insider):
        from efiling.helpdesk.services import ticket_create

        ticket = ticket_create(user=insider, name="", email="", subject="Hidden", body="A question")
        return ticket.public_id

    @staticmethod
    def _second_factor_reset(insider):
        from efiling.helpdesk.models import SecondFactorReset

        return SecondFactorReset.objects.create(
            user=insider,
            requested_by=factories.user(Role.HELP_DESK),
            requested_at=clock.now(),
            identity_check="Called back",
        ).pk

    @staticmethod
    def _maintenance_window(court, starts):
        from efiling.availability.models import MaintenanceWindow

        window = MaintenanceWindow.objects.create(
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            message="Upgrade",
            posted_at=clock.now(),
        )
        window.courts.set([court])
        return window.pk

    @staticmethod
    def _incident(court):
        from efiling.availability.models import Incident

        incident = Incident.objects.create(
            started_at=clock.now(), description="Down", opened_at=clock.now()
        )
        incident.courts.set([court])
        return incident.pk

    def actor(self, kind: str):
        """(client, the objects this actor may see: an envelope and a case)."""
        if kind == "anonymous":
            return Client(), {}
        if kind == "other_court_administrator":
            person = factories.court_staff(Role.COURT_ADMINISTRATOR, self.other_court)
            # the bar roster is statewide: every court administrator reads its imports
            return factories.client_for(person), {"sees": {"roster_import"}}
        if kind == "other_court_clerk":
            person = factories.court_staff(Role.CLERK, self.other_court)
            own_case = factories.case(self.other_court, number="26BA-CC00001")
            return factories.client_for(person), {"case": own_case.pk}
        attorney = factories.user(Role.ATTORNEY, first_name="Otto", last_name="Outsider")
        own_case = factories.case(self.court, counsel=[attorney], number="26SL-CC00777")
        person = attorney if kind == "attorney" else factories.staff_for(attorney)
        envelope = filing_services.draft_create(
            user=person, court=self.court, signer=attorney, case_number=own_case.number
        )
        filing_services.filing_add(envelope=envelope, user=person, code="MOT")
        return factories.client_for(person), {"case": own_case.pk, "envelope": envelope.public_id}


# (route name or None for any route, parameter) -> the kind of object it names
KINDS = {
    (None, "case_id"): "case",
    (None, "public_id"): "envelope",
    (None, "envelope_id"): "envelope",
    (None, "filing_id"): "filing",
    (None, "order_id"): "order",
    (None, "summons_id"): "summons",
    (None, "proposed_order_id"): "proposed_order",
    (None, "hearing_id"): "hearing",
    (None, "notice_id"): "notice",
    (None, "number"): "entry_number",
    (None, "token_id"): "token",
    (None, "owner_id"): "account_owner",
    (None, "reference"): "deposit",
    ("filing-document", "document_id"): "draft_document",
    ("ConfirmRedaction", "document_id"): "draft_document",
    ("RemoveDocument", "document_id"): "draft_document",
    ("RemoveParty", "party_id"): "party",
    ("RemoveServiceRequest", "party_id"): "party",
    ("court-document", "document_id"): "docket_document",
    ("my-case-document", "document_id"): "docket_document",
    ("GetDocument", "document_id"): "docket_document",
    (None, "record_id"): "service_record",
    ("served-document", "document_id"): "draft_document",
    ("notice-email-remove", "pk"): "notice_email",
    ("staff-revoke", "pk"): "delegation",
    ("api-token-revoke", "pk"): "token",
    ("roster-import-report", "pk"): "roster_import",
    (None, "holiday_id"): "holiday",
    (None, "reason_id"): "rejection_reason",
    (None, "courtroom_id"): "courtroom",
    (None, "filing_code_id"): "filing_code",
    (None, "assignment_id"): "assignment",
    (None, "terminal_id"): "terminal",
    (None, "window_id"): "maintenance_window",
    (None, "incident_id"): "incident",
    ("courtadmin-sent-message", "name"): "sent_mail",
    ("help-ticket", "public_id"): "help_ticket",
    ("help-desk-answer", "public_id"): "help_ticket",
    (None, "user_id"): "account_owner",
    (None, "reset_id"): "second_factor_reset",
    # the public side names a case by its number (statewide unique)
    ("public-case", "number"): "case_number",
    ("public-case-feed", "number"): "case_number",
    ("public-case-document", "number"): "case_number",
    ("public-case-tracking", "number"): "case_number",
    ("public-case-document", "document_id"): "docket_document",
    ("GetPublicCase", "number"): "case_number",
}
MISSING = {
    "envelope": uuid.UUID("00000000-0000-4000-8000-000000000000"),
    "help_ticket": uuid.UUID("00000000-0000-4000-8000-000000000000"),
    "entry_number": 9_999,
    "deposit": "D-ZZZZZZZZZZ",
    "sent_mail": "20260101T000000.000000Z-ffffffffffff.eml",
    "case_number": "26SL-CC99999",
}
# Valid request bodies for API operations, so that the answer comes from the lookup, not from
# the body's validation.
API_BODIES = {
    "AddParty": {"kind": "person", "role": "respondent", "last_name": "Doe"},
    "AddFiling": {"code": "MOT"},
    "ReviewFiling": {"signature": "/s/ Otto Outsider"},
    "SetServiceRequest": {"party_id": 1, "manner": "certified_mail"},
    "FileServiceReturn": {"outcome": "not_found", "reason": "Moved away."},
}


def _routes():
    """(route template, name, parameter names) of every URL pattern that takes parameters."""

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                names = re.findall(r"<(?:\w+:)?(\w+)>", route)
                if names and not route.startswith("admin/"):
                    yield route, pattern.name, names

    return list(walk(get_resolver().url_patterns, ""))


def _kind(name: str, parameter: str) -> str:
    if parameter in PUBLIC_OR_CAPABILITY:
        return "public"
    kind = KINDS.get((name, parameter)) or KINDS.get((None, parameter))
    assert kind, f"Route {name!r} takes {parameter!r}: register its kind in KINDS"
    return kind


def _path(route: str, values: dict) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)


def _api_methods() -> dict[str, list[str]]:
    """Operation id -> its HTTP methods, from the OpenAPI document."""
    methods: dict[str, list[str]] = {}
    for operations in api.get_openapi_schema()["paths"].values():
        for method, operation in operations.items():
            methods.setdefault(operation["operationId"], []).append(method.upper())
    return methods


def _comparable(response, values: tuple, path: str = "") -> object:
    """The answer as data (JSON) or as the visible text of the page's main content, with the
    ids asked for replaced, so that two answers can be compared."""
    body = response.content.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("application/json"):
        data = json.loads(body)
        text = json.dumps(data, sort_keys=True)
    else:
        main = re.search(r"<main.*?</main>", body, re.S)
        text = unescape(re.sub(r"<[^>]+>", " ", main.group(0) if main else body))
        text = re.sub(r"csrfmiddlewaretoken\S*", "", " ".join(text.split()))
    location = response.get("Location", "")
    if path:  # the address asked for, echoed (a sign-in link's ?next=)
        text, location = text.replace(path, "{path}"), location.replace(path, "{path}")
    for value in values:
        asked = re.compile(rf"(?<![\w-]){re.escape(str(value))}(?![\w-])")
        text, location = asked.sub("{id}", text), asked.sub("{id}", location)
    followed = getattr(response, "followed", None)
    after = _comparable(followed, values, path) if followed is not None else None
    return response.status_code, location, text, after


def _request(client, method: str, path: str, operation: str | None):
    """The answer, and for a redirect also the page it leads to (where a refusal flashed by
    the view is shown), so that the words of both are compared."""
    response = _send(client, method, path, operation)
    if 300 <= response.status_code < 400 and response.get("Location", "").startswith("/"):
        response.followed = client.get(response["Location"])
    return response


def _send(client, method: str, path: str, operation: str | None):
    if method == "GET":
        return client.get(path)
    if operation is not None:
        body = API_BODIES.get(operation)
        if operation == "UploadDocument":
            return client.post(
                path + "?kind=lead&file_name=a.pdf",
                data=b"%PDF-1.4",
                content_type="application/pdf",
            )
        return client.generic(
            method,
            path,
            json.dumps(body or {}),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="walk",
        )
    return client.post(path, {})


@pytest.fixture
def world(court, other_court, pdf):
    return World(court, other_court, pdf)


@pytest.mark.parametrize(
    "actor_kind",
    ["attorney", "staff", "other_court_clerk", "other_court_administrator", "anonymous"],
)
def test_every_route_answers_a_hidden_object_as_a_missing_one(world, actor_kind):
    client, own = world.actor(actor_kind)
    api_methods = _api_methods()
    checked = 0
    for route, name, parameters in _routes():
        operation = name if route.startswith("api/") else None
        methods = api_methods.get(name, ["GET"]) if operation else ["GET", "POST"]
        kinds = {p: _kind(name, p) for p in parameters}
        for probed, kind in kinds.items():
            if kind == "public" or kind in own.get("sees", ()):
                continue
            base = {}
            for parameter, other_kind in kinds.items():
                if other_kind == "public":
                    base[parameter] = world.court.code
                elif other_kind in own:
                    base[parameter] = own[other_kind]
                else:
                    base[parameter] = world.hidden[other_kind]
            hidden_value = world.hidden[kind]
            missing_value = MISSING.get(kind, MISSING_INT)
            for method in methods:
                hidden_path = _path(route, {**base, probed: hidden_value})
                missing_path = _path(route, {**base, probed: missing_value})
                hidden = _request(client, method, hidden_path, operation)
                missing = _request(client, method, missing_path, operation)
                where = f"{actor_kind} {method} {route} ({probed})"
                assert hidden.status_code < 500 and missing.status_code < 500, where
                assert not 200 <= hidden.status_code < 300, f"{where}: the hidden object answered"
                # Both values replaced in both answers: a small id (2) also reads as a number
                # of the page ("Step 2 of 4") in either.
                values = (hidden_value, missing_value)
                assert _comparable(hidden, values, hidden_path) == _comparable(
                    missing, values, missing_path
                ), where
                checked += 1
    assert checked > 50  # the walk reached the routes


@pytest.mark.parametrize("actor_kind", ["attorney", "other_court_clerk", "anonymous"])
def test_public_and_capability_parameters_never_fail_on_made_up_values(world, actor_kind):
    client, _ = world.actor(actor_kind)
    for route, _name, parameters in _routes():
        if not set(parameters) & PUBLIC_OR_CAPABILITY:
            continue
        values = {
            p: "ZZ" if p == "code" else ("x" * 20 if p in PUBLIC_OR_CAPABILITY else MISSING_INT)
            for p in parameters
        }
        response = client.get(_path(route, values))
        assert response.status_code < 500, (actor_kind, route)
