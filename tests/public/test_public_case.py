"""The public case page and its Atom feed (no sign-in): what they show, what they never show,
and every kind of hidden case answered exactly as a missing one."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

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
    # A signed-out visitor is told that signing in lets them track it, and comes back here.
    invite = f'href="/accounts/sign-in/?next=/public/cases/{NUMBER}/">Sign in to track this case'
    assert invite in page
    assert "Track this case</button>" not in page
    signed_in = factories.client_for(factories.user(Role.ATTORNEY)).get(f"/public/cases/{NUMBER}/")
    assert "Track this case</button>" in signed_in.content.decode()
    assert "Sign in to track" not in signed_in.content.decode()
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


def test_an_attorney_is_listed_with_the_parties_of_this_case_only(public_case, court):
    attorney = public_case.counsel.get().user
    other = factories.case(court, counsel=[attorney], number="26SL-CC00008")
    elsewhere = Party.objects.create(case=other, kind="person", role="plaintiff", last_name="Zed")
    elsewhere.represented_by.add(attorney)
    company = Party.objects.create(
        case=public_case, kind="organization", role="defendant", organization_name="Acme Inc."
    )
    company.represented_by.add(attorney)
    unrepresented = factories.user(Role.ATTORNEY, first_name="Ursula", last_name="Unlisted")
    factories.case(court, counsel=[unrepresented], number="26SL-CC00009")
    page = _get(f"/public/cases/{NUMBER}/").content.decode()
    assert "Avery Lawson; Acme Inc." in page
    assert "Zed" not in page and "Ursula" not in page


def _page_queries() -> int:
    with CaptureQueriesContext(connection) as captured:
        assert _get(f"/public/cases/{NUMBER}/").status_code == 200
    return len(captured)


def test_the_page_reads_as_many_queries_however_long_the_record(public_case, court):
    """No query per docket entry, party, attorney, hearing or judgment (the throttle's count
    of this address exists after the first request)."""
    entry = public_case.docket_entries.get(number=1)
    _document(entry, Document.Kind.LEAD, "Petition", "petition.pdf")
    _page_queries()
    short = _page_queries()
    clerk = factories.court_staff(Role.CLERK, court)
    judge = public_case.assigned_judge
    room = Courtroom.objects.get(court=court, name="Division 9")
    now = clock.now()
    for n in range(4, 9):
        entry = DocketEntry.objects.create(
            case=public_case,
            number=n,
            kind="minute",
            text=f"Entry {n}.",
            filed_at=now,
            entered_by=clerk,
            created_at=now,
        )
        _document(entry, Document.Kind.LEAD, f"Exhibit {n}", f"exhibit-{n}.pdf")
        attorney = factories.user(Role.ATTORNEY, last_name=f"Counsel{n}")
        public_case.counsel.create(user=attorney, since=now)
        party = Party.objects.create(
            case=public_case, kind="person", role="defendant", last_name=f"Party{n}"
        )
        party.represented_by.add(attorney)
        Hearing.objects.create(
            case=public_case,
            courtroom=room,
            judge=judge,
            kind="motion_hearing",
            starts_at=now + timedelta(days=n),
            ends_at=now + timedelta(days=n, hours=1),
            created_by=clerk,
            created_at=now,
        )
        factories.judgment(
            public_case,
            judge,
            in_favor_of="Lawson",
            against=f"Party{n}",
            amount_cents=100,
            number=n + 10,
        )
    assert _page_queries() == short


def test_the_feed_carries_the_public_entries_only(public_case):
    response = _get(f"/public/cases/{NUMBER}/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert "Petition filed by Alice Attorney." in feed
    assert "Sealed motion" not in feed and "Confidential report" not in feed
    assert "12 Elm Street" not in feed


def test_the_feed_gives_docket_text_as_text_never_as_markup(public_case, settings):
    """What a filer typed reaches a feed reader as characters: a summary of type "text", so
    "<img onerror=...>" is shown, never run; each entry's id is an absolute IRI."""
    DocketEntry.objects.filter(case=public_case).update(
        text="Minute <img src=x onerror=alert(1)> & <b>bold</b>"
    )
    feed = ElementTree.fromstring(  # noqa: S314 (our own answer)
        Client(HTTP_HOST="localhost").get(f"/public/cases/{NUMBER}/feed.atom").content
    )
    atom = "{http://www.w3.org/2005/Atom}"
    summaries = feed.findall(f"{atom}entry/{atom}summary")
    assert summaries and all(s.get("type") == "text" for s in summaries)
    assert "Minute <img src=x onerror=alert(1)> & <b>bold</b>" in [s.text for s in summaries]
    site = settings.EFILING_SITE_URL.rstrip("/")
    assert feed.find(f"{atom}id").text == f"{site}/public/cases/{NUMBER}/"  # not the Host sent
    ids = [e.text for e in feed.findall(f"{atom}entry/{atom}id")]
    assert ids and all(i.startswith(f"{site}/public/cases/{NUMBER}/#entry-") for i in ids)


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
        assert b'href="/public/search/">Search public cases' in missing.content
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


@pytest.mark.parametrize(
    "typed", ["26sl-cc00007", "26SLCC00007", "26sl cc 00007", " 26SL-CC00007 "]
)
def test_the_case_number_may_be_typed_as_the_search_takes_it(public_case, typed):
    """The page and GetPublicCase take a number as a person types it, as the search does."""
    assert _get(f"/public/cases/{typed}/").status_code == 200
    answer = _get(f"/api/v1/public/cases/{typed}")
    assert answer.status_code == 200 and answer.json()["number"] == NUMBER
