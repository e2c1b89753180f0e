"""Service of process (issue 14): from a petition asking for service by the sheriff to the
defendant's answer due date, alias summonses, returns of not found, and a sheriff of another
county refused exactly as for a summons that does not exist."""

import re
from datetime import UTC, date, datetime, time

import pytest
import time_machine

from efiling.accounts.models import Role
from efiling.audit.models import AuditEvent
from efiling.core.errors import Conflict, NotFound, ValidationFailed
from efiling.docket.models import RejectionReason
from efiling.docket.services import filing_accept, filing_reject
from efiling.filings import services as filing_services
from efiling.filings.documents import document_add
from efiling.filings.parties import party_add
from efiling.filings.receipt_data import receipt_data
from efiling.filings.service_requests import service_request_set
from efiling.filings.services import envelope_fees, envelope_submit
from efiling.payments.services import deposit, payment_account_for
from efiling.scheduling.models import Deadline
from efiling.service.models import Notice
from efiling.service.summons import (
    summons_alias_issue,
    summons_get,
    summonses_to_serve,
)
from efiling.service.summons_models import Summons
from efiling.service.summons_returns import service_return_file, service_states
from tests import factories
from tests.docket.conftest import committed, stored_pdf_text
from tests.filings.helpers import (
    acme_addressed,
    received_file,
    submitted_appearance,
    with_lead_document,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(court):
    return factories.court_staff(Role.CLERK, court, first_name="Casey", last_name="Miller")


@pytest.fixture
def sheriff(court):
    return factories.user(Role.SHERIFF, first_name="Sam", last_name="Deputy", county="Boone County")


@pytest.fixture
def issued(new_case_envelope, attorney, pdf, clerk):
    """The attorney's new case (St. Louis County) asks the Sheriff of Boone County to serve
    Acme Corp.; the clerk accepts it on October 20, 2026: the summons."""
    with time_machine.travel(datetime(2026, 10, 20, 15, tzinfo=UTC)):
        return _issued(new_case_envelope, attorney, pdf, clerk)


def _issued(new_case_envelope, attorney, pdf, clerk):
    envelope = with_lead_document(new_case_envelope, attorney, pdf)
    return _served_by_sheriff(envelope, acme_addressed(envelope), attorney, clerk)


def _served_by_sheriff(envelope, party, attorney, clerk) -> Summons:
    """`envelope` (with its lead document) asks the Sheriff of Boone County to serve `party`,
    is submitted and accepted: the summons issued."""
    service_request_set(
        envelope=envelope,
        user=attorney,
        party_id=party.pk,
        values={"manner": "sheriff", "county": "Boone County"},
    )
    envelope = envelope_submit(
        envelope=envelope, user=attorney, idempotency_key="k", signature="/s/ Avery Lawson"
    )
    with committed():
        filing_accept(clerk=clerk, filing=envelope.filings.get())
    return Summons.objects.get()


def test_petition_to_answer_due_date_across_a_holiday(sheriff, issued, attorney, court):
    summons = issued
    case = summons.case
    assert summons.status == Summons.Status.ISSUED
    entry = summons.docket_entry
    # Its PDF gives Acme's address: never on a public page or terminal.
    assert (entry.number, entry.kind, entry.security_level) == (2, "service", "confidential")
    assert entry.text == (
        "Summons issued to Acme Corp. for service by the Sheriff of Boone County."
    )
    # The sheriff's fee (court data: $20.00 in the example schedule) was held with the petition's
    # and charged with it when the clerk accepted the case.
    envelope = summons.service_request.envelope
    envelope.refresh_from_db()
    assert envelope.fee_total_cents == 14950 + 2000
    assert summons.service_request.fee_cents == 2000
    charge = envelope.fee_hold.settlements.get()
    assert (charge.kind, charge.amount_cents) == ("charge", 16950)
    # The receipt keeps the fees fixed at submission once the case exists.
    assert not envelope.is_new_case
    fees = envelope_fees(envelope)
    assert fees.total_cents == 16950
    assert [line.amount_cents for line in fees.service_lines] == [2000]
    assert receipt_data(envelope).fee_total_cents == 16950
    receipt = factories.client_for(attorney).get(f"/filings/{envelope.public_id}/receipt/")
    assert "Service by sheriff: Acme Corp.: $20.00" in receipt.content.decode()
    text = stored_pdf_text(summons.document.storage_name)
    for words in (case.number, "Lawson v. Acme Corp.", "Acme Corp.", "within 30 days after"):
        assert words in text
    assert "/s/ Casey Miller" in text
    notice = Notice.objects.get(recipient=attorney, kind=Notice.Kind.SUMMONS)
    assert notice.subject == f"{case.number}: summons issued to Acme Corp."
    told = Notice.objects.get(recipient=sheriff)
    assert told.subject == f"To serve: {case.number}: summons issued to Acme Corp."
    assert told.link == f"/summonses/{summons.pk}/"
    # The Boone County sheriff sees a St. Louis County case's summons on its list.
    assert list(summonses_to_serve(sheriff)) == [summons]
    with time_machine.travel(datetime(2026, 11, 2, 15, tzinfo=UTC)):
        [state] = service_states(case)
    # Rule 54.21: to be served and returned within 30 days of its issue on October 20.
    assert (state["state"], state["return_by"]) == ("summons issued", date(2026, 11, 19))

    # Served October 27, 2026: 30 days later is Thanksgiving, November 26 (a legal holiday),
    # so the answer is due on the next day the court is open.
    with committed():
        service_return = service_return_file(
            user=sheriff,
            summons_id=summons.pk,
            outcome="served",
            served_on=date(2026, 10, 27),
            served_time=time(14, 5),
            how_served="agent",
            person_served="Robin Registered-Agent",
        )
    summons.refresh_from_db()
    assert summons.status == Summons.Status.SERVED
    deadline = Deadline.objects.get(case=case)
    assert deadline == summons.answer_deadline
    assert deadline.title == "Answer due: Acme Corp."
    assert deadline.due_date == date(2026, 11, 27)
    assert deadline.set_by_entry == 1  # the petition: an answer responding to it answers it
    text = service_return.docket_entry.text
    served = "Return of service: Acme Corp. served Tuesday, October 27, 2026 at 2:05 p.m."
    assert text.startswith(served)
    assert "Robin" not in text  # whom the papers were handed to stays off the public docket
    assert Notice.objects.filter(
        recipient=attorney, entry_number=service_return.docket_entry.number
    ).exists()
    [state] = service_states(case)
    assert (state["state"], state["served_on"], state["answer_due"]) == (
        "served",
        date(2026, 10, 27),
        date(2026, 11, 27),
    )
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"summons.pending", "summons.issued", "summons.served"} <= actions
    assert {"service_request.set", "service_return.filed", "deadline.created"} <= actions
    with pytest.raises(Conflict):  # one return per summons
        service_return_file(user=sheriff, summons_id=summons.pk, outcome="not_found", reason="x")


def test_not_found_return_then_alias_summons(issued, attorney, clerk):
    with committed():
        service_return_file(
            user=attorney,
            summons_id=issued.pk,
            outcome="not_found",
            reason="No such business at the address; building vacant.",
        )
    issued.refresh_from_db()
    assert issued.status == Summons.Status.NOT_FOUND
    assert [s["state"] for s in service_states(issued.case)] == ["not found"]
    with committed():
        alias = summons_alias_issue(clerk=clerk, summons=issued)
    issued.refresh_from_db()
    assert issued.status == Summons.Status.REISSUED
    assert (alias.status, alias.alias_of_id) == (Summons.Status.ISSUED, issued.pk)
    assert alias.docket_entry.text.startswith("Alias summons issued to Acme Corp.")
    assert "ALIAS SUMMONS" in stored_pdf_text(alias.document.storage_name)
    assert [s["state"] for s in service_states(issued.case)] == ["summons issued"]
    with pytest.raises(Conflict):
        summons_alias_issue(clerk=clerk, summons=issued)


def test_other_county_sheriff_cannot_tell_a_summons_from_none(issued):
    other = factories.user(Role.SHERIFF, county="St. Louis County")
    refusals = []
    for summons_id in (issued.pk, issued.pk + 1000):
        with pytest.raises(NotFound) as refused:
            summons_get(user=other, summons_id=summons_id)
        refusals.append((refused.value.message, refused.value.status))
        with pytest.raises(NotFound):
            service_return_file(user=other, summons_id=summons_id, outcome="not_found", reason="x")
    assert refusals[0] == refusals[1]
    assert list(summonses_to_serve(other)) == []
    client = factories.client_for(other)
    pages = [
        client.get(f"/summonses/{summons_id}/{page}")
        for summons_id in (issued.pk, issued.pk + 1000)
        for page in ("", "summons.pdf", "return/")
    ]
    assert {page.status_code for page in pages} == {404}
    bodies = [
        page.content.replace(f"/summonses/{summons_id}/".encode(), b"/summonses/ID/")
        for page, summons_id in zip(pages, [issued.pk] * 3 + [issued.pk + 1000] * 3, strict=True)
    ]
    bodies = [re.sub(rb'name="csrfmiddlewaretoken" value="\w+"', b"", body) for body in bodies]
    assert bodies[:3] == bodies[3:]  # the same bytes (but the masked CSRF token)


def test_the_sheriffs_pages_from_work_list_to_return(issued, sheriff):
    client = factories.client_for(sheriff)
    home = client.get("/home/").content.decode()
    assert f"/summonses/{issued.pk}/" in home and "Summonses to serve in Boone County" in home
    page = client.get(f"/summonses/{issued.pk}/").content.decode()
    assert "File the return of service" in page and "Issue an alias summons" not in page
    form = client.get(f"/summonses/{issued.pk}/return/").content.decode()
    # A sheriff's summons: the ways a sheriff serves only.
    assert "Delivered to an officer or agent" in form and 'value="publication"' not in form
    assert 'value="mail"' not in form
    refused = client.post(
        f"/summonses/{issued.pk}/return/",
        {
            "outcome": "served",
            "served_on": "10/27/2026",
            "how_served": "publication",
            "person_served": "The Gazette",
        },
    )
    assert refused.status_code == 400
    assert "Choose the way of service from the list." in refused.content.decode()
    assert Summons.objects.get(pk=issued.pk).status == Summons.Status.ISSUED
    # The labels say when a field is needed, and the messages read as sentences.
    assert "(optional)" not in form.split("Time served")[0]
    assert form.count("(required when served)") == 3 and "(required when not found)" in form
    too_long = client.post(
        f"/summonses/{issued.pk}/return/", {"outcome": "not_found", "reason": "x" * 301}
    )
    assert too_long.status_code == 400
    assert "The reason not found is at most 300 characters" in too_long.content.decode()
    assert client.get(f"/summonses/{issued.pk}/summons.pdf")["Content-Type"] == "application/pdf"
    with committed():
        filed = client.post(
            f"/summonses/{issued.pk}/return/",
            {
                "outcome": "served",
                "served_on": "10/27/2026",
                "served_time": "2:05pm",
                "how_served": "agent",
                "person_served": "Robin Agent",
            },
        )
    assert filed.status_code == 302
    page = client.get(filed["Location"]).content.decode()
    assert "Served Oct. 27, 2026 at 2:05 p.m." in page
    assert "Answer due" in page and "Friday, Nov. 27, 2026" in page


def test_a_return_needs_its_facts(issued, sheriff):
    with pytest.raises(ValidationFailed) as refused:
        service_return_file(
            user=sheriff,
            summons_id=issued.pk,
            outcome="served",
            served_on=date(2026, 10, 27),
            how_served="personal",
            person_served="",
        )
    assert refused.value.field == "person_served"
    with pytest.raises(ValidationFailed) as refused:
        service_return_file(
            user=sheriff,
            summons_id=issued.pk,
            outcome="served",
            served_on=date(2020, 1, 2),
            how_served="personal",
            person_served="Pat",
        )
    assert refused.value.field == "served_on"
    with pytest.raises(ValidationFailed) as refused:  # a sheriff does not publish
        service_return_file(
            user=sheriff,
            summons_id=issued.pk,
            outcome="served",
            served_on=date(2026, 10, 27),
            how_served="publication",
            person_served="The Gazette",
        )
    assert refused.value.field == "how_served"
    assert str(refused.value) == (
        "A summons for service by sheriff is served only thus: delivered to the party "
        "personally; left at the party's dwelling with a household member over 15; delivered "
        "to an officer or agent of the organization."
    )
    # Issued Tuesday, October 20, 2026 at 10:00 a.m. (Central); now October 27 at 3:00 p.m.
    with time_machine.travel(datetime(2026, 10, 27, 20, tzinfo=UTC), tick=False):
        for day, at in ((date(2026, 10, 20), time(9, 59)), (date(2026, 10, 27), time(15, 1))):
            with pytest.raises(ValidationFailed) as refused:
                service_return_file(
                    user=sheriff,
                    summons_id=issued.pk,
                    outcome="served",
                    served_on=day,
                    served_time=at,
                    how_served="personal",
                    person_served="Pat",
                )
            assert refused.value.field == "served_time"
            assert str(refused.value) == (
                "The date and time of service is between the summons' issue (Tuesday, October "
                "20, 2026 at 10:00 a.m.) and now (Tuesday, October 27, 2026 at 3:00 p.m.), "
                "court time."
            )
        with pytest.raises(ValidationFailed) as refused:
            service_return_file(
                user=sheriff,
                summons_id=issued.pk,
                outcome="served",
                served_on=date(2026, 10, 28),
                how_served="personal",
                person_served="Pat",
            )
        assert refused.value.field == "served_on"
        assert "and now (Tuesday, October 27, 2026 at 3:00 p.m.)" in str(refused.value)
        # The minute of issue and the minute now are both allowed.
        with committed():
            service_return_file(
                user=sheriff,
                summons_id=issued.pk,
                outcome="served",
                served_on=date(2026, 10, 20),
                served_time=time(10, 0),
                how_served="personal",
                person_served="Pat",
            )


def test_the_wizard_asks_for_service_and_refuses_what_the_court_does_not_offer(
    new_case_envelope, attorney
):
    client = factories.client_for(attorney)
    url = f"/filings/{new_case_envelope.public_id}/service/"
    acme = new_case_envelope.parties.get(organization_name="Acme Corp.")
    page = client.get(url)
    assert page.status_code == 200
    assert "Pat Lawson" not in page.content.decode().split("Ask for service on a party")[1]
    # No address: a sheriff, a process server or the mail has nowhere to deliver the summons.
    for manner in ("sheriff", "certified_mail"):
        refused = client.post(url, {"party": acme.pk, "manner": manner, "county": "Boone County"})
        assert refused.status_code == 422
        assert "Add Acme Corp.&#x27;s address (edit the party) first" in refused.content.decode()
    assert not new_case_envelope.service_requests.exists()
    published = client.post(url, {"party": acme.pk, "manner": "publication"})
    assert published.status_code == 302  # publication needs no address
    acme_addressed(new_case_envelope)
    refused = client.post(url, {"party": acme.pk, "manner": "sheriff", "county": "Atlantis"})
    assert refused.status_code == 400
    assert "Choose the county of the sheriff from the list." in refused.content.decode()
    page = page.content.decode()
    assert "(required for service by sheriff)" in page and "(optional)" not in page
    refused = client.post(url, {"party": acme.pk, "manner": "pigeon"})
    assert "Choose the manner of service from the list." in refused.content.decode()
    done = client.post(
        url,
        {
            "party": acme.pk,
            "manner": "special_process_server",
            "process_server": "Quinn Server",
            "appointment_request": "A licensed process server of St. Louis County.",
        },
    )
    assert done.status_code == 302
    asked = new_case_envelope.service_requests.get()
    assert (asked.manner, asked.process_server) == ("special_process_server", "Quinn Server")
    fees = client.get(f"/filings/{new_case_envelope.public_id}/fees/").content.decode()
    assert "Service by special process server: Acme Corp." in fees


def test_a_summons_whose_issue_was_lost_is_issued_by_the_resume(
    new_case_envelope, attorney, pdf, clerk
):
    from datetime import timedelta

    from efiling.core import clock
    from efiling.service.summons import summonses_resume

    envelope = with_lead_document(new_case_envelope, attorney, pdf)
    acme = acme_addressed(envelope)
    service_request_set(
        envelope=envelope, user=attorney, party_id=acme.pk, values={"manner": "certified_mail"}
    )
    envelope = envelope_submit(
        envelope=envelope, user=attorney, idempotency_key="k", signature="/s/ Avery Lawson"
    )
    filing_accept(clerk=clerk, filing=envelope.filings.get())  # its after-commit work is lost
    summons = Summons.objects.get()
    assert summons.status == Summons.Status.PENDING
    assert summonses_resume() == []  # not overdue yet
    with time_machine.travel(clock.now() + timedelta(minutes=16)):
        assert summonses_resume() == [summons.pk]
    summons.refresh_from_db()
    assert summons.status == Summons.Status.ISSUED
    assert summons.docket_entry.text == (
        "Summons issued to Acme Corp. for service by certified mail."
    )


def _answer(case, signer, pdf, court, key: str):
    """`signer`'s answer responding to the petition (docket entry 1), submitted."""
    envelope = filing_services.draft_create(user=signer, court=court, case_number=case.number)
    filing_services.filing_add(envelope=envelope, user=signer, code="ANS", responds_to=1)
    return filing_services.envelope_submit(
        envelope=with_lead_document(envelope, signer, pdf),
        user=signer,
        idempotency_key=key,
        signature=f"/s/ {signer.get_full_name()}",
    ).filings.get()


def test_only_the_served_partys_own_accepted_answer_answers_its_deadline(
    issued, sheriff, attorney, clerk, court, pdf
):
    case = issued.case
    acme = issued.party
    with committed():
        service_return_file(
            user=sheriff,
            summons_id=issued.pk,
            outcome="served",
            served_on=date(2026, 10, 27),
            how_served="agent",
            person_served="Robin Agent",
        )
    deadline = Deadline.objects.get(case=case)
    assert deadline.party == acme

    def answered() -> bool:
        deadline.refresh_from_db()
        return deadline.satisfied_at is not None

    # The plaintiff's attorney responding to the petition answers no defendant's deadline.
    filing_accept(clerk=clerk, filing=_answer(case, attorney, pdf, court, "p"))
    assert not answered()
    # Acme's counsel appears; their answer, submitted only and then rejected, answers nothing.
    defense = factories.user(Role.ATTORNEY, first_name="Dana", last_name="Defense")
    deposit(account=payment_account_for(defense), amount_cents=100_000, reference="test")
    filing_accept(clerk=clerk, filing=submitted_appearance(court, defense, case, pdf, [acme.pk]))
    rejected = _answer(case, defense, pdf, court, "d1")
    assert not answered()
    filing_reject(clerk=clerk, filing=rejected, reason_id=RejectionReason.objects.first().pk)
    assert not answered()
    assert [s["state"] for s in service_states(case)] == ["served"]
    # Their answer accepted answers Acme's deadline, at its filing time.
    accepted = _answer(case, defense, pdf, court, "d2")
    assert not answered()
    filing_accept(clerk=clerk, filing=accepted)
    assert answered()
    assert deadline.satisfied_at == accepted.envelope.submitted_at
    assert [s["state"] for s in service_states(case)] == ["answered"]


def _appearance_with_answer(issued, sheriff, court, pdf):
    """Acme served; its new counsel's one envelope: an entry of appearance for Acme and an
    answer responding to the petition (the entry the summons names), submitted. Returns
    (envelope, entry of appearance, answer, Acme's answer deadline)."""
    case, acme = issued.case, issued.party
    with committed():
        service_return_file(
            user=sheriff,
            summons_id=issued.pk,
            outcome="served",
            served_on=date(2026, 10, 27),
            how_served="agent",
            person_served="Robin Agent",
        )
    defense = factories.user(Role.ATTORNEY, first_name="Dana", last_name="Defense")
    deposit(account=payment_account_for(defense), amount_cents=100_000, reference="test")
    envelope = filing_services.draft_create(user=defense, court=court, case_number=case.number)
    with pytest.raises(ValidationFailed, match="no docket entry 1 that you can see"):
        filing_services.filing_add(envelope=envelope, user=defense, code="ANS", responds_to=1)
    eoa = filing_services.filing_add(
        envelope=envelope, user=defense, code="EOA", appearing_for=[acme.pk]
    )
    answer = filing_services.filing_add(envelope=envelope, user=defense, code="ANS", responds_to=1)
    with pytest.raises(ValidationFailed, match="no docket entry 2 that you can see"):
        filing_services.filing_add(envelope=envelope, user=defense, code="MOT", responds_to=2)
    for filing in (eoa, answer):
        document_add(
            envelope=envelope,
            user=defense,
            filing=filing,
            kind="lead",
            title=filing.filing_code.name,
            received=received_file(pdf(f"{filing.pk}.pdf")),
        )
    envelope = filing_services.envelope_submit(
        envelope=envelope, user=defense, idempotency_key="both", signature="/s/ Dana Defense"
    )
    return envelope, eoa, answer, Deadline.objects.get(case=case, party=acme)


@pytest.mark.parametrize("answer_first", [False, True], ids=["appearance-first", "answer-first"])
def test_an_answer_filed_with_the_appearance_answers_in_either_order(
    issued, sheriff, clerk, court, pdf, answer_first
):
    envelope, eoa, answer, deadline = _appearance_with_answer(issued, sheriff, court, pdf)
    for filing in (answer, eoa) if answer_first else (eoa, answer):
        filing_accept(clerk=clerk, filing=filing)
    deadline.refresh_from_db()
    assert deadline.satisfied_at == envelope.submitted_at
    assert [s["state"] for s in service_states(issued.case)] == ["answered"]


def test_an_answer_whose_appearance_is_rejected_answers_nothing(issued, sheriff, clerk, court, pdf):
    _, eoa, answer, deadline = _appearance_with_answer(issued, sheriff, court, pdf)
    filing_accept(clerk=clerk, filing=answer)
    filing_reject(clerk=clerk, filing=eoa, reason_id=RejectionReason.objects.first().pk)
    deadline.refresh_from_db()
    assert deadline.satisfied_at is None
    assert [s["state"] for s in service_states(issued.case)] == ["served"]


def test_a_summons_prints_latin_letters_and_refuses_what_it_cannot_print(
    new_case_envelope, attorney, pdf, clerk
):
    envelope = with_lead_document(new_case_envelope, attorney, pdf)
    polish, chinese = (
        party_add(
            envelope=envelope,
            user=attorney,
            represented=False,
            values={
                "kind": "person",
                "role": "respondent",
                "first_name": first,
                "last_name": last,
                "address_line1": "12 Żółkiewskiego Street",
                "city": "Clayton",
                "state": "MO",
                "postal_code": "63105",
            },
        )
        for first, last in (("Łukasz", "Wójcik Ślęzą"), ("小龍", "李"))
    )
    with pytest.raises(ValidationFailed) as refused:
        service_request_set(
            envelope=envelope,
            user=attorney,
            party_id=chinese.pk,
            values={"manner": "sheriff", "county": "Boone County"},
        )
    assert str(refused.value) == (
        "A summons cannot print 小, 龍, 李 of 小龍 李's name or address: give them in Latin "
        "letters (edit the party) before asking for service."
    )
    summons = _served_by_sheriff(envelope, polish, attorney, clerk)
    text = stored_pdf_text(summons.document.storage_name)
    assert "Łukasz Wójcik Ślęzą" in text and "12 Żółkiewskiego Street" in text
