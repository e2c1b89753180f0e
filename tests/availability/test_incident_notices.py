"""Incidents are told to the users of the courts they cover, through the notices (with their
e-mails): when opened and when closed, by an administrator or by the health monitor; once each,
however often the event or the monitor's journal is replayed; never half: a notice that cannot
be recorded leaves no incident either."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.db import transaction

from efiling.accounts.models import Role
from efiling.availability import incidents
from efiling.availability.models import Incident
from efiling.availability.monitor import monitor_step
from efiling.core.events import event_record
from efiling.service.models import Notice, NoticeDelivery
from tests import factories
from tests.availability.test_incidents import _open, _system_administrator
from tests.availability.test_maintenance import central


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path  # the health monitor's journal
    return tmp_path


def _incident_notices(user=None):
    rows = Notice.objects.filter(kind=Notice.Kind.INCIDENT)
    if user is not None:
        rows = rows.filter(recipient=user)
    return rows.order_by("pk")


@pytest.fixture
def people(court, other_court):
    """Users of `court` (clerk, counsel of record, the counsel's staff, a filer of an envelope
    there), a user of another court only, and users who are told nothing (unconfirmed,
    disabled)."""
    counsel = factories.user(Role.ATTORNEY, last_name="Counsel")
    factories.case(court, counsel=[counsel])
    return {
        "clerk": factories.court_staff(Role.CLERK, court),
        "counsel": counsel,
        "staff": factories.staff_for(counsel),
        "elsewhere": factories.case(
            other_court, counsel=[factories.user(Role.ATTORNEY, last_name="Elsewhere")]
        )
        .counsel.get()
        .user,
        "unconfirmed": factories.court_staff(Role.CLERK, court, email_confirmed_at=None),
        "disabled": factories.court_staff(Role.CLERK, court, is_active=False),
    }


def test_an_incident_of_a_court_tells_its_users_when_opened_and_when_closed(court, people):
    administrator = factories.court_staff(Role.COURT_ADMINISTRATOR, court)
    with time_machine.travel(central(2026, 3, 9, 14, 30), tick=False):
        incident = _open(administrator, [court], central(2026, 3, 9, 14, 5))
    told = {n.recipient_id for n in _incident_notices()}
    expected = {people[k].pk for k in ("clerk", "counsel", "staff")} | {administrator.pk}
    assert told == expected
    notice = _incident_notices(people["counsel"]).get()
    assert notice.subject == "Outage: since Monday, March 9, 2026, 2:05 p.m. (Central time)"
    assert "Filing is failing in this court." in notice.body
    assert "Rule 103.06" in notice.body and court.name in notice.body
    assert notice.link == f"/status/#incident-{incident.pk}"
    assert NoticeDelivery.objects.filter(notices=notice).exists()  # its e-mail is queued
    with time_machine.travel(central(2026, 3, 9, 16, 30), tick=False):
        incidents.incident_close(actor=administrator, incident=incident, text="Fixed.")
    closing = _incident_notices(people["counsel"]).last()
    assert closing.subject.startswith("Outage over: Monday, March 9, 2026, 2:05 p.m. to ")
    assert "Rule 103.06" not in closing.body
    assert _incident_notices().count() == 2 * len(expected)


def test_an_incident_of_every_court_tells_every_user(court, people):
    with time_machine.travel(central(2026, 3, 9, 14, 30), tick=False):
        _open(_system_administrator(), [], central(2026, 3, 9, 14, 5))
    told = {n.recipient_id for n in _incident_notices()}
    assert people["elsewhere"].pk in told and people["clerk"].pk in told
    assert people["unconfirmed"].pk not in told and people["disabled"].pk not in told


def test_an_event_recorded_again_repeats_no_notice(court, people):
    administrator = factories.court_staff(Role.COURT_ADMINISTRATOR, court)
    with time_machine.travel(central(2026, 3, 9, 14, 30), tick=False):
        incident = _open(administrator, [court], central(2026, 3, 9, 14, 5))
        count = _incident_notices().count()
        with transaction.atomic():
            event_record("availability.incident_opened", incident=incident)
    assert _incident_notices().count() == count


def test_a_notice_that_cannot_be_recorded_leaves_no_incident(court, people):
    administrator = factories.court_staff(Role.COURT_ADMINISTRATOR, court)
    failing = mock.patch(
        "efiling.service.handlers.notices_record", side_effect=RuntimeError("mail table broken")
    )
    with (
        time_machine.travel(central(2026, 3, 9, 14, 30), tick=False),
        failing,
        pytest.raises(RuntimeError),
    ):
        _open(administrator, [court], central(2026, 3, 9, 14, 5))
    assert not Incident.objects.exists() and not _incident_notices().exists()


def test_the_health_monitors_incident_is_told_once_however_often_replayed(court, people):
    t0 = datetime(2026, 3, 9, 20, 0, tzinfo=UTC)
    down = {"database": None, "storage": "document storage unavailable: OSError"}
    healthy = {"database": None, "storage": None}
    states = {}
    for seconds, observed in ((0, down), (130, down), (200, down), (300, healthy)):
        with time_machine.travel(t0 + timedelta(seconds=seconds), tick=False):
            states, _ = monitor_step(
                states, after=timedelta(seconds=120), observe=lambda o=observed: o
            )
    incident = Incident.objects.get()
    assert incident.ended_at is not None
    # The journal's open decision imported again (a crash before it was marked done):
    incidents.monitor_incident_open(
        check="storage", started_at=t0, problem="again", entry_id=incident.journal_entry
    )
    incidents.monitor_incident_close(check="storage", ended_at=t0 + timedelta(seconds=400))
    mine = list(_incident_notices(people["elsewhere"]).values_list("subject", flat=True))
    assert len(mine) == 2
    assert mine[0].startswith("Outage: since") and mine[1].startswith("Outage over:")
    assert "document storage" in _incident_notices(people["clerk"]).first().body


def test_the_opened_incident_shows_in_the_inbox_and_in_get_notices(court, people):
    administrator = factories.court_staff(Role.COURT_ADMINISTRATOR, court)
    form = {
        "start_date": "03/09/2026",
        "start_time": "2:05pm",
        "courts": [court.pk],
        "affects_filing": "on",
        "description": "Filing fails in this court.",
    }
    with time_machine.travel(central(2026, 3, 9, 14, 30), tick=False):
        factories.client_for(administrator).post("/court-admin/incidents/", form)
        client = factories.client_for(people["counsel"])
        page = client.get("/notices/").content.decode()
        assert "Outage: since Monday, March 9, 2026, 2:05 p.m." in page
        api = client.get("/api/v1/notices").json()
    kinds = [row["kind"] for row in api["items"]]
    assert kinds == ["incident"]
