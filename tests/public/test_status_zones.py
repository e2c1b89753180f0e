"""The status page tells each window's and incident's times in the zone of the courts it
covers, labelled: one line per zone when they span several, naming the courts of each; an
event of every court in the default zone, plus the courts of other zones by name. The CSV
keeps Central time (its columns say so); the API keeps UTC."""

import time_machine
from django.test import Client

from efiling.availability.status import all_courts_zones, status_history, system_status
from efiling.core import clock
from tests.availability.test_maintenance import central
from tests.public.test_status_page import _window


def test_zone_words():
    assert clock.zone_words("America/Chicago") == "Central time"
    assert clock.zone_words("America/New_York") == "Eastern time"
    assert clock.zone_words("Europe/Paris") == "Europe/Paris time"


def test_every_court_in_the_default_zone_gives_one_unlabelled_line(court):
    window = _window(central(2026, 3, 14, 22), courts=[court])
    with time_machine.travel(central(2026, 3, 10, 12), tick=False):
        event = system_status().upcoming[0]
    assert event.pk == window.pk
    [times] = event.local_times
    assert times.zone_words == "Central time" and times.courts == ""
    assert times.starts_words == "Saturday, March 14, 2026, 10:00 p.m."


def test_a_court_of_another_zone_reads_its_own_times(court, other_court):
    other_court.time_zone = "America/New_York"
    other_court.save(update_fields=["time_zone"])
    _window(central(2026, 3, 14, 22), courts=[other_court], message="Eastern only.")
    _window(central(2026, 3, 15, 22), courts=[court, other_court], message="Both.")
    _window(central(2026, 3, 16, 22), message="Everywhere.")
    with time_machine.travel(central(2026, 3, 10, 12), tick=False):
        eastern, both, everywhere = system_status().upcoming
        page = Client().get("/status/").content.decode()
    [times] = eastern.local_times
    assert (times.zone_words, times.courts) == ("Eastern time", "")
    assert times.starts_words == "Saturday, March 14, 2026, 11:00 p.m."
    central_times, eastern_times = both.local_times
    assert central_times.zone_words == "Central time" and central_times.courts == court.name
    assert eastern_times.zone_words == "Eastern time" and eastern_times.courts == other_court.name
    assert eastern_times.starts_words == "Sunday, March 15, 2026, 11:00 p.m."
    first, second = everywhere.local_times
    assert (first.zone_words, first.courts) == ("Central time", "the other courts")
    assert (second.zone_words, second.courts) == ("Eastern time", other_court.name)
    assert "Saturday, March 14, 2026, 11:00 p.m. to Sunday, March 15, 2026, 3:00 a.m. " in page
    assert f"(Eastern time: {other_court.name})" in page
    assert "(Central time: the other courts)" in page
    assert "(times in the courts' zones)" in page
    assert dict(all_courts_zones())["America/New_York"] == other_court.name


def test_the_history_and_the_csv(court, other_court):
    other_court.time_zone = "America/New_York"
    other_court.save(update_fields=["time_zone"])
    _window(central(2026, 3, 5, 22), courts=[other_court])
    with time_machine.travel(central(2026, 3, 10, 12), tick=False):
        [event] = status_history()
        page = Client().get("/status/").content.decode()
        csv_text = Client().get("/status/history.csv").content.decode()
    assert event.local_times[0].starts_words == "Thursday, March 5, 2026, 11:00 p.m."
    assert "Thursday, March 5, 2026, 11:00 p.m. (Eastern time)" in page
    assert "Thursday, March 5, 2026, 10:00 p.m." in csv_text  # starts_central
