"""An entry of appearance names the parties it is made for (issue 12, Service): chosen when the
filing is added into a case the filer may see, represented by the signer once the clerk accepts
it, so the docket text names them and they leave the "serve conventionally" list."""

import pytest
from django.test import Client

from efiling.accounts.models import ApiToken, Role
from efiling.accounts.tokens import api_token_create
from efiling.audit.models import AuditEvent
from efiling.cases.models import Party
from efiling.core.errors import ValidationFailed
from efiling.docket.services import filing_accept
from efiling.filings import services
from efiling.filings.appearance import CHOOSE_PARTIES, appearances_named
from efiling.filings.certificate import certificate_data, certificate_pdf
from efiling.filings.documents import document_add
from efiling.filings.receipt import receipt_pdf, receipt_text
from efiling.filings.receipt_data import receipt_data
from efiling.filings.service_list import CONVENTIONAL, case_service_list
from tests import factories
from tests.filings.helpers import received_file, submitted_appearance
from tests.service.test_serving import pdf_text


@pytest.fixture
def case(court):
    """A public case: Pat Lawson (counsel of record: Olive Opposing) against Acme Roofing, LLC
    (no attorney yet)."""
    opposing = factories.user(Role.ATTORNEY, first_name="Olive", last_name="Opposing")
    case = factories.case(court, counsel=[opposing], number="26SL-CC00001")
    pat = Party.objects.create(
        case=case, kind="person", role="plaintiff", first_name="Pat", last_name="Lawson"
    )
    pat.represented_by.add(opposing)
    Party.objects.create(
        case=case,
        kind="organization",
        role="defendant",
        organization_name="Acme Roofing, LLC",
        address_line1="2 Elm Street",
        city="St. Louis",
    )
    return case


def _acme(case) -> Party:
    return case.parties.get(organization_name="Acme Roofing, LLC")


def _draft(court, attorney, case):
    envelope = services.draft_create(user=attorney, court=court, case_number=case.number)
    assert envelope.case == case  # a public case: the filer sees it
    return envelope


def test_only_the_cases_parties_and_only_on_an_entry_of_appearance(court, attorney, case):
    other = factories.case(court, number="26SL-CC00002")
    stranger = Party.objects.create(
        case=other, kind="person", role="plaintiff", first_name="Sam", last_name="Else"
    )
    envelope = _draft(court, attorney, case)
    for code, ids in [("EOA", [stranger.pk]), ("EOA", [_acme(case).pk, 10**30]), ("MOT", [1])]:
        with pytest.raises(ValidationFailed) as refused:
            services.filing_add(envelope=envelope, user=attorney, code=code, appearing_for=ids)
        assert refused.value.field == "appearing_for" and refused.value.status == 422
    assert not envelope.filings.exists()


def test_an_entry_of_appearance_without_parties_cannot_be_submitted(court, attorney, case):
    envelope = _draft(court, attorney, case)
    services.filing_add(envelope=envelope, user=attorney, code="EOA")
    assert CHOOSE_PARTIES in services.envelope_problems(envelope)


def test_accepting_it_makes_the_party_represented(court, attorney, case, pdf):
    acme = _acme(case)
    assert [e.channel for e in case_service_list(case, filer_ids=set())].count(CONVENTIONAL) == 1
    envelope = _draft(court, attorney, case)
    eoa = services.filing_add(
        envelope=envelope, user=attorney, code="EOA", appearing_for=[acme.pk, acme.pk]
    )
    assert list(eoa.appearing_for.all()) == [acme]
    document_add(
        envelope=envelope,
        user=attorney,
        filing=eoa,
        kind="lead",
        title="Entry",
        received=received_file(pdf("eoa.pdf")),
    )
    assert services.envelope_problems(envelope) == []
    services.envelope_submit(
        envelope=envelope, user=attorney, idempotency_key="e", signature="/s/ Avery Lawson"
    )
    clerk = factories.court_staff(Role.CLERK, court)
    entry = filing_accept(clerk=clerk, filing=eoa)
    assert "on behalf of Acme Roofing, LLC" in entry.text
    assert list(acme.represented_by.all()) == [attorney]
    assert case.counsel.filter(user=attorney).exists()
    listed = case_service_list(case, filer_ids=set())
    assert CONVENTIONAL not in [e.channel for e in listed]
    audited = AuditEvent.objects.get(action="docket_entry.created", object_id=str(entry.pk))
    assert audited.details["appearing_for"] == [acme.pk]


def test_the_documents_step_offers_the_parties_and_stores_the_choice(court, attorney, case):
    envelope = _draft(court, attorney, case)
    client = factories.client_for(attorney)
    url = f"/filings/{envelope.public_id}/documents/"
    page = client.get(url).content.decode()
    assert "Parties you appear for (entry of appearance only)" in page
    assert 'type="checkbox" name="appearing_for"' in page
    assert "Acme Roofing, LLC (Defendant)" in page and "Pat Lawson (Plaintiff)" in page
    acme = _acme(case)
    refused = client.post(url, {"code": "MOT", "appearing_for": [str(acme.pk)]})
    assert refused.status_code == 422
    assert "usa-error-message" in refused.content.decode()
    added = client.post(url, {"code": "EOA", "appearing_for": [str(acme.pk)]})
    assert added.status_code == 302
    assert list(envelope.filings.get().appearing_for.all()) == [acme]
    assert "Appearing for: Acme Roofing, LLC (Defendant)." in client.get(url).content.decode()


def test_a_case_named_by_number_only_offers_no_choice(court, attorney, case):
    case.security_level = "sealed"
    case.save(update_fields=["security_level"])
    envelope = services.draft_create(user=attorney, court=court, case_number=case.number)
    assert envelope.case is None
    page = factories.client_for(attorney).get(f"/filings/{envelope.public_id}/documents/")
    assert "appearing_for" not in page.content.decode()
    assert "Acme" not in page.content.decode()
    with pytest.raises(ValidationFailed):
        services.filing_add(
            envelope=envelope, user=attorney, code="EOA", appearing_for=[_acme(case).pk]
        )
    services.filing_add(envelope=envelope, user=attorney, code="EOA")
    assert CHOOSE_PARTIES not in services.envelope_problems(envelope)


def test_the_api_names_the_parties(court, attorney, case):
    acme = _acme(case)
    shown = {"id": acme.pk, "name": "Acme Roofing, LLC", "role": "defendant"}
    counsel = case.counsel.get().user  # GetCase is for those taking part in the case
    read = api_token_create(user=counsel, name="firm", scope=ApiToken.Scope.READ)[1]
    got = Client(HTTP_AUTHORIZATION=f"Bearer {read}").get(f"/api/v1/cases/{case.pk}")
    assert shown in got.json()["parties"]
    token = api_token_create(user=attorney, name="firm", scope=ApiToken.Scope.FILE)[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    envelope = client.post(
        "/api/v1/envelopes",
        {"court": "SL", "case_number": case.number},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="env-1",
    ).json()
    assert shown in envelope["case_parties"]  # an appearing attorney chooses from these
    url = f"/api/v1/envelopes/{envelope['id']}/filings"
    refused = client.post(
        url,
        {"code": "MOT", "appearing_for": [acme.pk]},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="add-1",
    )
    assert refused.status_code == 422 and refused.json()["field"] == "appearing_for"
    too_many = client.post(
        url,
        {"code": "EOA", "appearing_for": list(range(1, 52))},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="add-2",
    )
    assert too_many.status_code == 422
    added = client.post(
        url,
        {"code": "EOA", "appearing_for": [acme.pk]},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="add-3",
    )
    assert added.status_code == 201, added.content
    assert added.json()["filings"][0]["appearing_for"] == [acme.pk]
    assert added.json()["filings"][0]["appearing_for_names"] == ["Acme Roofing, LLC"]


def test_the_receipt_and_the_certificate_name_the_parties_appeared_for(court, attorney, case, pdf):
    pat, acme = case.parties.get(first_name="Pat"), _acme(case)
    envelope = _draft(court, attorney, case)
    eoa = services.filing_add(
        envelope=envelope, user=attorney, code="EOA", appearing_for=[acme.pk, pat.pk]
    )
    document_add(
        envelope=envelope,
        user=attorney,
        filing=eoa,
        kind="lead",
        title="Entry",
        received=received_file(pdf("eoa.pdf")),
    )
    envelope = services.envelope_submit(
        envelope=envelope, user=attorney, idempotency_key="e", signature="/s/ Avery Lawson"
    )
    line = "Entry of appearance for: Pat Lawson, Acme Roofing, LLC"  # the case's order
    assert line in receipt_text(receipt_data(envelope))
    assert line in pdf_text(receipt_pdf(receipt_data(envelope)))
    assert line in pdf_text(certificate_pdf(certificate_data(envelope)))
    client = factories.client_for(attorney)
    page = client.get(f"/filings/{envelope.public_id}/receipt/").content.decode()
    assert "<dt>Entry of appearance for</dt><dd>Pat Lawson, Acme Roofing, LLC</dd>" in page


def test_an_entry_of_appearance_naming_nobody_adds_no_line(court, attorney, case, pdf):
    envelope = _draft(court, attorney, case)
    services.filing_add(envelope=envelope, user=attorney, code="EOA")  # names nobody
    assert appearances_named(envelope) == []


WARNED = (
    "Pat Lawson is already represented by Olive Opposing: accepting makes Avery Lawson their "
    "attorney too (substitution of counsel needs the other attorney&#x27;s withdrawal)."
)


def test_the_clerk_sees_whom_it_appears_for_and_who_already_represents_them(
    court, attorney, case, pdf
):
    """QA trial of issue 12: opposing counsel's entry of appearance for Alice's client was
    invisible to the clerk. It is not refused (substitution is legitimate); the clerk is told."""
    pat, acme = case.parties.get(first_name="Pat"), _acme(case)
    eoa = submitted_appearance(court, attorney, case, pdf, [pat.pk, acme.pk])
    clerk = factories.court_staff(Role.CLERK, court)
    page = factories.client_for(clerk).get(f"/court/review/{eoa.pk}/").content.decode()
    assert "<li>Appearing for: Pat Lawson (Plaintiff)</li>" in page
    assert "<li>Appearing for: Acme Roofing, LLC (Defendant)</li>" in page
    assert page.count('class="usa-alert usa-alert--warning" role="region"') == 1  # Pat only
    assert f'aria-labelledby="represented-{pat.pk}"' in page
    assert f'id="represented-{pat.pk}">Pat Lawson already has an attorney</h3>' in page
    assert WARNED in page
    assert "Accept and docket" in page  # the clerk decides


def test_no_warning_when_the_signer_already_represents_the_party(court, case, pdf):
    olive = case.counsel.get().user
    pat = case.parties.get(first_name="Pat")
    eoa = submitted_appearance(court, olive, case, pdf, [pat.pk])
    clerk = factories.court_staff(Role.CLERK, court)
    page = factories.client_for(clerk).get(f"/court/review/{eoa.pk}/").content.decode()
    assert "<li>Appearing for: Pat Lawson (Plaintiff)</li>" in page
    assert "already represented" not in page and "usa-alert--warning" not in page


def test_the_filer_sees_which_parties_already_have_counsel(court, attorney, case):
    envelope = _draft(court, attorney, case)
    page = factories.client_for(attorney).get(f"/filings/{envelope.public_id}/documents/")
    text = page.content.decode()
    assert "Pat Lawson (Plaintiff) (represented by Olive Opposing)" in text
    assert "Acme Roofing, LLC (Defendant)</label>" in text  # no counsel: nothing added
    olive = case.counsel.get().user
    own = _draft(court, olive, case)  # her own client: nothing to say
    text = factories.client_for(olive).get(f"/filings/{own.public_id}/documents/")
    assert "represented by" not in text.content.decode()


def test_the_counsel_page_lists_each_attorneys_clients(court, case):
    clerk = factories.court_staff(Role.CLERK, court)
    page = factories.client_for(clerk).get(f"/court/cases/{case.pk}/counsel/").content.decode()
    assert '<th scope="col">Represents</th>' in page
    assert "<td>Pat Lawson (Plaintiff)</td>" in page
