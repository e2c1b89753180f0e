"""A maintenance window of some courts stops every write in those courts, the court's own too
(a clerk's review and docketing, orders, hearings, summonses and returns, a court
administrator's changes), on pages and in the API: 503 with Retry-After and the window's end,
nothing written; the same write in another court goes on. Reads stay up; the public pages of a
court whose window stops the public search answer 503, the search goes on.

Two walks keep it so for writes added later: every service function that writes an audited
change calls the court's write gate (`require_write` or `court_writes_check`) or is listed here
with the reason it needs none; the pages' and the API's table below shows the answers."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.test import Client

from efiling.accounts.models import ApiToken, CourtAssignment, Role
from efiling.accounts.tokens import api_token_create
from efiling.availability.maintenance import windows_forget
from efiling.availability.models import MaintenanceWindow
from efiling.core import clock
from efiling.core.court_writes import court_writes_check
from efiling.core.errors import Unavailable
from efiling.courts.calendar import holidays_generate_year
from efiling.filings.models import Envelope, Status
from tests import factories

ROOT = Path(__file__).resolve().parents[2] / "efiling"
# Calls that check the court's writes before anything is written.
GATES = {"require_write", "court_writes_check", "_require_editable"}
# Audited writes that need no court gate of their own, with the reason.
NO_COURT_GATE = {
    # A person's own account, sign-in, tokens and second factor: no court's record.
    **dict.fromkeys(
        [
            "accounts/services.py:" + name
            for name in (
                "attorney_register",
                "pro_hac_vice_register",
                "staff_register",
                "self_represented_register",
                "email_confirm",
                "email_confirmed_by_password_link",
                "profile_update",
                "notice_email_add",
                "notice_email_confirm",
                "notice_email_remove",
                "staff_authorize",
                "staff_revoke",
                "sign_out_everywhere",
            )
        ]
        + [
            "accounts/signin.py:failure_record",
            "accounts/signin.py:sign_in_completed",
            "accounts/signin.py:password_check",
        ]
        + ["accounts/tokens.py:api_token_create", "accounts/tokens.py:api_token_revoke"]
        + [
            "accounts/two_factor.py:" + name
            for name in (
                "recovery_codes_generate",
                "totp_enroll",
                "second_factor_verify",
                "second_factor_clear",
            )
        ]
        + ["feeds/services.py:calendar_feed_create", "feeds/services.py:calendar_feed_revoke"]
        + ["service/tracking.py:case_track", "service/tracking.py:case_untrack"]
        + [
            "service/preferences.py:notice_mail_unsubscribe",
            "service/webhooks.py:webhook_endpoint_set",
        ]
        + ["service/preferences.py:notice_preferences_set"]
        + [
            "payments/deposits.py:deposit_start",
            "payments/deposits.py:deposit_callback",
            "payments/deposits.py:deposit_confirm",
            "payments/deposits.py:deposit_return",
            "payments/services.py:deposit",
        ],
        "a person's own account or settings, in no court",
    ),
    # The audit of a read.
    **dict.fromkeys(
        [
            "cases/access.py:case_read_audit",
            "cases/access.py:cases_listed_audit",
            "docket/access.py:filings_listed_audit",
            "docket/access.py:document_read_audit",
            "filings/services.py:envelope_get_for_user",
            "filings/services.py:envelopes_listed_audit",
            "public/terminals.py:terminal_case_get",
            "public/terminals.py:terminal_document_get",
            "courtadmin/sent_mail.py:sent_message",
            "docket/access.py:case_overview",
            "docket/access.py:document_get_for_court",
            "docket/access.py:document_get_for_user",
            "docket/access.py:entry_get_for_user",
        ],
        "the audit of a read",
    ),
    # Steps inside a write that checked the court at its start.
    **dict.fromkeys(
        [
            "cases/disposition.py:case_disposition_record",
            "cases/disposition.py:case_expunge",
            "docket/orders.py:proposed_order_transition",
            "docket/orders.py:proposed_order_from_filing",
            "docket/services.py:case_open",
            "payments/services.py:ledger_record",
            "service/summons.py:summonses_prepare",
            "service/summons_workflow.py:summons_transition",
            "filings/workflow.py:envelope_transition",
            "filings/workflow.py:filing_transition",
            "scheduling/deadlines.py:answer_deadline_from_service",
            "scheduling/deadlines.py:deadlines_from_filing",
        ],
        "a step of a gated write (an order signed, a filing accepted)",
    ),
    # Work the task worker does for a write made before the window.
    "docket/tasks.py:docket_entry_stamp": "the stamping of an accepted filing, queued",
    "docket/tasks.py:stamp_docket_entry": "the stamping of an accepted filing, queued",
    "courts/services.py:courts_load": "the courts file loaded from the command line",
    # The maintenance and incidents pages stay open during a window; the system's own.
    **dict.fromkeys(
        [
            "availability/maintenance.py:maintenance_post",
            "availability/maintenance.py:maintenance_cancel",
            "availability/incidents.py:incident_open",
            "availability/incidents.py:incident_update",
            "availability/incidents.py:incident_close",
        ],
        "the maintenance and incidents pages stay open during a window",
    ),
    "availability/incidents.py:monitor_incident_open": "the health monitor, no person",
    "availability/incidents.py:monitor_incident_close": "the health monitor, no person",
    "demo/users.py:demo_users_ensure": "the demo's setup",
}
# Not services: pages and API handlers call the services; the help desk is no court's.
SKIPPED = ("helpdesk", "migrations", "views", "pages", "api", "management")


def _calls(node) -> set[str]:
    return {
        getattr(call.func, "id", getattr(call.func, "attr", None))
        for call in ast.walk(node)
        if isinstance(call, ast.Call)
    }


def _reaching(functions: dict[str, ast.FunctionDef], seeds: set[str]) -> set[str]:
    """The functions of a module that call one of `seeds`, directly or through each other."""
    reached = {name for name, node in functions.items() if _calls(node) & seeds}
    while True:
        more = {name for name, node in functions.items() if _calls(node) & reached} - reached
        if not more:
            return reached
        reached |= more


def _ungated_writes() -> set[str]:
    """`module:function` of every public module-level function that records an audited change
    (calls audit_record) and reaches no gate, each directly or through functions of its
    module."""
    found = set()
    for path in sorted(ROOT.rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        if any(part in where for part in SKIPPED):
            continue
        functions = {
            node.name: node
            for node in ast.parse(path.read_text()).body
            if isinstance(node, ast.FunctionDef)
        }
        writing = _reaching(functions, {"audit_record"}) - _reaching(functions, GATES)
        found |= {f"{where}:{name}" for name in writing if not name.startswith("_")}
    return found


def test_every_audited_write_checks_its_court_or_says_why_not():
    ungated = _ungated_writes()
    assert ungated - NO_COURT_GATE.keys() == set(), (
        "A service that writes for a court starts with require_write (or court_writes_check); "
        "one that writes for no court is listed in NO_COURT_GATE with the reason."
    )
    assert NO_COURT_GATE.keys() - ungated == set(), "listed but gated (or gone): unlist it"


@pytest.fixture(autouse=True)
def _still(db):
    """Time stands still: Retry-After is the whole two hours of the window."""
    with time_machine.travel(clock.now(), tick=False):
        holidays_generate_year(clock.now().year)  # made on the first read of the calendar
        yield


def _window(court, *, filing=True, public_search=False) -> MaintenanceWindow:
    now = clock.now()
    window = MaintenanceWindow.objects.create(
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=2),
        affects_filing=filing,
        affects_public_search=public_search,
        message="Moving the court's records.",
        posted_at=now - timedelta(days=5),
    )
    window.courts.set([court])
    windows_forget()
    return window


def _rows() -> dict[str, int]:
    """Rows of every table (Django's sessions aside: a signed-in client keeps its own)."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.label != "sessions.Session" and model._meta.managed
    }


def _in_both(role, court, other_court):
    person = factories.court_staff(role, court)
    CourtAssignment.objects.create(user=person, court=other_court, created_at=clock.now())
    return person


def _minute(case, people):
    return people["clerk"], f"/court/cases/{case.pk}/", {"action": "minute", "text": "Continued."}


def _held(case, people):
    hearing = factories.hearing(case, people["judge"], clock.now() - timedelta(hours=3))
    data = {"action": "held", "hearing": hearing.pk}
    return people["clerk"], f"/court/cases/{case.pk}/", data


def _closure(case, people):
    day = (clock.now() + timedelta(days=40)).date().isoformat()
    url = f"/court-admin/{case.court.code}/closures/"
    return people["administrator"], url, {"date": day, "name": "Flooded courthouse"}


def _reason(case, people):
    url = f"/court-admin/{case.court.code}/rejection-reasons/"
    return people["administrator"], url, {"text": "The document is illegible."}


def _courtroom(case, people):
    url = f"/court-admin/{case.court.code}/courtrooms/"
    return people["administrator"], url, {"name": "Division 19", "active": "on"}


def _new_case_api(case, people):
    body = {"court": case.court.code, "case_type": "CC", "caption": "Lawson v. Acme Corp."}
    return people["attorney"], "/api/v1/envelopes", body


# (name, who and what): the writes sent during a window of the first court, then in the other.
WRITES = [
    ("minute entry", _minute),
    ("hearing recorded as held", _held),
    ("closure day", _closure),
    ("rejection reason", _reason),
    ("courtroom", _courtroom),
    ("API: a new case's envelope", _new_case_api),
]


@pytest.fixture
def people(court, other_court, attorney):
    return {
        "clerk": _in_both(Role.CLERK, court, other_court),
        "judge": _in_both(Role.JUDGE, court, other_court),
        "administrator": _in_both(Role.COURT_ADMINISTRATOR, court, other_court),
        "attorney": attorney,
    }


def _client(person) -> Client:
    if person.role == Role.ATTORNEY:
        name = f"firm {ApiToken.objects.count()}"
        raw = api_token_create(user=person, name=name, scope=ApiToken.Scope.FILE)[1]
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return factories.client_for(person)


def _send(client, url, data):
    if url.startswith("/api/"):
        return client.post(url, data, content_type="application/json")
    return client.post(url, data)


@pytest.mark.parametrize("name, write", WRITES, ids=[name for name, _ in WRITES])
def test_a_window_of_one_court_stops_its_writes_and_not_the_others(
    name, write, court, other_court, people
):
    window = _window(court)
    person, url, data = write(factories.case(court), people)
    client = _client(person)
    before = _rows()
    refused = _send(client, url, data)
    assert refused.status_code == 503, (name, refused.content[:400])
    assert refused["Retry-After"] == str(2 * 60 * 60)
    words = refused.content.decode()
    assert f"in the {court.name} are stopped for planned maintenance until" in words
    assert "Nothing was changed" in words
    assert _rows() == before, name

    person, url, data = write(factories.case(other_court), people)
    taken = _send(_client(person), url, data)
    assert taken.status_code in (200, 201, 302), (name, taken.content[:400])
    assert window.courts.get() == court
    # Reads stay up in the court under maintenance.
    reading = _client(people["clerk"]).get(f"/court/{court.code}/review/")
    assert reading.status_code == 200


def test_the_gate_names_the_end_in_the_courts_own_time(court, other_court):
    _window(court)
    with pytest.raises(Unavailable) as stopped:
        court_writes_check(court)
    assert stopped.value.code == "maintenance" and stopped.value.status == 503
    assert "(CST)" in stopped.value.message or "(CDT)" in stopped.value.message
    court_writes_check(other_court)  # no window there: nothing raised


def test_a_window_stopping_one_courts_public_search_stops_its_case_pages_only(
    court, other_court, client
):
    _window(court, filing=False, public_search=True)
    stopped = factories.case(court, number="26SL-CC00001")
    open_case = factories.case(other_court, number="26BA-CC00001")
    page = client.get(f"/public/cases/{stopped.number}/")
    assert page.status_code == 503 and page["Retry-After"] == str(2 * 60 * 60)
    assert f"The public case pages of the {court.name} are stopped" in page.content.decode()
    api = client.get(f"/api/v1/public/cases/{stopped.number}")
    assert api.status_code == 503 and api.json()["code"] == "maintenance"
    assert client.get(f"/public/cases/{stopped.number}/feed.atom").status_code == 503
    assert client.get(f"/public/cases/{open_case.number}/").status_code == 200
    assert client.get("/public/search/").status_code == 200
    # A case that does not exist is not found, window or not.
    assert client.get("/public/cases/26SL-CC09999/").status_code == 404


def test_the_clerk_reads_a_filing_during_the_window_and_decides_it_after(
    submitted, court, other_court, people
):
    window = _window(court)
    client = factories.client_for(people["clerk"])
    filing = submitted.filings.get()
    page = client.get(f"/court/review/{filing.pk}/")
    assert page.status_code == 200 and "Maintenance now" in page.content.decode()
    before = _rows()
    for decision in ("accept", "reject", "return"):
        refused = client.post(f"/court/review/{filing.pk}/", {"decision": decision})
        assert refused.status_code == 503 and refused["Retry-After"] == str(2 * 60 * 60)
    assert _rows() == before  # not even marked under review
    assert Envelope.objects.get(pk=submitted.pk).status == Status.SUBMITTED
    MaintenanceWindow.objects.filter(pk=window.pk).update(cancelled_at=clock.now())
    windows_forget()
    taken = client.post(f"/court/review/{filing.pk}/", {"decision": "accept"})
    assert taken.status_code == 302
    assert Envelope.objects.get(pk=submitted.pk).status == Status.ACCEPTED
