"""The health monitor: its rule (observe -> decide) with frozen time, no sleeping; an incident
opened only once a check has failed for EFILING_INCIDENT_AFTER_SECONDS, with the time of the
first failing observation, and closed at the first healthy one; while the database is down its
decisions wait in the journal and are imported, once, when it answers again."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from efiling.audit.models import AuditEvent
from efiling.availability.models import Incident
from efiling.availability.monitor import (
    JOURNAL,
    CheckState,
    Decision,
    monitor_decide,
    monitor_import,
    monitor_states_initial,
    monitor_step,
)
from efiling.core.journal import journal_pending
from tests.database_down import database_down

AFTER = timedelta(seconds=120)
T0 = datetime(2026, 3, 9, 20, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def _at(seconds: int) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_the_rule_opens_only_after_the_set_time_once_and_closes_when_healthy():
    states: dict[str, CheckState] = {}
    seen = []
    for seconds, problem in [
        (0, "down"),
        (60, "down"),
        (119, "down"),
        (120, "down"),
        (180, "down"),
    ]:
        states, decisions = monitor_decide(
            states, {"storage": problem, "database": None}, _at(seconds), after=AFTER
        )
        seen.append((seconds, decisions))
    assert seen[:3] == [(0, []), (60, []), (119, [])]
    assert seen[3] == (120, [Decision("open", "storage", T0, "down")])
    assert seen[4] == (180, [])
    states, decisions = monitor_decide(
        states, {"storage": None, "database": None}, _at(200), after=AFTER
    )
    assert decisions == [Decision("close", "storage", _at(200))]
    assert states["storage"] == CheckState()


def test_a_failure_shorter_than_the_set_time_opens_nothing():
    states, _ = monitor_decide({}, {"database": "down"}, _at(0), after=AFTER)
    states, decisions = monitor_decide(states, {"database": None}, _at(100), after=AFTER)
    states, again = monitor_decide(states, {"database": "down"}, _at(110), after=AFTER)
    _, later = monitor_decide(states, {"database": "down"}, _at(200), after=AFTER)
    assert decisions == again == later == []  # the clock starts again at the new failure


def _steps(observations):
    """Run monitor_step at each (seconds after T0, observed) with frozen time."""
    states, decided = {}, []
    for seconds, observed in observations:
        with time_machine.travel(_at(seconds), tick=False):
            states, decisions = monitor_step(
                states, after=AFTER, observe=lambda observed=observed: observed
            )
        decided += decisions
    return states, decided


def test_the_monitor_opens_and_closes_an_incident_of_every_court(db):
    storage_down = {"database": None, "storage": "document storage unavailable: OSError"}
    healthy = {"database": None, "storage": None}
    _steps([(0, storage_down), (90, storage_down)])
    assert not Incident.objects.exists()
    _steps([(0, storage_down), (130, storage_down)])
    incident = Incident.objects.get()
    assert incident.started_at == T0 and incident.ended_at is None
    assert incident.all_courts and incident.failed_check == "storage" and not incident.opened_by
    assert incident.affects_filing and not incident.affects_public_search
    assert "document storage" in incident.description
    states = monitor_states_initial()  # a restarted monitor knows the incident is its own
    with time_machine.travel(_at(300), tick=False):
        monitor_step(states, after=AFTER, observe=lambda: healthy)
    incident.refresh_from_db()
    assert incident.ended_at == _at(300) and incident.closed_by is None
    assert [u.text for u in incident.updates.all()] == [
        "Resolved: the health monitor found the document storage working again."
    ]
    labels = AuditEvent.objects.filter(object_type="availability.incident").values_list(
        "action", "actor_label"
    )
    assert list(labels.order_by("pk")) == [
        ("availability.incident_opened", "the health monitor"),
        ("availability.incident_closed", "the health monitor"),
    ]
    assert journal_pending(JOURNAL) == []


@pytest.mark.django_db(transaction=True)
def test_while_the_database_is_down_the_journal_keeps_the_decisions_until_it_returns():
    states: dict[str, CheckState] = {}
    with database_down():
        for seconds in (0, 60, 125, 200):
            with time_machine.travel(_at(seconds), tick=False):
                states, _ = monitor_step(states, after=AFTER)  # the real checks
        pending = journal_pending(JOURNAL)
        assert [(e["kind"], e["check"], e["at"]) for e in pending] == [
            ("open", "database", T0.isoformat())
        ]
        assert monitor_import() == 0  # the database still does not answer: kept
    assert not Incident.objects.exists()
    with time_machine.travel(_at(260), tick=False):
        states, decisions = monitor_step(states, after=AFTER)
    assert decisions == [Decision("close", "database", _at(260))]
    incident = Incident.objects.get()
    assert (incident.started_at, incident.ended_at) == (T0, _at(260))
    assert incident.affects_public_search and incident.journal_entry == pending[0]["entry_id"]
    assert journal_pending(JOURNAL) == []
    assert monitor_import() == 0
    assert Incident.objects.count() == 1
