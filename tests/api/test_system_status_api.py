"""GetSystemStatus (/api/v1/status): the state now per court and for all, the open incidents and
current windows, the windows to come; public (no sign-in) and up during a window that stops
the public search; described in the OpenAPI document."""

from datetime import timedelta

import time_machine
from django.test import Client

from efiling.core import clock
from tests.api.openapi import SCHEMA
from tests.availability.test_maintenance import central
from tests.public.test_status_page import _history, _window

client = Client()


def test_the_status_of_a_quiet_system(db):
    body = client.get("/api/v1/status").json()
    assert body["state"] == body["worst_state"] == "operating_normally"
    assert body["courts"] == body["current"] == body["upcoming"] == []


def test_the_status_per_court_with_incidents_and_windows(court, other_court):
    _history(court)
    with time_machine.travel(central(2026, 3, 10, 12), tick=False):
        response = client.get("/api/v1/status")
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "operating_normally"  # of all courts together
    assert body["worst_state"] == "incident"  # one court's (issue 15's trial: hidden before)
    assert body["courts"] == [{"code": court.code, "name": court.name, "state": "incident"}]
    incident, window = body["current"]
    assert incident["kind"] == "incident" and incident["ends_at"] is None
    assert incident["courts"] == [court.code] and incident["stops_filing"]
    assert incident["description"] == "Uploads fail in St. Louis County."
    assert window["kind"] == "maintenance" and window["courts"] == [court.code]
    assert window["ends_at"] == "2026-03-10T19:00:00Z"
    (upcoming,) = body["upcoming"]
    assert upcoming["courts"] is None and upcoming["description"] == "Planned upgrade."
    assert upcoming["emergency_reason"] == "" and upcoming["updates"] == []


def test_the_status_answers_during_a_window_that_stops_the_public_search(db):
    _window(clock.now() - timedelta(hours=1), affects_public_search=True)
    assert client.get("/api/v1/public/cases/26SL-CC00001").status_code == 503
    body = client.get("/api/v1/status").json()
    assert body["state"] == body["worst_state"] == "maintenance"
    assert body["current"][0]["stops_public_search"]


def test_the_operation_is_public_and_documented(db):
    operation = SCHEMA["paths"]["/api/v1/status"]["get"]
    assert operation["operationId"] == "GetSystemStatus"
    assert operation["x-permission"] == "public"
