"""Associate circuit return dates (issue 14, courts.return_dates): an AC summons names the day
the defendant must appear, set at issue from the court's data (the first court day at least
min_days after issue, with the court's calendar); a served return makes that day the party's
deadline ("Appear on return date"); service too close to it is shown as a problem."""

import json
import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client

from efiling.accounts.models import ApiToken, Role
from efiling.accounts.tokens import api_token_create
from efiling.core.errors import ValidationFailed
from efiling.courts.calendar import holidays_generate_year
from efiling.courts.models import CaseType, FilingCode
from efiling.courts.return_dates import (
    return_date_default,
    return_date_rule,
    return_date_rule_problem,
)
from efiling.courts.service_terms import service_of_process_problem, service_terms
from efiling.courts.services import court_policy
from efiling.docket.services import filing_accept
from efiling.feeds.services import calendar_for
from efiling.filings import services as filing_services
from efiling.filings.parties import party_add
from efiling.filings.service_requests import service_request_set
from efiling.scheduling.models import Deadline
from efiling.service.summons_models import Summons
from efiling.service.summons_returns import return_date_problem, service_return_file, service_states
from tests import factories
from tests.docket.conftest import committed, stored_pdf_text
from tests.filings.helpers import acme_addressed, with_lead_document

pytestmark = pytest.mark.django_db

RULE = {"min_days": 30, "max_days": 60, "served_days_before": 10, "time": "09:00"}
RULE_TIME = return_date_rule(RULE).appear_time


@pytest.fixture
def clerk(court):
    return factories.court_staff(Role.CLERK, court, first_name="Casey", last_name="Miller")


@pytest.fixture
def sheriff(court):
    return factories.user(Role.SHERIFF, first_name="Sam", last_name="Deputy", county="Boone County")


def _ac_petition(court) -> FilingCode:
    return FilingCode.objects.get(court=court, code="PET", case_type__code="AC")


def _ac_summons(court, attorney, pdf, clerk, *, issued_at) -> Summons:
    """An associate circuit case of `attorney` against Acme Corp., asking the Sheriff of Boone
    County to serve it, accepted by the clerk at `issued_at`: the summons."""
    envelope = filing_services.draft_create(
        user=attorney,
        court=court,
        case_type=CaseType.objects.get(code="AC"),
        caption="Lawson v. Acme Corp.",
    )
    filing_services.filing_add(envelope=envelope, user=attorney, code="PET")
    for represented, values in [
        (
            True,
            {"kind": "person", "role": "petitioner", "first_name": "Pat", "last_name": "Lawson"},
        ),
        (False, {"kind": "organization", "role": "respondent", "organization_name": "Acme Corp."}),
    ]:
        party_add(envelope=envelope, user=attorney, represented=represented, values=values)
    envelope = with_lead_document(envelope, attorney, pdf)
    acme = acme_addressed(envelope)
    service_request_set(
        envelope=envelope,
        user=attorney,
        party_id=acme.pk,
        values={"manner": "sheriff", "county": "Boone County"},
    )
    envelope = filing_services.envelope_submit(
        envelope=envelope, user=attorney, idempotency_key="ac", signature="/s/ Avery Lawson"
    )
    with time_machine.travel(issued_at), committed():
        filing_accept(clerk=clerk, filing=envelope.filings.get())
    return Summons.objects.get()


def _serve(sheriff, summons, served_on):
    with committed():
        return service_return_file(
            user=sheriff,
            summons_id=summons.pk,
            outcome="served",
            served_on=served_on,
            how_served="agent",
            person_served="Robin Agent",
        )


# ---------------------------------------------------------------------------- the data


def test_a_return_date_rule_is_checked():
    assert return_date_rule_problem(RULE) is None
    assert return_date_rule_problem({**RULE, "division": "Division 12"}) is None
    for bad, words in [
        ({"min_days": 30}, '"min_days", "max_days" and "served_days_before"'),
        ({**RULE, "min_days": 0}, "min_days of 1"),
        ({**RULE, "max_days": 20}, "max_days of min_days"),
        ({**RULE, "served_days_before": 31}, "served_days_before of 1 to min_days"),
        ({**RULE, "time": "9 am"}, '"HH:MM"'),
        ({**RULE, "division": "x" * 61}, "division of at most 60"),
        ({**RULE, "room": "3"}, "has only"),
    ]:
        assert words in return_date_rule_problem(bad)
    item = {"fee_cents": 2000, "return_date": RULE}
    assert service_of_process_problem({"sheriff": item}) is None
    both = {"sheriff": {**item, "answer_days": 30}}
    assert "either an" in service_of_process_problem(both)
    assert "return_date that has max_days" in service_of_process_problem(
        {"sheriff": {**item, "return_date": {**RULE, "max_days": 1}}}
    )
    assert "no runs_from" in service_of_process_problem(
        {"sheriff": {**item, "runs_from": "service"}}
    )


def test_the_courts_ac_petition_sets_a_return_date_and_cc_an_answer_period(court):
    ac = service_terms(filing_code=_ac_petition(court), manner="sheriff")
    assert ac.answer_days is None and ac.return_date == return_date_rule(RULE)
    publication = service_terms(filing_code=_ac_petition(court), manner="publication")
    assert (publication.answer_days, publication.return_date) == (45, None)
    cc_code = FilingCode.objects.get(court=court, code="PET", case_type__code="CC")
    cc = service_terms(filing_code=cc_code, manner="sheriff")
    assert (cc.answer_days, cc.return_date) == (30, None)


def test_the_default_return_date_is_the_first_court_day_min_days_after_issue(court):
    holidays_generate_year(2026)
    rule = return_date_rule(RULE)
    # Issued October 27, 2026: 30 days later is Thanksgiving (November 26): the next court day.
    assert return_date_default(court=court, rule=rule, issued_on=date(2026, 10, 27)) == date(
        2026, 11, 27
    )
    # Issued October 31: November 30 is a Monday.
    assert return_date_default(court=court, rule=rule, issued_on=date(2026, 10, 31)) == date(
        2026, 11, 30
    )
    tight = return_date_rule({**RULE, "min_days": 30, "max_days": 30})
    with pytest.raises(ValidationFailed, match="no return date fits"):
        return_date_default(court=court, rule=tight, issued_on=date(2026, 10, 27))


# ---------------------------------------------------------------------------- the chain


def test_an_ac_summons_names_its_return_date_which_a_served_return_makes_the_deadline(
    court, attorney, pdf, clerk, sheriff
):
    summons = _ac_summons(
        court, attorney, pdf, clerk, issued_at=datetime(2026, 10, 27, 15, tzinfo=UTC)
    )
    assert summons.status == Summons.Status.ISSUED
    assert (summons.return_date, summons.return_time) == (date(2026, 11, 27), RULE_TIME)
    text = re.sub(r"\s+", " ", stored_pdf_text(summons.document.storage_name))
    assert "You must appear before this court on Friday, November 27, 2026 at 9:00 a.m." in text
    assert "within 30 days" not in text and "a.m.." not in text
    work_list = factories.client_for(sheriff).get("/home/").content.decode()
    assert "Nov. 27, 2026" in work_list
    page = factories.client_for(sheriff).get(f"/summonses/{summons.pk}/").content.decode()
    assert "The party must appear on Friday, November 27, 2026 at 9:00 a.m.</dd>" in page
    token = api_token_create(user=attorney, name="their-system", scope=ApiToken.Scope.READ)[1]
    fetched = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get(f"/api/v1/summonses/{summons.pk}")
    assert fetched.status_code == 200, fetched.content
    assert {k: fetched.json()[k] for k in ("return_date", "return_time", "return_division")} == {
        "return_date": "2026-11-27",
        "return_time": "09:00",
        "return_division": "",
    }
    case = summons.case
    assert service_states(case)[0]["appear"] is True

    _serve(sheriff, summons, date(2026, 11, 2))
    summons.refresh_from_db()
    deadline = Deadline.objects.get(case=case)
    assert deadline == summons.answer_deadline
    assert deadline.title == "Appear on return date: Acme Corp."
    assert deadline.due_date == date(2026, 11, 27)
    assert deadline.set_by_entry == 1 and deadline.party == summons.party
    assert "RSMo 517.041" in deadline.source
    [state] = service_states(case)
    assert (state["state"], state["answer_due"], state["problem"]) == (
        "served",
        date(2026, 11, 27),
        None,
    )
    case_page = factories.client_for(attorney).get(f"/cases/{case.pk}/").content.decode()
    assert "appear on return date Friday, Nov. 27, 2026" in case_page
    assert "Problem:" not in case_page
    with time_machine.travel(datetime(2026, 11, 20, 15, tzinfo=UTC)):
        feed = calendar_for(attorney).decode()
    assert "Appear on return date: Acme Corp." in feed.replace("\r\n ", "")


def test_service_too_close_to_the_return_date_is_a_problem(court, attorney, pdf, clerk, sheriff):
    summons = _ac_summons(
        court, attorney, pdf, clerk, issued_at=datetime(2026, 10, 27, 15, tzinfo=UTC)
    )
    client = factories.client_for(sheriff)
    response = client.post(
        f"/summonses/{summons.pk}/return/",
        {
            "outcome": "served",
            "served_on": "2026-11-20",
            "how_served": "agent",
            "person_served": "Robin Agent",
        },
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    warning = (
        "Served 7 days before the return date (Friday, November 27, 2026); the court requires "
        "at least 10 days: the return date is too close"
    )
    assert warning in page.replace("&#x27;", "'")
    [state] = service_states(summons.case)
    assert state["state"] == "served" and warning in state["problem"]
    case_page = factories.client_for(attorney).get(f"/cases/{summons.case.pk}/").content.decode()
    assert "Problem:" in case_page
    # The deadline is still the return date: the court continues the case.
    assert Deadline.objects.get(case=summons.case).due_date == date(2026, 11, 27)


def test_a_division_the_court_names_is_printed(court, attorney, pdf, clerk):
    code = _ac_petition(court)
    code.service_of_process["sheriff"]["return_date"]["division"] = "Division 12"
    code.save(update_fields=["service_of_process"])
    summons = _ac_summons(
        court, attorney, pdf, clerk, issued_at=datetime(2026, 10, 27, 15, tzinfo=UTC)
    )
    assert summons.return_division == "Division 12"
    text = re.sub(r"\s+", " ", stored_pdf_text(summons.document.storage_name))
    assert "on Friday, November 27, 2026 at 9:00 a.m. in Division 12." in text


def test_the_admin_takes_a_return_date_rule_and_refuses_a_bad_one(court):
    from tests.courts.test_fees import _admin_client, _admin_form

    client, _ = _admin_client()
    bad = {"sheriff": {"fee_cents": 2000, "return_date": {**RULE, "served_days_before": 45}}}
    refused = client.post(
        "/admin/courts/filingcode/add/",
        _admin_form(court, initiating="on", service_of_process=json.dumps(bad)),
    )
    assert refused.status_code == 200
    assert b"a return_date that has served_days_before of 1 to min_days" in refused.content
    good = {"sheriff": {"fee_cents": 2000, "return_date": {**RULE, "division": "Division 12"}}}
    response = client.post(
        "/admin/courts/filingcode/add/",
        _admin_form(court, initiating="on", service_of_process=json.dumps(good)),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = FilingCode.objects.get(court=court, code="LOCAL")
    assert service_terms(filing_code=row, manner="sheriff").return_date.division == "Division 12"


@pytest.mark.parametrize(
    ("served_on", "words"),
    [
        (date(2026, 11, 17), None),  # 10 days before: in time
        (date(2026, 11, 18), "Served 9 days before the return date"),
        (date(2026, 11, 26), "Served 1 day before the return date"),
        (date(2026, 11, 27), "Served on the return date"),
        (date(2026, 11, 28), "Served after the return date"),
    ],
)
def test_service_is_timely_only_served_days_before_the_return_date(
    court, attorney, pdf, clerk, sheriff, served_on, words
):
    # The summons stays valid for service 60 days (court policy, Rule 54.21), past its return
    # date, so that service after the return date can be returned.
    policy = court_policy(court=court)
    policy.summons_return_days = 60
    policy.save(update_fields=["summons_return_days"])
    summons = _ac_summons(
        court, attorney, pdf, clerk, issued_at=datetime(2026, 10, 27, 15, tzinfo=UTC)
    )
    _serve(sheriff, summons, served_on)
    summons.refresh_from_db()
    problem = return_date_problem(summons)
    assert problem is None if words is None else problem.startswith(words)
