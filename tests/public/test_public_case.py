"""The public case page and its Atom feed (no sign-in): what they show, what they never show,
and every kind of hidden case answered exactly as a missing one."""

from datetime import timedelta

import pytest
from django.test import Client

from efiling.accounts.models import Role
from efiling.cases.models import Party, SecurityLevel
from efiling.cases.public import public_case_get, public_cases
from efiling.core import clock
from efiling.core.errors import NotFound
from efiling.courts.models import CaseType
from efiling.docket.models import DocketEntry
from efiling.filings.models import Document
from efiling.scheduling.models import Courtroom, Hearing
from tests import factories

NUMBER = "26SL-CC00007"
MISSING = "26SL-CC09999"


@pytest.fixture
def public_case(court):
    attorney = factories.user(Role.ATTORNEY, first_name="Alice", last_name="Attorney")
    case = factories.case(court, counsel=[attorney], number=NUMBER, caption="Lawson v. Acme")
    plaintiff = Party.objects.create(
        case=case,
        kind="person",
        role="plaintiff",
        first_name="Avery",
        last_name="Lawson",
        birth_year=1979,
        address_line1="12 Elm Street",
        city="Kirkwood",
        state="MO",
        postal_code="63122",
    )
    plaintiff.represented_by.add(attorney)
    clerk = factories.court_staff(Role.CLERK, court)
    now = clock.now()
    for number, text, level in [
        (1, "Petition filed by Alice Attorney.", SecurityLevel.PUBLIC),
        (2, "Sealed motion of the plaintiff.", SecurityLevel.SEALED),
        (3, "Confidential report of the guardian.", SecurityLevel.CONFIDENTIAL),
    ]:
        DocketEntry.objects.create(
            case=case,
            number=number,
            kind="minute",
            text=text,
            filed_at=now,
            entered_by=clerk,
            created_at=now,
            security_level=level,
        )
    judge = factories.court_staff(Role.JUDGE, court, first_name="Jude", last_name="Judge")
    room = Courtroom.objects.create(court=court, name="Division 9")
    Hearing.objects.create(
        case=case,
        courtroom=room,
        judge=judge,
        kind="motion_hearing",
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=3, hours=1),
        created_by=clerk,
        created_at=now,
    )
    case.assigned_judge = judge
    case.save()
    return case


def _get(path):
    return Client().get(path)


def test_the_public_page_shows_the_public_record(public_case):
    response = _get(f"/public/cases/{NUMBER}/")
    assert response.status_code == 200
    page = response.content.decode()
    for shown in [
        "Lawson v. Acme",
        "St. Louis County Circuit Court",
        "Circuit civil",
        "Open",
        "Jude Judge",
        "Avery Lawson",
        "1979",
        "Alice Attorney",
        public_case.counsel.get().user.bar_member.bar_number,
        "Petition filed by Alice Attorney.",
        "Motion hearing",
        "Division 9",
        f"/public/cases/{NUMBER}/feed.atom",
    ]:
        assert shown in page, shown
    # Never addresses, the non-public entries, or a document link.
    for hidden in ["12 Elm Street", "Kirkwood", "63122", "Sealed motion", "Confidential report"]:
        assert hidden not in page, hidden
    # A lower-case number finds it too.
    assert _get(f"/public/cases/{NUMBER.lower()}/").status_code == 200


def _document(entry, kind, title, name):
    return Document.objects.create(
        docket_entry=entry,
        kind=kind,
        position=1,
        title=title,
        storage_name=f"x/{name}",
        original_name=name,
        size=1,
        sha256="0" * 64,
        received_size=1,
        received_sha256="0" * 64,
        page_count=1,
        text_searchable=True,
        uploaded_by=entry.entered_by,
        uploaded_at=clock.now(),
    )


def test_entries_with_documents_point_to_the_courthouse_terminals(public_case, court):
    entry = public_case.docket_entries.get(number=1)
    sheet_text = "SSN 123-45-6789 on the confidential sheet"
    _document(entry, Document.Kind.CONFIDENTIAL_SHEET, sheet_text, "sheet.pdf")
    page = _get(f"/public/cases/{NUMBER}/").content.decode()
    # A confidential information sheet is no document the public hears of, nor its title.
    assert "public terminals" not in page and sheet_text not in page
    _document(entry, Document.Kind.LEAD, "Petition", "petition.pdf")
    page = _get(f"/public/cases/{NUMBER}/").content.decode()
    assert (
        "Documents are not served online, and no court has a courthouse public terminal yet: "
        "the office of the clerk of the St. Louis County Circuit Court gives copies." in page
    )
    assert "petition.pdf" not in page and sheet_text not in page


def test_the_feed_carries_the_public_entries_only(public_case):
    response = _get(f"/public/cases/{NUMBER}/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert "Petition filed by Alice Attorney." in feed
    assert "Sealed motion" not in feed and "Confidential report" not in feed
    assert "12 Elm Street" not in feed


def _hide_confidential_type(case):
    case.case_type = CaseType.objects.get(code="JU")
    case.save()


def _hide_protection_order(case):
    # The shipped data marks PN a protection-order type, not a confidential one: hidden online
    # all the same.
    kind = CaseType.objects.get(code="PN")
    assert kind.protection_order and not kind.confidential
    case.case_type = kind
    case.save()


def _hide_sealed(case):
    case.security_level = SecurityLevel.SEALED
    case.save()


def _hide_confidential(case):
    case.security_level = SecurityLevel.CONFIDENTIAL
    case.save()


def _hide_expunged(case):
    case.expunged_at = clock.now()
    case.save()


def _hide_unnumbered(case):
    # Not accepted yet: a case is numbered when the clerk accepts its opening filing.
    case.number = None
    case.save()


# Every way a case is hidden from the public (efiling.cases.public); tests/public/
# test_hidden_records.py walks every public surface with a twin hidden each way.
HIDINGS = [
    _hide_confidential_type,
    _hide_protection_order,
    _hide_sealed,
    _hide_confidential,
    _hide_expunged,
    _hide_unnumbered,
]


@pytest.mark.parametrize("hide", HIDINGS, ids=lambda f: f.__name__.removeprefix("_hide_"))
def test_every_hidden_case_answers_as_a_missing_one(public_case, hide):
    hide(public_case)
    assert not public_cases().filter(pk=public_case.pk).exists()
    with pytest.raises(NotFound):
        public_case_get(number=NUMBER)
    for suffix in ["", "feed.atom"]:
        hidden = _get(f"/public/cases/{NUMBER}/{suffix}")
        missing = _get(f"/public/cases/{MISSING}/{suffix}")
        assert hidden.status_code == missing.status_code == 404
        assert hidden.content == missing.content
        assert b"Lawson v. Acme" not in hidden.content


def test_the_signed_in_case_page_links_to_the_public_page_only_when_public(public_case, court):
    clerk = factories.court_staff(Role.CLERK, court)
    client = factories.client_for(clerk)
    link = f'href="/public/cases/{NUMBER}/"'
    assert link in client.get(f"/court/cases/{public_case.pk}/").content.decode()
    _hide_sealed(public_case)
    assert link not in client.get(f"/court/cases/{public_case.pk}/").content.decode()


def test_posting_to_the_public_page_is_refused(public_case):
    assert Client().post(f"/public/cases/{NUMBER}/").status_code == 405
