"""The frame every page shares (base.html on USWDS): assets served by the app itself, the main
navigation from the permission matrix, who is signed in, and date boxes in the format they show."""

import re
from datetime import time
from pathlib import Path

from django.conf import settings
from django.test import Client

from efiling.accounts.models import Role
from tests import factories
from tests.factories import client_for

TEMPLATES = Path(settings.BASE_DIR) / "efiling" / "templates"


def test_no_page_loads_anything_from_another_site():
    outside = re.compile(r"""(src|href)=["'](https?:)?//""")
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for match in outside.finditer(path.read_text())
        if "<link" in path.read_text() or "<script" in path.read_text()
    ]
    assert found == []


def test_uswds_assets_and_the_favicon_are_served_from_here(courts):
    page = Client().get("/").content.decode()
    for asset in ("/static/uswds/css/uswds.min.css", "/static/uswds/js/uswds.min.js"):
        assert asset in page
        assert Client().get(asset).status_code == 200
    assert '<link rel="icon" href="/static/img/favicon.svg"' in page
    assert Client().get("/static/img/favicon.svg").status_code == 200
    assert (
        Client().get("/static/uswds/fonts/public-sans/PublicSans-Regular.woff2").status_code == 200
    )


def test_the_navigation_offers_what_the_user_may_do(courts, settings):
    anonymous = Client().get("/").content.decode()
    assert ">Sign in</a>" in anonymous and "My filings" not in anonymous
    attorney = client_for(factories.user(Role.ATTORNEY, first_name="Nora", last_name="Quinn"))
    page = attorney.get("/filings/").content.decode()
    assert 'href="/filings/" aria-current="page">My filings</a>' in page
    assert ">My cases</a>" in page and "Court work" not in page
    assert "Signed in as <strong>Nora Quinn</strong> (Attorney)" in page
    clerk = factories.court_staff(Role.CLERK, courts.get(code="SL"))
    page = client_for(clerk).get("/").content.decode()
    assert ">Court work</a>" in page and "My filings" not in page
    assert f"({clerk.get_role_display()}), St. Louis County Circuit Court" in page


def test_a_self_represented_user_sees_no_filing_pages_while_the_switch_is_off(courts, settings):
    litigant = factories.user(Role.SELF_REPRESENTED)
    settings.EFILING_SELF_REPRESENTED_ENABLED = False
    client = client_for(litigant)
    page = client.get("/").content.decode()
    assert "My filings" not in page and "My cases" not in page and ">My account</a>" in page
    assert client.get("/filings/").status_code == 403
    settings.EFILING_SELF_REPRESENTED_ENABLED = True
    page = client.get("/").content.decode()
    assert ">My filings</a>" in page and ">My cases</a>" in page


def test_a_date_box_shows_and_takes_mm_dd_yyyy(courts):
    page = Client().get("/deadline/?court=SL").content.decode()
    assert "Format: mm/dd/yyyy." in page and 'class="usa-date-picker"' in page
    answer = Client().get("/deadline/?court=SL&from=11/25/2026&days=3").content.decode()
    assert "Tuesday, December 1, 2026" in answer
    iso = Client().get("/deadline/?court=SL&from=2026-11-25&days=3").content.decode()
    assert "Tuesday, December 1, 2026" in iso and 'data-default-value="2026-11-25"' in iso
    wrong = Client().get("/deadline/?court=SL&from=25.11.2026&days=3")
    assert wrong.status_code == 400
    assert "must be a date written mm/dd/yyyy, for example 03/02/2026" in wrong.content.decode()


def test_words_count_and_end_sentences_once():
    from efiling.core.clock import clock_time
    from efiling.core.words import counted, labelled, sentence

    assert (counted(1, "page"), counted(2_000, "page")) == ("1 page", "2,000 pages")
    assert (
        counted(1, "entry", "entries") == "1 entry"
        and counted(3, "entry", "entries") == "3 entries"
    )
    assert sentence(f"Held at {clock_time(time(9, 0))}") == "Held at 9:00 a.m."
    assert clock_time(time(0, 5)) == "12:05 a.m." and clock_time(time(12, 30)) == "12:30 p.m."
    assert clock_time(time(15, 4, 5), seconds=True) == "3:04:05 p.m."
    assert labelled("Judgment", "Judgment.") == "Judgment."
    assert labelled("Order", "Order on Motion to Compel") == "Order: Order on Motion to Compel"
