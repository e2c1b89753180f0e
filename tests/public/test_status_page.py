"""The public status page (/status/): the state now per court or for all, the windows to come,
the history of windows and incidents (paged, Central time, emergency reasons), the signing
keys; its CSV and Atom exports parsed; linked from every page's footer; up during a window that
stops the public search."""

import csv
import io
from datetime import timedelta
from xml.etree import ElementTree

import time_machine
from django.test import Client

from efiling.accounts.models import Role
from efiling.availability import incidents
from efiling.availability.models import MaintenanceWindow
from efiling.core import clock
from efiling.core.signing import signing_keys
from tests import factories
from tests.availability.test_maintenance import central

ATOM = "{http://www.w3.org/2005/Atom}"


def _window(starts, hours=4, courts=(), **fields):
    window = MaintenanceWindow.objects.create(
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        all_courts=not courts,
        affects_filing=True,
        message=fields.pop("message", "Database upgrade."),
        posted_at=starts - timedelta(days=7),
        **fields,
    )
    window.courts.set(courts)
    return window


def _system_administrator():
    return factories.user(Role.COURT_ADMINISTRATOR, is_superuser=True, is_staff=True)


def _history(court):
    """A closed incident of every court, an open one of `court`, a past emergency window, a
    current window of `court`, one to come and one cancelled."""
    system = _system_administrator()
    with time_machine.travel(central(2026, 3, 10, 12), tick=False):
        old = incidents.incident_open(
            actor=system,
            started_at=central(2026, 3, 2, 9, 15),
            courts=[],
            all_courts=True,
            affects_filing=True,
            affects_public_search=True,
            description="The database was down.",
        )
        incidents.incident_update(actor=system, incident=old, text="Restarting the server.")
        incidents.incident_close(actor=system, incident=old, ended_at=central(2026, 3, 2, 11))
        incidents.incident_open(
            actor=system,
            started_at=central(2026, 3, 10, 11, 30),
            courts=[court],
            all_courts=False,
            affects_filing=True,
            affects_public_search=False,
            description="Uploads fail in St. Louis County.",
        )
    _window(
        central(2026, 3, 5, 22),
        message="Emergency patch.",
        emergency=True,
        emergency_reason="A security fix could not wait.",
    )
    _window(central(2026, 3, 10, 10), courts=[court], message="Court server move.")
    _window(central(2026, 3, 14, 22), message="Planned upgrade.")
    _window(central(2026, 3, 13, 22), message="Called off.", cancelled_at=central(2026, 3, 9))


def test_the_page_tells_the_state_now_what_is_to_come_and_the_history(court, other_court):
    _history(court)
    with time_machine.travel(central(2026, 3, 10, 12), tick=False):
        page = Client().get("/status/").content.decode()
    assert "All courts: operating normally</strong>, except:" in page
    assert f"{court.name}: incident in progress" in page
    assert other_court.name not in page.split("History")[0]
    for shown in [
        "Uploads fail in St. Louis County.",
        "Court server move.",
        "Planned maintenance to come",
        "Saturday, March 14, 2026, 10:00 p.m. to Sunday, March 15, 2026, 2:00 a.m.",
        "Planned upgrade.",
        "Monday, March 2, 2026, 9:15 a.m.",
        "Monday, March 2, 2026, 11:00 a.m.",
        "Restarting the server.",
        "Emergency maintenance: A security fix could not wait.",
        "not over yet",
        'href="/status/history.csv"',
        'href="/status/feed.atom"',
        "Records of filing attempts",
        signing_keys()[0].public_base64,
        signing_keys()[0].key_id,
        'href="/attempts/verify/"',
    ]:
        assert shown in page, shown
    assert "Called off." not in page


def test_an_incident_of_every_court_is_the_state_of_all(court):
    with time_machine.travel(central(2026, 3, 10, 12), tick=False):
        incidents.incident_open(
            actor=_system_administrator(),
            started_at=central(2026, 3, 10, 11),
            courts=[],
            all_courts=True,
            affects_filing=True,
            affects_public_search=False,
            description="Everything is down.",
        )
        _window(central(2026, 3, 10, 10), courts=[court])
        page = Client().get("/status/").content.decode()
    assert "All courts: incident in progress</strong>." in page


def test_the_footer_of_every_page_links_the_status_page(db):
    for path in ("/", "/public/search/", "/accounts/sign-in/"):
        assert 'href="/status/">System status</a>' in Client().get(path).content.decode()


def test_the_page_stays_up_during_a_window_that_stops_the_public_search(db):
    _window(clock.now() - timedelta(hours=1), affects_public_search=True)
    client = Client()
    assert client.get("/public/search/").status_code == 503
    page = client.get("/status/")
    assert page.status_code == 200
    assert "All courts: planned maintenance in progress" in page.content.decode()


def test_the_history_is_paged(db):
    for day in range(30):
        _window(central(2025, 1, 1, 22) + timedelta(days=day), message=f"Window {day}.")
    client = Client()
    first = client.get("/status/").content.decode()
    assert "Window 29." in first and "Window 4." not in first and "page 1 of 2" in first
    assert "Window 4." in client.get("/status/?page=2").content.decode()
    assert client.get("/status/?page=3").status_code == 404
    assert client.get("/status/?page=x").status_code == 400


def test_the_csv_has_every_row(court):
    _history(court)
    with time_machine.travel(central(2026, 3, 10, 12), tick=False):
        response = Client().get("/status/history.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["kind"], r["description"]) for r in rows] == [
        ("incident", "Uploads fail in St. Louis County."),
        ("maintenance", "Court server move."),
        ("maintenance", "Emergency patch."),
        ("incident", "The database was down."),
    ]
    open_incident, _, emergency, closed = rows
    assert open_incident["ends_at_utc"] == "" and open_incident["courts"] == court.code
    assert closed["starts_at_utc"] == "2026-03-02T15:15:00+00:00"
    assert closed["starts_central"] == "Monday, March 2, 2026, 9:15 a.m."
    assert closed["courts"] == "all"
    assert closed["unavailable"] == "filing and other changes and public case search"
    assert emergency["emergency_reason"] == "A security fix could not wait."


def test_the_atom_feed_parses_with_the_windows_to_come_and_the_history(court, settings):
    _history(court)
    with time_machine.travel(central(2026, 3, 10, 12), tick=False):
        response = Client().get("/status/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)  # noqa: S314 (our own answer)
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles[0].startswith("Planned maintenance: Saturday, March 14, 2026, 10:00 p.m.")
    assert titles[1].startswith("Incident: Tuesday, March 10, 2026, 11:30 a.m.")
    assert titles[1].endswith("(in progress) (Central time)")
    assert len(entries) == 5
    summaries = [e.find(f"{ATOM}summary") for e in entries]
    assert all(s.get("type") == "text" for s in summaries)
    assert any("Update, " in s.text and "Restarting the server." in s.text for s in summaries)
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert all(i.startswith(settings.EFILING_SITE_URL.rstrip("/") + "/status/#") for i in ids)
    assert len(set(ids)) == len(ids)
    # Dates are when the public was told, never a start that lies ahead (issue 15's trial),
    # and an emergency is titled so.
    now = "2026-03-10T17:00:00+00:00"  # noon Central (daylight time)
    assert feed.findtext(f"{ATOM}updated") <= now
    assert all(e.findtext(f"{ATOM}updated") <= now for e in entries)
    assert any(t.startswith("Emergency maintenance: ") for t in titles), titles
