"""Juneteenth as the deadline command, the /deadline/ page and CalculateDeadline explain it:
the issue's own example, 30 days from Wednesday, May 20, 2026, ends on Friday, June 19, 2026,
a legal holiday, so the period runs to Monday, June 22."""

from io import StringIO

from django.core.management import call_command
from django.test import Client


def test_deadline_command_names_juneteenth(court):
    out = StringIO()
    call_command("deadline", "--court", "SL", "--from", "2026-05-20", "--days", "30", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[-1] == "2026-06-22"
    assert "  not counted: 2026-06-19 Friday (Juneteenth)" in lines


def test_deadline_page_names_juneteenth(court):
    response = Client().get("/deadline/", {"court": "SL", "from": "2026-05-20", "days": "30"})
    assert response.status_code == 200
    text = response.content.decode()
    assert '<time datetime="2026-06-22">Monday, June 22, 2026</time>' in text
    assert '<time datetime="2026-06-19">Fri, Jun 19, 2026</time>: Juneteenth</li>' in text


def test_calculate_deadline_names_juneteenth_and_the_2021_closure(court):
    client = Client()
    body = client.get("/api/v1/courts/SL/deadline?from=2026-05-20&days=30").json()
    assert body["due"] == "2026-06-22"
    assert body["not_counted"][0] == {"date": "2026-06-19", "reason": "Juneteenth"}
    body = client.get("/api/v1/courts/SL/deadline?from=2021-06-17&days=1").json()
    assert body["due"] == "2021-06-21"
    assert body["not_counted"][0] == {
        "date": "2021-06-18",
        "reason": "Juneteenth (state offices closed)",
    }
