"""Tracking a case (issue 12, as Case.net's "track this case"): a user who may see a case
tracks it and is told of its new public docket entries and hearing changes until they untrack
it; the button on the case page, the list on the preferences page, TrackCase / UntrackCase."""

from datetime import date, datetime

import pytest
from django.test import Client

from efiling.accounts.models import ApiToken, Role
from efiling.accounts.tokens import api_token_create
from efiling.audit.models import AuditEvent
from efiling.cases.models import SecurityLevel
from efiling.core import clock
from efiling.core.errors import NotFound
from efiling.docket.services import minute_entry_add, security_level_set
from efiling.scheduling.models import Courtroom, Hearing
from efiling.scheduling.services import hearing_cancel, hearing_schedule
from efiling.service.delivery import notice_message
from efiling.service.models import Notice, NoticeDelivery
from efiling.service.tracking import case_track, case_untrack, tracked_cases
from tests import factories
from tests.docket.order_helpers import order_issue
from tests.factories import client_for

MONDAY = date(2030, 12, 2)


@pytest.fixture
def clerk(court):
    return factories.court_staff(Role.CLERK, court)


@pytest.fixture
def case(court, attorney):
    return factories.case(court, counsel=[attorney], number="26SL-CC00042")


@pytest.fixture
def judge(court):
    """A judge of the court: sees every case of it, so may track any."""
    return factories.court_staff(Role.JUDGE, court, first_name="Dana", last_name="Whitfield")


def _subjects(user) -> list[str]:
    return list(Notice.objects.filter(recipient=user).values_list("subject", flat=True))


def _at(hour: int) -> datetime:
    local = datetime(
        MONDAY.year, MONDAY.month, MONDAY.day, hour, tzinfo=clock.zone("America/Chicago")
    )
    return local.astimezone(clock.UTC)


def test_a_tracker_is_told_of_public_entries_and_hearings_until_untracking(
    case, clerk, judge, court
):
    tracking, created = case_track(user=judge, case_id=case.pk)
    assert created and case_track(user=judge, case_id=case.pk) == (tracking, False)
    assert AuditEvent.objects.filter(action="case.tracked", actor_id=judge.pk).count() == 1

    entry = minute_entry_add(clerk=clerk, case=case, text="Status conference held.")
    room = Courtroom.objects.create(court=court, name="Division 3")
    hearing = hearing_schedule(
        actor=clerk,
        case=case,
        courtroom=room,
        judge=judge,
        kind=Hearing.Kind.MOTION_HEARING,
        starts_at=_at(9),
        ends_at=_at(10),
    )
    told = _subjects(judge)
    assert f"26SL-CC00042: docket entry {entry.number}" in told
    assert any("motion hearing set" in subject for subject in told)

    assert case_untrack(user=judge, case_id=case.pk) is True
    assert case_untrack(user=judge, case_id=case.pk) is False
    before = len(_subjects(judge))
    hearing_cancel(actor=clerk, hearing=hearing, reason="Settled.")
    minute_entry_add(clerk=clerk, case=case, text="Case settled.")
    assert len(_subjects(judge)) == before
    assert AuditEvent.objects.filter(action="case.untracked", actor_id=judge.pk).count() == 1


def test_a_tracker_is_not_told_of_entries_that_are_not_public(case, clerk, judge, attorney):
    case_track(user=judge, case_id=case.pk)
    security_level_set(
        clerk=clerk, case=case, level=SecurityLevel.CONFIDENTIAL, reason="Court order."
    )
    case.refresh_from_db()
    entry = minute_entry_add(clerk=clerk, case=case, text="Not for the public.")
    subject = f"26SL-CC00042: docket entry {entry.number}"
    assert subject in _subjects(attorney)  # counsel of record are told
    assert subject not in _subjects(judge)


def test_only_a_case_one_may_see_can_be_tracked_and_lost_access_ends_the_news(case, clerk, court):
    outsider = factories.user()
    sealed = factories.case(court, number="26SL-CC00044", security_level=SecurityLevel.SEALED)
    with pytest.raises(NotFound):
        case_track(user=outsider, case_id=sealed.pk)
    with pytest.raises(NotFound):
        case_track(user=outsider, case_id=case.pk + 1000)
    staff_attorney = factories.user()
    staff = factories.staff_for(staff_attorney)
    other = factories.case(
        court,
        counsel=[staff_attorney],
        number="26SL-CC00043",
        security_level=SecurityLevel.CONFIDENTIAL,
    )
    case_track(user=staff, case_id=other.pk)
    staff.delegations_received.update(revoked_at=clock.now())  # the staff no longer see it
    minute_entry_add(clerk=clerk, case=other, text="Entry.")
    assert _subjects(staff) == []


def test_anyone_registered_tracks_a_public_case_until_it_stops_being_public(case, clerk):
    """Case.net's "track this case": a public case is tracked from its public page by a user
    who takes no part in it; once it is sealed the news stops and the list names it only."""
    outsider = factories.user(first_name="Pat", last_name="Reporter")
    browser = client_for(outsider)
    public_page = browser.get(f"/public/cases/{case.number}/").content.decode()
    assert "Track this case" in public_page
    assert f'action="/notices/tracking/public/{case.number}/"' in public_page  # no row id
    answer = browser.post(
        f"/notices/tracking/public/{case.number}/", {"action": "track", "back": "case"}
    )
    assert answer.status_code == 302
    assert answer["Location"] == f"/public/cases/{case.number}/"
    assert "Stop tracking this case" in browser.get(answer["Location"]).content.decode()
    minute_entry_add(clerk=clerk, case=case, text="Status conference held.")
    assert len(_subjects(outsider)) == 1
    security_level_set(
        clerk=clerk, case=case, level=SecurityLevel.SEALED, reason="Order of the court."
    )
    minute_entry_add(clerk=clerk, case=case, text="Sealed entry.")
    assert len(_subjects(outsider)) == 1  # no news of a case no longer public
    [told] = Notice.objects.filter(recipient=outsider)
    assert browser.get(f"/notices/{told.pk}/open/")["Location"] == "/notices/"  # no page now
    preferences = browser.get("/notices/e-mail/").content.decode()
    assert "26SL-CC00042 (no longer open to you" in preferences
    assert case.caption not in preferences
    refused = browser.post(f"/notices/tracking/public/{case.number}/", {"action": "track"})
    missing = browser.post("/notices/tracking/public/26SL-CC09999/", {"action": "track"})
    assert refused.status_code == missing.status_code == 404  # (same words: tests/security)
    # The list's button names the case by its number, and stops tracking it though it is no
    # longer public.
    assert f'action="/notices/tracking/public/{case.number}/"' in preferences
    assert f"/notices/tracking/{case.pk}/" not in preferences
    untracked = browser.post(
        f"/notices/tracking/public/{case.number}/", {"action": "untrack", "back": "preferences"}
    )
    assert untracked["Location"] == "/notices/e-mail/"
    assert not tracked_cases(outsider).exists()
    again = browser.post(f"/notices/tracking/public/{case.number}/", {"action": "untrack"})
    assert again.status_code == 404  # neither public nor tracked now: as a missing case


def _room(court):
    return Courtroom.objects.create(court=court, name="Division 3")


def _link_opens(browser, notice) -> str:
    """The inbox's Open link of `notice` followed: where it went, after checking it answers
    200."""
    opened = browser.get(f"/notices/{notice.pk}/open/")
    assert opened.status_code == 302
    assert browser.get(opened["Location"]).status_code == 200, opened["Location"]
    return opened["Location"]


def _mailed_text(notice) -> str:
    [mail] = NoticeDelivery.objects.filter(notices=notice)
    return notice_message(mail).body


def test_each_recipients_notice_and_e_mail_open_the_case_page_they_may_see(
    case, clerk, judge, court, attorney, settings
):
    """QA trial: a tracker who takes no part in the case was sent to /cases/<row id>/ (404,
    and the row id in the e-mail). Each recipient's link is now the page they may open: the
    public page (at the entry, or the hearings) for the tracker, My cases' page for counsel,
    the court's page for its judge."""
    settings.EFILING_SITE_URL = "https://efiling.courts.example"
    outsider = factories.user(first_name="Pat", last_name="Reporter")
    case_track(user=outsider, case_id=case.pk)
    case_track(user=judge, case_id=case.pk)
    entry = minute_entry_add(clerk=clerk, case=case, text="Status conference held.")
    hearing_schedule(
        actor=clerk,
        case=case,
        courtroom=_room(court),
        judge=judge,
        kind=Hearing.Kind.MOTION_HEARING,
        starts_at=_at(9),
        ends_at=_at(10),
    )
    public = f"/public/cases/{case.number}/"
    tracker = {n.kind: n for n in Notice.objects.filter(recipient=outsider)}
    assert tracker[Notice.Kind.DOCKET_ENTRY].link == f"{public}#entry-{entry.number}"
    assert tracker[Notice.Kind.HEARING].link == f"{public}#hearings-caption"
    browser = client_for(outsider)
    for notice in tracker.values():
        assert _link_opens(browser, notice) == notice.link
    text = _mailed_text(tracker[Notice.Kind.DOCKET_ENTRY])
    assert f"Open it: https://efiling.courts.example{public}#entry-{entry.number}" in text
    assert f"/cases/{case.pk}/" not in text and "sign in)" not in text
    # A notice whose case link was recorded before (the signed-in page) opens the page its
    # recipient may open now.
    Notice.objects.filter(recipient=outsider).update(link=f"/cases/{case.pk}/")
    for notice in tracker.values():
        assert _link_opens(browser, notice) == notice.link  # as first recorded, above

    for person, page in ((attorney, f"/cases/{case.pk}/"), (judge, f"/court/cases/{case.pk}/")):
        notices = Notice.objects.filter(recipient=person, kind=Notice.Kind.DOCKET_ENTRY)
        [notice] = notices.filter(entry_number=entry.number)
        assert _link_opens(client_for(person), notice) == page
    counsel = Notice.objects.filter(recipient=attorney, kind=Notice.Kind.DOCKET_ENTRY).first()
    assert (
        f"Open it (you will be asked to sign in): https://efiling.courts.example/cases/{case.pk}/"
        in _mailed_text(counsel)
    )


def test_a_self_represented_litigant_tracks_a_public_case_while_e_filing_is_closed(
    case, clerk, settings
):
    """QA trial: with e-filing by self-represented litigants not open (VIEW_CASES refused),
    the public page offered them no button and the tracking POST answered 403. Tracking a
    public case is not filing (Action.TRACK_PUBLIC_CASES)."""
    settings.EFILING_SELF_REPRESENTED_ENABLED = False
    litigant = factories.user(Role.SELF_REPRESENTED, first_name="Sam", last_name="Doe")
    browser = client_for(litigant)
    public = f"/public/cases/{case.number}/"
    assert "Track this case" in browser.get(public).content.decode()
    answer = browser.post(
        f"/notices/tracking/public/{case.number}/", {"action": "track", "back": "case"}
    )
    assert answer.status_code == 302 and answer["Location"] == public
    entry = minute_entry_add(clerk=clerk, case=case, text="Status conference held.")
    [notice] = Notice.objects.filter(recipient=litigant)
    assert _link_opens(browser, notice) == f"{public}#entry-{entry.number}"

    preferences = browser.get("/notices/e-mail/")
    assert preferences.status_code == 200
    listed = preferences.content.decode()
    assert f'<a href="{public}">{case.number} {case.caption}</a>' in listed
    # The signed-in route stays for those who may see cases: a case that is not public is
    # not theirs to track.
    assert browser.post(f"/notices/tracking/{case.pk}/", {"action": "track"}).status_code == 403
    hidden = factories.case(case.court, number="26SL-CC00045", security_level=SecurityLevel.SEALED)
    with pytest.raises(NotFound):
        case_track(user=litigant, case_id=hidden.pk)
    untracked = browser.post(
        f"/notices/tracking/public/{case.number}/", {"action": "untrack", "back": "preferences"}
    )
    assert untracked["Location"] == "/notices/e-mail/"
    assert not tracked_cases(litigant).exists()


def test_the_case_page_button_and_the_preferences_list_work_without_javascript(
    case, judge, attorney
):
    browser = client_for(attorney)
    page = browser.get(f"/cases/{case.pk}/").content.decode()
    assert "Track this case" in page
    answer = browser.post(f"/notices/tracking/{case.pk}/", {"action": "track", "back": "case"})
    assert answer.status_code == 302 and answer["Location"] == f"/cases/{case.pk}/"
    assert "Stop tracking this case" in browser.get(f"/cases/{case.pk}/").content.decode()
    preferences = browser.get("/notices/e-mail/").content.decode()
    assert "Cases you track" in preferences and "26SL-CC00042" in preferences
    answer = browser.post(
        f"/notices/tracking/{case.pk}/", {"action": "untrack", "back": "preferences"}
    )
    assert answer["Location"] == "/notices/e-mail/"
    assert not tracked_cases(attorney).exists()

    court_page = client_for(judge).post(f"/notices/tracking/{case.pk}/", {"action": "track"})
    assert court_page["Location"] == f"/court/cases/{case.pk}/"
    case.security_level = SecurityLevel.CONFIDENTIAL
    case.save()
    assert (
        client_for(factories.user())
        .post(f"/notices/tracking/{case.pk}/", {"action": "track"})
        .status_code
        == 404
    )
    assert browser.post(f"/notices/tracking/{case.pk}/", {"action": "x"}).status_code == 422


def test_track_and_untrack_through_the_api(case, attorney):
    token = api_token_create(user=attorney, name="t", scope=ApiToken.Scope.FILE)[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    url = f"/api/v1/cases/{case.pk}/tracking"
    first = api.post(url, HTTP_IDEMPOTENCY_KEY="track-1")
    assert first.status_code == 201
    assert first.json()["case_number"] == "26SL-CC00042"
    assert api.post(url).status_code == 200  # already tracked
    assert api.post(url, HTTP_IDEMPOTENCY_KEY="track-1").json() == first.json()  # a replay
    assert api.delete(url).status_code == 204
    assert not tracked_cases(attorney).exists()
    assert api.delete(url).status_code == 204
    hidden = factories.case(
        case.court, number="26SL-CC00044", security_level=SecurityLevel.CONFIDENTIAL
    )
    for send in (api.post, api.delete):
        refused = send(f"/api/v1/cases/{hidden.pk}/tracking")
        missing = send(f"/api/v1/cases/{hidden.pk + 1000}/tracking")
        assert refused.status_code == missing.status_code == 404
        assert refused.json()["detail"] == missing.json()["detail"]


def test_a_tracker_is_told_of_orders_and_judgments_entered(case, judge):
    """Orders and judgments are public docket entries like any other: those tracking the case
    hear of them (found by the second trial: only counsel did)."""
    tracker = factories.user(first_name="Pat", last_name="Reporter")
    case_track(user=tracker, case_id=case.pk)
    order_issue(judge, case, judge, title="Order setting a conference")
    assert _subjects(tracker) == ["26SL-CC00042: order entered (docket entry 1)"]
