"""Drafts into cases the filer may not see, existence oracles, audited reads and notices of
non-public material (issue 9, section 1)."""

import pytest
from django.test import Client

from efiling.accounts.models import ApiToken, Role
from efiling.accounts.tokens import api_token_create
from efiling.audit.models import AuditEvent
from efiling.cases.models import Party, SecurityLevel
from efiling.core.errors import ValidationFailed
from efiling.docket.services import (
    filing_accept,
    filing_reject,
    minute_entry_add,
    rejection_reasons,
)
from efiling.filings import services
from efiling.filings.documents import document_add
from efiling.filings.models import Envelope, Status
from efiling.filings.parties import party_add
from efiling.payments.services import deposit, payment_account_for
from efiling.service.models import Notice
from tests import factories
from tests.docket.conftest import order_signed
from tests.filings.helpers import received_file

HIDDEN_NUMBER = "26SL-PN00001"
MISSING_NUMBER = "26SL-PN00002"
RESPONDENT = "Rhonda Respondent"


@pytest.fixture
def insider(court):
    return factories.user(
        Role.ATTORNEY, first_name="Ines", last_name="Insider", email="ines@example.test"
    )


@pytest.fixture
def hidden_case(court, insider):
    """A protection-order case (confidential by its type): its respondent's name must never
    reach anyone outside it."""
    case = factories.case(
        court,
        counsel=[insider],
        case_type="PN",
        number=HIDDEN_NUMBER,
        caption=f"Petitioner v. {RESPONDENT}",
        security_level=SecurityLevel.CONFIDENTIAL,
    )
    Party.objects.create(
        case=case, kind="person", role="respondent", first_name="Rhonda", last_name="Respondent"
    )
    return case


@pytest.fixture
def outsider(court):
    person = factories.user(Role.ATTORNEY, first_name="Otto", last_name="Outsider")
    deposit(account=payment_account_for(person), amount_cents=100_000, reference="t")
    return person


def _api(user) -> Client:
    token = api_token_create(user=user, name="t", scope=ApiToken.Scope.FILE)[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _create(client, number: str):
    return client.post(
        "/api/v1/envelopes", {"court": "SL", "case_number": number}, content_type="application/json"
    )


def _comparable(body: dict) -> dict:
    return {k: v for k, v in body.items() if k not in {"id", "case_number"}}


LEAKS = (RESPONDENT, "Respondent", "Ines", "Insider", "ines@example.test", "Petitioner v.")


def _assert_no_leak(text: str):
    for secret in LEAKS:
        assert secret not in text, secret


def test_a_draft_into_a_hidden_case_is_answered_as_one_into_no_case(hidden_case, outsider, court):
    client = _api(outsider)
    hidden, missing = _create(client, HIDDEN_NUMBER), _create(client, MISSING_NUMBER)
    assert hidden.status_code == missing.status_code == 201
    assert _comparable(hidden.json()) == _comparable(missing.json())
    assert hidden.json()["case_number"] == HIDDEN_NUMBER and hidden.json()["caption"] == ""
    _assert_no_leak(hidden.content.decode())
    envelope = Envelope.objects.get(public_id=hidden.json()["id"])
    assert envelope.case is None and envelope.names_unseen_case
    # Lower case and spaces are the same number.
    assert _create(client, " 26sl-pn 00001 ").json()["case_number"] == HIDDEN_NUMBER
    # The filer's pages show only the number.
    pages = factories.client_for(outsider)
    for name in ("filing-documents", "filing-fees", "filing-review"):
        response = pages.get(f"/filings/{envelope.public_id}/{name.split('-')[1]}/")
        assert response.status_code == 200, name
        assert HIDDEN_NUMBER in response.content.decode()
        _assert_no_leak(response.content.decode())
    _assert_no_leak(pages.get("/filings/").content.decode())


def test_staff_of_an_unrelated_attorney_see_no_more(hidden_case, outsider):
    staff = factories.staff_for(outsider)
    hidden = services.draft_create(
        user=staff, court=hidden_case.court, signer=outsider, case_number=HIDDEN_NUMBER
    )
    missing = services.draft_create(
        user=staff, court=hidden_case.court, signer=outsider, case_number=MISSING_NUMBER
    )
    assert hidden.case is None and missing.case is None
    assert hidden.case_label == f"Case {HIDDEN_NUMBER}"
    page = factories.client_for(staff).get(f"/filings/{hidden.public_id}/review/")
    _assert_no_leak(page.content.decode())


def test_a_public_case_may_show_its_caption(court, outsider, insider):
    public = factories.case(court, counsel=[insider], number="26SL-CC00009", caption="A v. B")
    envelope = services.draft_create(user=outsider, court=court, case_number=public.number)
    assert envelope.case == public and envelope.case_label == "26SL-CC00009 A v. B"


def test_what_the_number_alone_says_is_checked_without_the_case(court, outsider):
    with pytest.raises(ValidationFailed, match="location code SL"):
        services.draft_create(user=outsider, court=court, case_number="26BA-CC00001")
    with pytest.raises(ValidationFailed, match="not a case number"):
        services.draft_create(user=outsider, court=court, case_number="SL-1")
    with pytest.raises(ValidationFailed, match="no cases of type AP"):
        services.draft_create(user=outsider, court=court, case_number="26SL-AP00001")


def _with_appearance(envelope, user, pdf, code="EOA"):
    filing = services.filing_add(envelope=envelope, user=user, code=code)
    document_add(
        envelope=envelope,
        user=user,
        filing=filing,
        kind="lead",
        title="Entry of appearance",
        received=received_file(pdf("appearance.pdf")),
    )
    return filing


def _submit(envelope, user, key="k"):
    return services.envelope_submit(
        envelope=envelope, user=user, idempotency_key=key, signature="/s/ Otto Outsider"
    )


def test_an_entry_of_appearance_by_number_is_decided_by_the_clerk(
    hidden_case, outsider, court, pdf
):
    clerk = factories.court_staff(Role.CLERK, court)
    envelope = services.draft_create(user=outsider, court=court, case_number=HIDDEN_NUMBER)
    filing = _with_appearance(envelope, outsider, pdf)
    reviewer = factories.client_for(clerk)
    assert reviewer.get(f"/court/review/{filing.pk}/").status_code == 404  # a draft: not yet
    document = filing.documents.get()
    assert reviewer.get(f"/court/documents/{document.pk}/").status_code == 404
    _submit(envelope, outsider)
    # The court sees which case the number names before deciding.
    review = reviewer.get(f"/court/review/{filing.pk}/").content.decode()
    assert RESPONDENT in review and "entry of appearance" in review
    entry = filing_accept(clerk=clerk, filing=filing)
    envelope.refresh_from_db()
    assert envelope.case == hidden_case == entry.case
    assert hidden_case.counsel.filter(user=outsider, withdrawn_at__isnull=True).exists()
    # Now of record, the attorney sees the case.
    assert factories.client_for(outsider).get(f"/cases/{hidden_case.pk}/").status_code == 200


def test_a_number_that_names_no_case_is_rejected_by_the_clerk(court, outsider, pdf):
    clerk = factories.court_staff(Role.CLERK, court)
    envelope = services.draft_create(user=outsider, court=court, case_number=MISSING_NUMBER)
    filing = _with_appearance(envelope, outsider, pdf)
    _submit(envelope, outsider)
    with pytest.raises(ValidationFailed, match=f"no case {MISSING_NUMBER}"):
        filing_accept(clerk=clerk, filing=filing)
    reason = rejection_reasons(court).first()
    filing_reject(clerk=clerk, filing=filing, reason_id=reason.pk)
    envelope.refresh_from_db()
    assert envelope.case is None and envelope.status == Status.REJECTED


def test_only_an_appearance_goes_into_a_case_named_by_number(hidden_case, outsider, court, pdf):
    envelope = services.draft_create(user=outsider, court=court, case_number=HIDDEN_NUMBER)
    _with_appearance(envelope, outsider, pdf, code="MOT")
    with pytest.raises(Exception, match="entry of appearance first"):
        _submit(envelope, outsider)
    with pytest.raises(ValidationFailed) as hidden:
        services.filing_add(envelope=envelope, user=outsider, code="MOT", responds_to=1)
    missing = services.draft_create(user=outsider, court=court, case_number=MISSING_NUMBER)
    with pytest.raises(ValidationFailed) as absent:
        services.filing_add(envelope=missing, user=outsider, code="MOT", responds_to=1)
    assert hidden.value.message.replace(HIDDEN_NUMBER, "N") == absent.value.message.replace(
        MISSING_NUMBER, "N"
    )


def test_a_signer_address_never_tells_whether_it_has_an_account(outsider, insider):
    staff = factories.staff_for(outsider)
    client = _api(staff)
    answers = [
        client.post(
            "/api/v1/envelopes",
            {"court": "SL", "case_type": "CC", "caption": "A v. B", "signer_email": email},
            content_type="application/json",
        )
        for email in (insider.email, "nobody@example.test")
    ]
    assert answers[0].status_code == answers[1].status_code == 403
    assert answers[0].json() == answers[1].json()
    assert "Insider" not in answers[0].content.decode()
    own = client.post(
        "/api/v1/envelopes",
        {"court": "SL", "case_type": "CC", "caption": "A v. B", "signer_email": outsider.email},
        content_type="application/json",
    )
    assert own.status_code == 201


# --- audited reads ---------------------------------------------------------------------------


@pytest.fixture
def sealed_entry(court, insider, pdf):
    """Entry 1 of a public case (the insider's), sealed by the clerk."""
    from efiling.docket.services import security_level_set
    from tests.filings.helpers import new_case_draft, with_lead_document

    deposit(account=payment_account_for(insider), amount_cents=100_000, reference="t")
    clerk = factories.court_staff(Role.CLERK, court)
    envelope = services.envelope_submit(
        envelope=with_lead_document(new_case_draft(court, insider), insider, pdf),
        user=insider,
        idempotency_key="x",
        signature="/s/ Ines Insider",
    )
    entry = filing_accept(clerk=clerk, filing=envelope.filings.get())
    security_level_set(
        clerk=clerk, case=entry.case, entry=entry, level=SecurityLevel.SEALED, reason="Sealed"
    )
    entry.refresh_from_db()
    entry.clerk = clerk
    return entry


def _events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_reading_a_sealed_entry_is_audited_with_what_who_and_where(sealed_entry, insider):
    case = sealed_entry.case
    api = _api(insider)
    assert api.get(f"/api/v1/cases/{case.pk}", REMOTE_ADDR="203.0.113.7").status_code == 200
    event = _events("docket_entry.viewed")[-1]
    assert event.details["entries"] == [sealed_entry.number]
    assert event.ip_address == "203.0.113.7" and event.actor_id == insider.pk
    court_page = factories.client_for(sealed_entry.clerk)
    court_page.get(f"/court/cases/{case.pk}/", REMOTE_ADDR="198.51.100.2")
    assert _events("docket_entry.viewed")[-1].ip_address == "198.51.100.2"
    court_page.get(f"/court/cases/{case.pk}/docket/{sealed_entry.number}/")
    assert _events("docket_entry.viewed")[-1].actor_id == sealed_entry.clerk.pk


def test_reading_a_document_of_a_sealed_entry_names_the_document_and_address(sealed_entry, insider):
    document = sealed_entry.documents.get()
    response = _api(insider).get(f"/api/v1/documents/{document.pk}", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    event = _events("document.viewed")[-1]
    assert event.object_id == str(document.pk) and event.ip_address == "203.0.113.9"
    assert event.details["case"] == sealed_entry.case.number
    assert event.details["docket_entry"] == sealed_entry.number


def test_a_notice_of_sealed_material_does_not_repeat_it(sealed_entry, insider):
    case = sealed_entry.case
    from efiling.docket.services import security_level_set

    security_level_set(
        clerk=sealed_entry.clerk,
        case=case,
        level=SecurityLevel.CONFIDENTIAL,
        reason="Protected party",
    )
    case.refresh_from_db()
    minute_entry_add(clerk=sealed_entry.clerk, case=case, text="Secret minute about Rhonda.")
    notice = Notice.objects.filter(recipient=insider, kind=Notice.Kind.DOCKET_ENTRY).latest("pk")
    assert "Rhonda" not in notice.body and "Secret" not in notice.body
    assert case.number in notice.body and notice.link == f"/cases/{case.pk}/"
    assert case.caption not in notice.subject


def test_every_court_page_showing_a_confidential_case_audits_the_read(hidden_case, court, pdf):
    """The court's pages and operations that show a confidential case (its hearings, orders,
    paper filings, the judge's calendar, the review queue, GetCourtSchedule) each record who read
    it and from where; a confidential entry shown on a case page is named too."""
    from datetime import timedelta

    from efiling.core import clock
    from efiling.docket.models import DocketEntry

    clerk = factories.court_staff(Role.CLERK, court)
    judge = factories.court_staff(Role.JUDGE, court)
    order = order_signed(
        judge, hidden_case, title="Ex parte order", body_text="The respondent shall stay away."
    )
    starts = clock.now() + timedelta(days=3)
    hearing = factories.hearing(hidden_case, judge, starts, room="Division 12", created_by=clerk)
    entry = DocketEntry.objects.get(pk=order.docket_entry_id)
    visits = {
        clerk: [
            f"/court/cases/{hidden_case.pk}/hearings/",
            f"/court/hearings/{hearing.pk}/reschedule/",
            f"/court/hearings/{hearing.pk}/cancel/",
            f"/court/cases/{hidden_case.pk}/paper/",
        ],
        judge: [
            f"/court/cases/{hidden_case.pk}/orders/{order.pk}/",
            f"/court/cases/{hidden_case.pk}/orders/new/",
            f"/court/calendar/?view=week&date={clock.local_date(starts, court.time_zone)}",
        ],
    }
    for person, urls in visits.items():
        client = factories.client_for(person)
        for url in urls:
            before = AuditEvent.objects.count()
            assert client.get(url, REMOTE_ADDR="192.0.2.44").status_code == 200, url
            events = AuditEvent.objects.order_by("-pk")[: AuditEvent.objects.count() - before]
            named = [
                e
                for e in events
                if e.actor_id == person.pk
                and e.ip_address == "192.0.2.44"
                and (
                    e.details.get("case") == HIDDEN_NUMBER
                    or HIDDEN_NUMBER in e.details.get("cases", [])
                )
            ]
            assert named, url
    # GetCourtSchedule, from the judge's session
    before = AuditEvent.objects.count()
    day = clock.local_date(starts, court.time_zone)
    answer = factories.client_for(judge).get(f"/api/v1/courts/SL/schedule?from={day}")
    assert answer.status_code == 200 and answer.json()["items"]
    listed = AuditEvent.objects.filter(pk__gt=0, action="cases.listed").order_by("-pk").first()
    assert AuditEvent.objects.count() > before and HIDDEN_NUMBER in listed.details["cases"]
    # A confidential entry of a public case shown on the court's case page is named.
    public = factories.case(court, number="26SL-CC00042", caption="Open v. Shut")
    secret = DocketEntry.objects.create(
        case=public,
        number=1,
        kind=DocketEntry.Kind.MINUTE,
        text="Confidential minute.",
        filed_at=clock.now(),
        entered_by=clerk,
        created_at=clock.now(),
        security_level=SecurityLevel.CONFIDENTIAL,
    )
    factories.client_for(clerk).get(f"/court/cases/{public.pk}/")
    event = _events("docket_entry.viewed")[-1]
    assert event.details["entries"] == [secret.number] and event.details["case"] == public.number
    assert entry.case_id == hidden_case.pk


def test_the_review_queue_audits_confidential_filings_it_lists(court, outsider, pdf):
    from efiling.courts.models import CaseType

    clerk = factories.court_staff(Role.CLERK, court)
    draft = services.draft_create(
        user=outsider,
        court=court,
        case_type=CaseType.objects.get(code="AD"),  # a confidential case type
        caption="Petitioner v. Rhonda Respondent",
    )
    for represented, role, last in ((True, "petitioner", "Petitioner"), (False, "respondent", "R")):
        party_add(
            envelope=draft,
            user=outsider,
            values={"kind": "person", "role": role, "last_name": last},
            represented=represented,
        )
    filing = services.filing_add(envelope=draft, user=outsider, code="PET")
    document_add(
        envelope=draft,
        user=outsider,
        filing=filing,
        kind="lead",
        title="Petition",
        received=received_file(pdf("petition.pdf")),
    )
    _submit(draft, outsider)
    draft.refresh_from_db()
    factories.client_for(clerk).get("/court/SL/review/")
    event = _events("filings.listed")[-1]
    assert event.details["envelopes"] == [draft.confirmation_number]


def test_the_admin_audits_reads_of_confidential_cases_envelopes_and_documents(
    hidden_case, insider, court, pdf
):
    from efiling.accounts.models import User

    admin = User.objects.create_superuser("root@example.test", factories.PASSWORD)
    draft = services.draft_create(user=insider, court=court, case_number=HIDDEN_NUMBER)
    filing = services.filing_add(envelope=draft, user=insider, code="MOT")
    document = document_add(
        envelope=draft,
        user=insider,
        filing=filing,
        kind="lead",
        title="Motion",
        received=received_file(pdf("motion.pdf")),
    )
    client = factories.client_for(admin)
    for url, action in [
        ("/admin/cases/case/", "case.listed"),
        (f"/admin/cases/case/{hidden_case.pk}/change/", "case.viewed"),
        ("/admin/filings/envelope/", "envelope.listed"),
        (f"/admin/filings/envelope/{draft.pk}/change/", "envelope.viewed"),
        ("/admin/filings/document/", "document.listed"),
        (f"/admin/filings/document/{document.pk}/change/", "document.viewed"),
    ]:
        assert client.get(url).status_code == 200, url
        event = _events(action)[-1]
        assert event.actor_id == admin.pk and event.channel == "admin", url


def test_a_filer_opening_an_envelope_into_a_confidential_case_is_audited(hidden_case, insider):
    envelope = services.draft_create(
        user=insider, court=hidden_case.court, case_number=HIDDEN_NUMBER
    )
    pages = factories.client_for(insider)
    assert pages.get(f"/filings/{envelope.public_id}/documents/").status_code == 200
    assert _events("envelope.viewed")[-1].object_id == str(envelope.pk)
    pages.get("/filings/")
    assert _events("envelopes.listed")[-1].details["envelopes"] == [str(envelope.public_id)]
    api = _api(insider)
    assert api.get(f"/api/v1/envelopes/{envelope.public_id}").status_code == 200
    assert _events("envelope.viewed")[-1].channel == "api"
