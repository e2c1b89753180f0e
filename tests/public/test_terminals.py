"""Courthouse public terminals: recognised by range or device cookie, managed by their court's
administrators only, and the only place where the public opens documents (each view audited)
or finds a protection-order case (by its exact number)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from efiling.accounts.models import Role
from efiling.audit.models import AuditEvent
from efiling.cases.access import case_for_filing
from efiling.cases.models import SecurityLevel
from efiling.core import clock
from efiling.core.errors import NotFound, ValidationFailed
from efiling.courts import terminals
from efiling.courts.models import CaseType, Court
from efiling.docket.models import DocketEntry
from efiling.filings.models import Document
from tests import factories

NUMBER = "26SL-CC00042"
TERMINAL_ADDRESS = "192.0.2.17"
ELSEWHERE = "198.51.100.9"


@pytest.fixture
def admin(court):
    return factories.court_staff(Role.COURT_ADMINISTRATOR, court, first_name="Ada")


@pytest.fixture
def terminal(admin, court):
    return terminals.terminal_register(
        actor=admin,
        court=court,
        name="Public terminal 1",
        location="Circuit Clerk's office, first floor",
        networks=terminals.networks_parse("192.0.2.16/28, 2001:db8:5::/64"),
    )


def _document(entry, *, kind=Document.Kind.LEAD, title="Petition"):
    name = default_storage.save(f"t/{entry.pk}-{kind}.pdf", ContentFile(b"%PDF-1.4 stamped"))
    return Document.objects.create(
        docket_entry=entry,
        kind=kind,
        position=1,
        title=title,
        storage_name=name,
        stamped_storage_name=name,
        original_name="x.pdf",
        size=1,
        sha256="0" * 64,
        received_size=1,
        received_sha256="0" * 64,
        page_count=1,
        text_searchable=True,
        uploaded_by=entry.entered_by,
        uploaded_at=clock.now(),
    )


@pytest.fixture
def case_with_documents(court):
    case = factories.case(court, number=NUMBER, caption="Lawson v. Acme")
    clerk = factories.court_staff(Role.CLERK, court)
    docs = {}
    for number, level in [(1, SecurityLevel.PUBLIC), (2, SecurityLevel.SEALED)]:
        entry = DocketEntry.objects.create(
            case=case,
            number=number,
            kind="minute",
            text=f"Entry {number}",
            filed_at=clock.now(),
            entered_by=clerk,
            created_at=clock.now(),
            security_level=level,
        )
        docs[level] = _document(entry, title=f"Document of entry {number}")
    public_entry = case.docket_entries.get(number=1)
    docs["sheet"] = _document(
        public_entry, kind=Document.Kind.CONFIDENTIAL_SHEET, title="Confidential sheet"
    )
    return case, docs


def _client(address=ELSEWHERE, **cookies):
    client = Client(REMOTE_ADDR=address)
    for name, value in cookies.items():
        client.cookies[name] = value
    return client


def test_networks_are_validated():
    assert terminals.networks_parse("192.0.2.7 2001:DB8::/32") == ["192.0.2.7/32", "2001:db8::/32"]
    for bad in ["192.0.2.1/24", "not-an-address", "300.1.1.1"]:
        with pytest.raises(ValidationFailed):
            terminals.networks_parse(bad)


@pytest.mark.django_db
def test_a_terminal_is_recognised_by_its_ranges(terminal):
    assert terminals.terminal_matching(address=TERMINAL_ADDRESS, token=None) == terminal
    assert terminals.terminal_matching(address="2001:db8:5::9", token=None) == terminal
    assert terminals.terminal_matching(address=ELSEWHERE, token=None) is None
    assert terminals.terminal_matching(address="garbage", token=None) is None


@pytest.mark.django_db
def test_a_terminal_is_recognised_by_its_device_token_and_revoked_is_recognised_by_nothing(
    terminal, admin
):
    token = terminals.terminal_enrol(actor=admin, terminal=terminal)
    assert terminal.device_token_sha256 == terminals.token_digest(token)
    assert token not in str(
        AuditEvent.objects.filter(action__startswith="public_terminal").values()
    )
    assert terminals.terminal_matching(address=ELSEWHERE, token=token) == terminal
    assert terminals.terminal_matching(address=ELSEWHERE, token=token + "x") is None
    terminals.terminal_revoke(actor=admin, terminal=terminal)
    assert terminals.terminal_matching(address=ELSEWHERE, token=token) is None
    assert terminals.terminal_matching(address=TERMINAL_ADDRESS, token=None) is None
    actions = list(
        AuditEvent.objects.filter(object_id=str(terminal.pk), action__startswith="public_terminal")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "public_terminal.registered",
        "public_terminal.device_enrolled",
        "public_terminal.revoked",
    ]


@pytest.mark.django_db
def test_another_courts_administrator_is_refused(terminal, other_court):
    other = factories.court_staff(Role.COURT_ADMINISTRATOR, other_court)
    with pytest.raises(NotFound):
        terminals.terminal_get_for_administration(user=other, terminal_id=terminal.pk)
    client = factories.client_for(other)
    assert client.get(f"/court-admin/terminals/{terminal.pk}/").status_code == 404
    assert client.post(f"/court-admin/terminals/{terminal.pk}/revoke/").status_code == 404
    assert client.get(f"/court-admin/{terminal.court.code}/terminals/").status_code == 404
    terminal.refresh_from_db()
    assert terminal.active


@pytest.mark.django_db
def test_the_court_administrator_registers_and_enrols_through_the_pages(admin, court):
    client = factories.client_for(admin)
    page = f"/court-admin/{court.code}/terminals/"
    bad = client.post(page, {"name": "T", "location": "Hall", "networks": "192.0.2.1/24"})
    assert bad.status_code == 400
    ok = client.post(page, {"name": "T2", "location": "Hall", "networks": "192.0.2.0/24"})
    assert ok.status_code == 302
    terminal = court.public_terminals.get(name="T2")
    assert terminal.networks == ["192.0.2.0/24"]
    assert "requests from its ranges" in client.get(page).content.decode()
    # Neither a range (none, or an empty list) nor an enrolled browser: told what to enter.
    for networks in ("", " , \n"):
        bare = client.post(page, {"name": "T3", "location": "Hall", "networks": networks})
        said = client.get(bare.url).content.decode()
        assert "opens no document yet" in said and "Enter its IP addresses or CIDR" in said
        assert "Enroll this browser" in said
    enrolled = client.post(f"/court-admin/terminals/{terminal.pk}/enrol/")
    cookie = enrolled.cookies[terminals.TERMINAL_COOKIE]
    assert cookie["httponly"] and cookie["max-age"] == terminals.TERMINAL_COOKIE_SECONDS
    terminal.refresh_from_db()
    assert terminal.device_token_sha256 == terminals.token_digest(cookie.value)
    bare = court.public_terminals.filter(name="T3").first()
    saved = client.post(
        f"/court-admin/terminals/{bare.pk}/", {"name": "T3", "location": "Hall", "networks": ""}
    )
    assert "Enter its IP addresses" in client.get(saved.url).content.decode()


@pytest.mark.django_db
def test_documents_are_linked_and_served_only_on_a_terminal_each_view_audited(
    terminal, case_with_documents
):
    _case, docs = case_with_documents
    public_doc = docs[SecurityLevel.PUBLIC]
    url = f"/public/cases/{NUMBER}/documents/{public_doc.pk}/"

    off = _client().get(f"/public/cases/{NUMBER}/").content.decode()
    assert url not in off
    where = (
        "Documents can be read at the courthouse public terminals of the St. Louis County "
        "Circuit Court (Public terminal 1, Circuit Clerk&#x27;s office, first floor)."
    )
    assert where in off
    # Off a terminal a document's address says where documents are read, the same for a
    # document, a sealed one and none at all (nothing tells which exist).
    answers = {
        _client().get(f"/public/cases/{NUMBER}/documents/{doc_id}/").content
        for doc_id in (public_doc.pk, docs[SecurityLevel.SEALED].pk, 987654321)
    }
    assert len(answers) == 1 and where in answers.pop().decode()
    assert _client().get(url).status_code == 403

    on_page = _client(TERMINAL_ADDRESS).get(f"/public/cases/{NUMBER}/")
    assert "no-store" in on_page["Cache-Control"]  # a shared browser keeps nothing
    on = on_page.content.decode()
    assert url in on
    assert "Confidential sheet" not in on
    assert "Document of entry 2" not in on
    response = _client(TERMINAL_ADDRESS).get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 stamped"
    event = AuditEvent.objects.get(action="document.viewed_at_terminal")
    assert event.object_id == str(public_doc.pk)
    assert event.details["terminal"] == terminal.pk
    assert event.details["address"] == TERMINAL_ADDRESS


@pytest.mark.django_db
def test_sealed_entries_and_the_confidential_sheet_are_never_served(terminal, case_with_documents):
    _case, docs = case_with_documents
    for document in (docs[SecurityLevel.SEALED], docs["sheet"]):
        url = f"/public/cases/{NUMBER}/documents/{document.pk}/"
        assert _client(TERMINAL_ADDRESS).get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="document.viewed_at_terminal").exists()


@pytest.mark.django_db
def test_a_protection_order_case_only_at_its_courts_terminal_by_exact_number(
    terminal, court, admin, other_court
):
    # The shipped court data: hidden online as a protection order, not as a confidential type.
    kind = CaseType.objects.get(code="PN")
    assert kind.protection_order and not kind.confidential
    case = factories.case(court, number="26SL-PN00001", case_type="PN", caption="In re P.")
    entry = DocketEntry.objects.create(
        case=case,
        number=1,
        kind="minute",
        text="Full order of protection.",
        filed_at=clock.now(),
        entered_by=admin,
        created_at=clock.now(),
    )
    document = _document(entry, title="Full order of protection")
    judge = factories.court_staff(Role.JUDGE, court)
    factories.judgment(case, judge, in_favor_of="P.", against="R.", amount_cents=75_00, number=2)
    page = f"/public/cases/{case.number}/"
    document_url = f"{page}documents/{document.pk}/"
    missing = _client().get("/public/cases/26SL-PN09999/")
    assert _client().get(page).content == missing.content
    assert _client().get(page).status_code == 404
    assert _client().get(document_url).status_code == 404
    token = terminals.terminal_enrol(actor=admin, terminal=terminal)
    assert _client(**{terminals.TERMINAL_COOKIE: token}).get(page).status_code == 200
    at_terminal = _client(TERMINAL_ADDRESS).get(page.lower()).content.decode()
    assert document_url in at_terminal
    assert "$75.00" in at_terminal  # its judgments, as on any case page (never in the index)
    assert _client(TERMINAL_ADDRESS).get(document_url).status_code == 200
    assert AuditEvent.objects.filter(action="public_case.viewed_at_terminal").count() == 2
    assert AuditEvent.objects.filter(action="document.viewed_at_terminal").count() == 1
    # Its feed stays off the internet, terminal or not.
    assert _client(TERMINAL_ADDRESS).get(page + "feed.atom").status_code == 404
    # Another court's terminal does not find it (a public case's documents it opens).
    other_admin = factories.court_staff(Role.COURT_ADMINISTRATOR, other_court)
    terminals.terminal_register(
        actor=other_admin, court=other_court, name="Boone 1", location="Lobby",
        networks=["203.0.113.0/24"],
    )  # fmt: skip
    elsewhere = _client("203.0.113.5")
    assert elsewhere.get(page).status_code == 404
    assert elsewhere.get(document_url).status_code == 404
    # Nor does an attorney who is not in it, by typing its number into a draft.
    stranger = factories.user(Role.ATTORNEY, first_name="Stan", last_name="Ranger")
    assert case_for_filing(signer=stranger, court=court, number=case.number) is None


@pytest.mark.django_db
def test_any_courts_terminal_opens_any_public_case_and_pages_say_where(court, other_court, admin):
    jefferson = Court.objects.get(code="JE")
    case = factories.case(jefferson, number="26JE-CC00001", caption="Doe v. Roe")
    entry = DocketEntry.objects.create(
        case=case, number=1, kind="minute", text="Petition filed.", filed_at=clock.now(),
        entered_by=admin, created_at=clock.now(),
    )  # fmt: skip
    document = _document(entry, title="Petition")
    page, url = f"/public/cases/{case.number}/", f"/public/cases/{case.number}/documents/"
    url += f"{document.pk}/"
    none_yet = (
        "Documents are not served online, and no court has a courthouse public terminal yet: "
        "the office of the clerk of the Jefferson County Circuit Court gives copies."
    )
    assert none_yet in _client().get(page).content.decode()
    assert none_yet in _client().get(url).content.decode()
    terminals.terminal_register(
        actor=admin, court=court, name="Public terminal 1", location="Lobby",
        networks=[f"{TERMINAL_ADDRESS}/32"],
    )  # fmt: skip
    other_admin = factories.court_staff(Role.COURT_ADMINISTRATOR, other_court)
    boone = terminals.terminal_register(
        actor=other_admin, court=other_court, name="Boone 1", location="", networks=[]
    )
    # Registered without ranges, it opens nothing until a browser is enrolled: not named yet.
    assert "Boone" not in _client().get(page).content.decode()
    terminals.terminal_enrol(actor=other_admin, terminal=boone)
    elsewhere = (
        "The Jefferson County Circuit Court has no courthouse public terminal; documents can be "
        "read at the public terminals of the Boone County Circuit Court and the St. Louis County "
        "Circuit Court."
    )
    assert elsewhere in _client().get(page).content.decode()
    assert elsewhere in _client().get(url).content.decode()
    # The St. Louis County terminal opens the Jefferson County case's document.
    response = _client(TERMINAL_ADDRESS).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 stamped"
    # Jefferson's own terminal, once registered, is named first.
    je_admin = factories.court_staff(Role.COURT_ADMINISTRATOR, jefferson)
    je_terminal = terminals.terminal_register(
        actor=je_admin, court=jefferson, name="JE 1", location="Hillsboro, Room 2", networks=[]
    )
    terminals.terminal_enrol(actor=je_admin, terminal=je_terminal)
    both = (
        "Documents can be read at the courthouse public terminals of the Jefferson County "
        "Circuit Court (JE 1, Hillsboro, Room 2), or at the public terminals of the Boone "
        "County Circuit Court and the St. Louis County Circuit Court."
    )
    assert both in _client().get(page).content.decode()


@pytest.mark.django_db
def test_terminal_events_are_in_the_courts_audit_trail_naming_case_and_terminal(
    terminal, admin, court, case_with_documents
):
    jefferson = Court.objects.get(code="JE")
    je_case = factories.case(jefferson, number="26JE-CC00002", caption="Doe v. Roe")
    je_entry = DocketEntry.objects.create(
        case=je_case, number=1, kind="minute", text="Answer filed.", filed_at=clock.now(),
        entered_by=admin, created_at=clock.now(),
    )  # fmt: skip
    je_document = _document(je_entry, title="Answer")
    response = _client(TERMINAL_ADDRESS).get(
        f"/public/cases/{je_case.number}/documents/{je_document.pk}/"
    )
    assert response.status_code == 200

    def trail(user, court_code):
        client = factories.client_for(user)
        query = f"?court={court_code}&action=document.viewed_at_terminal"
        page = client.get(f"/court-admin/audit/{query}")
        assert page.status_code == 200
        return page.content.decode()

    je_admin = factories.court_staff(Role.COURT_ADMINISTRATOR, jefferson)
    for user, code in [(je_admin, "JE"), (admin, "SL")]:  # the case's court, the terminal's
        page = trail(user, code)
        assert "No events match" not in page
        assert "Answer, 26JE-CC00002 docket entry 1" in page
        assert (
            "the public at the courthouse terminal Public terminal 1, Circuit Clerk&#x27;s "
            "office, first floor (SL)" in page
        )
        assert TERMINAL_ADDRESS in page
    # The registration is the terminal's court's, not another's.
    registered = factories.client_for(admin).get(
        "/court-admin/audit/?court=SL&action=public_terminal.registered"
    )
    assert "Public terminal 1 (SL)" in registered.content.decode()
    other = factories.client_for(je_admin).get(
        "/court-admin/audit/?court=JE&action=public_terminal.registered"
    )
    assert "No events match" in other.content.decode()


@pytest.mark.django_db
def test_a_document_whose_file_is_missing_answers_410_wherever_it_is_served(
    terminal, case_with_documents, court, caplog
):
    _case, docs = case_with_documents
    document = docs[SecurityLevel.PUBLIC]
    default_storage.delete(document.stamped_storage_name)
    response = _client(TERMINAL_ADDRESS).get(f"/public/cases/{NUMBER}/documents/{document.pk}/")
    assert response.status_code == 410
    assert "This document&#x27;s file cannot be read now" in response.content.decode()
    assert f"Document {document.pk}: its stored file" in caplog.text
    clerk = factories.court_staff(Role.CLERK, court)
    court_copy = factories.client_for(clerk).get(f"/court/documents/{document.pk}/")
    assert court_copy.status_code == 410
