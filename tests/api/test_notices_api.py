"""GetNotices and MarkNoticesRead: the caller's own notices, with each e-mail's state."""

from django.db import transaction
from django.test import Client

from efiling.accounts.models import ApiToken
from efiling.accounts.tokens import api_token_create
from efiling.service.models import Notice
from efiling.service.services import notices_record
from tests import factories


def _api(user, scope=ApiToken.Scope.READ) -> Client:
    token = api_token_create(user=user, name="t", scope=scope)[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _notice(recipients, subject, case=None):
    with transaction.atomic():
        return notices_record(
            recipients=recipients, kind=Notice.Kind.ORDER, subject=subject, body="B.", case=case
        )


def test_get_notices_lists_only_the_callers_with_their_email_states(attorney, court, settings):
    settings.EFILING_SITE_URL = "https://efiling.courts.example"
    case = factories.case(court, counsel=[attorney], number="26SL-CC00021")
    other = factories.user()
    _notice([attorney, other], "First", case=case)
    _notice([attorney], "Second")
    api = _api(attorney)
    answer = api.get("/api/v1/notices")
    assert answer.status_code == 200
    items = answer.json()["items"]
    assert [n["subject"] for n in items] == ["Second", "First"]
    first = items[1]
    assert first["case_number"] == "26SL-CC00021"
    assert first["link"] == f"https://efiling.courts.example/cases/{case.pk}/"
    assert first["deliveries"] == [
        {
            "address": attorney.email,
            "state": "queued",  # the test's transaction never commits: nothing was sent
            "digest": False,
            "attempts": 0,
            "sent_at": None,
            "last_error": "",
        }
    ]
    only_case = api.get(f"/api/v1/notices?case={case.pk}").json()["items"]
    assert [n["subject"] for n in only_case] == ["First"]
    assert api.get("/api/v1/notices?case=x").status_code == 422


def test_mark_notices_read_takes_ids_a_case_or_all_and_never_anothers(attorney):
    other = factories.user()
    [mine] = _notice([attorney], "Mine")
    [theirs] = _notice([other], "Theirs")
    _notice([attorney], "Also mine")
    api = _api(attorney, scope=ApiToken.Scope.FILE)
    marked = api.post(
        "/api/v1/notices/read",
        {"notice_ids": [mine.pk, theirs.pk]},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k1",
    )
    assert marked.status_code == 200 and marked.json() == {"marked": 1}
    again = api.post(
        "/api/v1/notices/read",
        {"notice_ids": [mine.pk, theirs.pk]},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k1",
    )
    assert again.json() == {"marked": 1}  # the first answer, replayed
    theirs.refresh_from_db()
    assert theirs.read_at is None
    unread = api.get("/api/v1/notices?unread=true").json()["items"]
    assert [n["subject"] for n in unread] == ["Also mine"]
    everything = api.post("/api/v1/notices/read", {}, content_type="application/json")
    assert everything.json() == {"marked": 1}
    assert api.get("/api/v1/notices?unread=true").json()["items"] == []
    refused = api.post(
        "/api/v1/notices/read", {"notice_ids": "all"}, content_type="application/json"
    )
    assert refused.status_code == 422
