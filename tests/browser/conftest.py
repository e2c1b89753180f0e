"""Real Chromium (Debian's) driven by Playwright against the live test server. These tests are
never skipped: a missing browser is a failure, and `make test` installs it."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API in pytest

CHROMIUM = os.environ.get("EFILING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# How long an `expect(...)` waits for what a page should show (Playwright's default is 5 s). The
# suite runs in two processes beside a live server and PDF checker processes on two cores: a
# submission's receipt took longer than 5 s there (tests/browser/test_service_browser.py failed
# now and then). Waiting longer costs nothing when the page is quick.
EXPECT_TIMEOUT_MS = 20_000
# Desktop and phone widths (CSS pixels): every page is checked at both.
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `make test`, which installs it.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page(browser, live_server, javascript: bool):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=javascript, viewport=DESKTOP
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def page(browser, transactional_db, live_server, courts):
    yield from _page(browser, live_server, javascript=True)


@pytest.fixture
def page_without_javascript(browser, transactional_db, live_server, courts):
    """Pages must work without JavaScript where they can (WCAG, old court terminals)."""
    yield from _page(browser, live_server, javascript=False)


def sign_in_by_cookie(page, live_server, user):
    """For tests whose subject is not signing in: reuse a session made by the test client."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def assert_accessible(page):
    """No WCAG 2.1 A or AA violation that axe-core can detect on the current page, at desktop
    and at phone width, and the page no wider than the screen at either (long words wrap). The
    page is left at its width before the call."""
    from axe_playwright_python.sync_playwright import Axe

    before = page.viewport_size
    try:
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
            assert results.violations_count == 0, f"{size}: {results.generate_report()}"
            assert_fits(page)
    finally:
        page.set_viewport_size(before)


def assert_fits(page):
    """The page scrolls only down: nothing widens it past the viewport (a wide table scrolls
    inside its own box)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide: {_widest(page)}"


def _widest(page) -> str:
    """The innermost elements reaching past the viewport's right edge, to say what widens it."""
    return page.evaluate(
        """() => {
          const past = e => e.getBoundingClientRect().right > window.innerWidth + 1;
          return [...document.querySelectorAll('main *, header *')]
            .filter(e => past(e) && ![...e.children].some(past))
            .slice(0, 5).map(e => e.tagName + (e.className ? '.' + e.className : '')
                + ' ' + Math.round(e.getBoundingClientRect().right) + 'px').join(', ');
        }"""
    )


def screenshot(page, name: str, *, phone: bool = False, full_page: bool = False) -> None:
    """With EFILING_SCREENSHOTS set to a folder, save what the screen shows there as
    `name`.png (at phone width when `phone`; the whole page when `full_page`):
    `EFILING_SCREENSHOTS=docs/screenshots` remakes the README's."""
    folder = os.environ.get("EFILING_SCREENSHOTS")
    if not folder:
        return
    before = page.viewport_size
    page.set_viewport_size(PHONE if phone else DESKTOP)
    try:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)
    finally:
        page.set_viewport_size(before)


def pick_time(page, label: str, shown: str) -> None:
    """Choose a time in the USWDS time picker labelled `label` as a person does: type the start
    of it in the combo box, then click the time in its list (`shown` as the list writes it,
    e.g. "9:30am"). The form then sends it as "09:30"."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.fill(shown[:-2])
    page.get_by_role("option", name=shown, exact=True).click()
    assert box.input_value() == shown


def type_time(page, label: str, text: str) -> None:
    """Type `text` in the USWDS time picker labelled `label` and leave it with Tab, without
    choosing from its list; the box keeps the text (efiling/static/js/time_picker.js)."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.fill(text)
    box.press("Tab")
    assert box.input_value() == text
