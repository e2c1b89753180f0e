"""core.events: handlers run in the event's transaction, once each, and roll back with it."""

import datetime

import pytest
from django.db import transaction

from efiling.core import events
from efiling.core.events import event_record, subscribe
from efiling.courts.models import Holiday

pytestmark = pytest.mark.django_db


@pytest.fixture
def seen(monkeypatch):
    monkeypatch.setattr(events, "_handlers", type(events._handlers)(list))
    return []


def test_handlers_run_in_order_with_the_facts(seen):
    subscribe("tests.thing_happened", lambda e: seen.append(("first", e.number)))
    subscribe("tests.thing_happened", lambda e: seen.append(("second", e.kind)))
    with transaction.atomic():
        event = event_record("tests.thing_happened", number=7)
    assert seen == [("first", 7), ("second", "tests.thing_happened")]
    assert event.occurred_at.tzinfo is not None
    with pytest.raises(AttributeError, match="no fact 'missing'"):
        getattr(event, "missing")  # noqa: B009


def test_a_handler_subscribed_twice_runs_once(seen):
    def handler(event):
        seen.append(event.kind)

    subscribe("tests.once", handler)
    subscribe("tests.once", handler)
    with transaction.atomic():
        event_record("tests.once")
    assert seen == ["tests.once"]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_it_is_refused(seen):
    with pytest.raises(RuntimeError, match="in the transaction of the change"):
        event_record("tests.loose")


def test_what_a_handler_writes_rolls_back_with_the_change(seen):
    def handler(event):
        Holiday.objects.create(date=event.day, name="Written by a handler")
        raise ValueError("refused")

    subscribe("tests.refused", handler)
    day = datetime.date(2031, 3, 3)
    with pytest.raises(ValueError), transaction.atomic():
        event_record("tests.refused", day=day)
    assert not Holiday.objects.filter(date=day).exists()
