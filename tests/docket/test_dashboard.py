from datetime import date, datetime, timedelta

import pytest
from django.test import Client

from efiling.accounts.models import Role
from efiling.core import clock
from efiling.docket import services as docket
from efiling.docket.dashboard import dashboard_figures
from efiling.filings import services
from efiling.filings.models import Envelope, StatusChange
from tests import factories
from tests.filings.helpers import new_case_draft, with_lead_document


def _local(court, *args) -> datetime:
    return datetime(*args, tzinfo=clock.zone(court.time_zone)).astimezone(clock.UTC)


def _another_submission(court, attorney, pdf, key: str) -> Envelope:
    envelope = new_case_draft(court, attorney, caption=key)
    return services.envelope_submit(
        envelope=with_lead_document(envelope, attorney, pdf),
        user=attorney,
        idempotency_key=key,
        signature="/s/ Avery Lawson",
    )


def test_received_and_accepted_are_counted_on_the_courts_local_day(submitted, clerk, court):
    assert court.time_zone == "America/Chicago"
    # Submitted at 12:30 a.m. local on March 10 (05:30 UTC; daylight time began March 8, 2026):
    # it belongs to the new local day, March 10.
    Envelope.objects.filter(pk=submitted.pk).update(submitted_at=_local(court, 2026, 3, 10, 0, 30))
    filing = submitted.filings.get()
    docket.filing_accept(clerk=clerk, filing=filing)
    # Accepted at 11:30 p.m. local on March 10: 04:30 UTC on March 11, still March 10 in court.
    StatusChange.objects.filter(to_status="accepted").update(at=_local(court, 2026, 3, 10, 23, 30))

    figures = dashboard_figures(court=court, days=4, today=date(2026, 3, 11))

    assert [(d.day, d.received, d.accepted) for d in figures.days] == [
        (date(2026, 3, 8), 0, 0),
        (date(2026, 3, 9), 0, 0),
        (date(2026, 3, 10), 1, 1),  # the envelope's own "accepted" row is not a filing's
        (date(2026, 3, 11), 0, 0),
    ]
    assert figures.total_received == 1 and figures.total_accepted == 1


def test_a_23_hour_dst_day_keeps_its_late_evening(submitted, court):
    # March 8, 2026 has 23 hours in Chicago; 11:45 p.m. that night is 04:45 UTC on March 9.
    Envelope.objects.filter(pk=submitted.pk).update(submitted_at=_local(court, 2026, 3, 8, 23, 45))
    figures = dashboard_figures(court=court, days=2, today=date(2026, 3, 9))
    assert [(d.day, d.received) for d in figures.days] == [
        (date(2026, 3, 8), 1),
        (date(2026, 3, 9), 0),
    ]


def test_other_courts_and_days_outside_the_window_are_not_counted(submitted, court, other_court):
    Envelope.objects.filter(pk=submitted.pk).update(submitted_at=_local(court, 2026, 3, 1, 12, 0))
    figures = dashboard_figures(court=court, days=7, today=date(2026, 3, 11))
    assert figures.total_received == 0
    elsewhere = dashboard_figures(court=other_court, days=30, today=date(2026, 3, 11))
    assert elsewhere.total_received == 0


def test_queue_age_figures(submitted, clerk, court, attorney, pdf):
    now = clock.now()
    envelopes = [
        submitted,
        _another_submission(court, attorney, pdf, "second"),
        _another_submission(court, attorney, pdf, "third"),
    ]
    for envelope, hours in zip(envelopes, (2, 5, 30), strict=True):
        Envelope.objects.filter(pk=envelope.pk).update(submitted_at=now - timedelta(hours=hours))

    figures = dashboard_figures(court=court)
    assert figures.waiting == 3
    assert figures.oldest_wait_hours == pytest.approx(30, abs=0.1)
    assert figures.median_wait_hours == pytest.approx(5, abs=0.1)

    docket.filing_accept(clerk=clerk, filing=envelopes[2].filings.get())
    figures = dashboard_figures(court=court)
    assert figures.waiting == 2
    assert figures.oldest_wait_hours == pytest.approx(5, abs=0.1)
    assert figures.median_wait_hours == pytest.approx(3.5, abs=0.1)


def test_an_empty_queue(court):
    figures = dashboard_figures(court=court)
    assert figures.waiting == 0 and figures.oldest_wait_hours is None
    assert len(figures.days) == 14 and figures.days[-1].day == clock.today(court.time_zone)


def test_few_queries(submitted, court, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        dashboard_figures(court=court)


def test_the_page_shows_the_chart_table_and_queue(submitted, clerk, court):
    docket.filing_accept(clerk=clerk, filing=submitted.filings.get())
    client = Client()
    client.force_login(clerk)
    response = client.get(f"/court/{court.code}/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    today = clock.today(court.time_zone)
    row = f'<th scope="row">{today:%a, %b} {today.day}, {today.year}</th><td>1</td><td>1</td>'
    assert row in html
    assert '<svg role="img" aria-labelledby="chart-title chart-desc"' in html
    assert "1 filing received and 1 accepted over 14 days" in html
    assert "<dt>Filings waiting</dt>\n  <dd>0</dd>" in html
    assert f'href="/court/{court.code}/review/"' in html


def test_the_page_is_refused_to_other_courts_clerks_and_to_attorneys(court, other_court, attorney):
    client = Client()
    client.force_login(factories.court_staff(Role.CLERK, other_court))
    assert client.get(f"/court/{court.code}/dashboard/").status_code == 403
    client.force_login(attorney)
    assert client.get(f"/court/{court.code}/dashboard/").status_code == 403
