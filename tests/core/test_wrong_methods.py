"""Every page answers a method it does not take with the error page in words (405, Allow
kept), never an empty body; every page that answers GET answers HEAD alike (require_safe).

The walk takes every route of the URL conf (a new route is covered the moment it is added),
requested by people of each kind of account, so that the method check is reached behind each
route's permission check."""

from __future__ import annotations

import re
import uuid
from html import unescape

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from efiling.accounts.models import Role
from efiling.core.middleware import METHOD_TITLE, method_refusal
from efiling.feeds import services as feeds
from tests import factories

# Routes that are no page of ours: the admin's own views, the API (tests/api walks it).
NOT_PAGES = ("admin/", "api/")


def _routes() -> list[tuple[str, str | None]]:
    """(path with stand-in values, route name) of every page route."""

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.name

    def stand_in(match):
        converter = match.group(1) or "str"
        return {"int": "1", "uuid": str(uuid.uuid4())}.get(converter, "x")

    return [
        ("/" + re.sub(r"<(?:(\w+):)?\w+>", stand_in, route).lstrip("^").rstrip("$"), name)
        for route, name in walk(get_resolver().url_patterns, "")
        if not route.startswith(NOT_PAGES) and "(?P" not in route
    ]


ROUTES = _routes()


@pytest.fixture
def clients(court):
    attorney = factories.user(Role.ATTORNEY)
    people = [
        attorney,
        factories.staff_for(attorney),
        factories.court_staff(Role.CLERK, court),
        factories.court_staff(Role.JUDGE, court),
        factories.court_staff(Role.COURT_ADMINISTRATOR, court),
        factories.user(Role.HELP_DESK),
    ]
    return [Client(), *(factories.client_for(person) for person in people)]


def _words(response) -> str:
    main = re.search(r"<main.*?</main>", response.content.decode(), re.S)
    assert main, response.content[:300]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main.group(0))).split())


def _is_method_page(response, where) -> None:
    assert response.status_code == 405, where
    assert response["Allow"], where
    assert response["X-Frame-Options"] == "DENY", where
    assert response["Content-Type"].startswith("text/html"), where
    words = _words(response)
    assert METHOD_TITLE in words, (where, words)
    assert "form" in words or "page" in words, (where, words)


def test_the_walk_finds_the_routes():
    assert len(ROUTES) > 100
    assert ("/notices/read-all/", "notices-read-all") in ROUTES


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["notices-read-all", "notice-read", "case-tracking"])
def test_a_button_address_opened_says_to_use_the_button(name, attorney):
    client = factories.client_for(attorney)
    args = [] if name == "notices-read-all" else [1]
    came_from = "http://testserver" + reverse("notices")
    response = client.get(reverse(name, args=args), HTTP_REFERER=came_from)
    _is_method_page(response, name)
    assert response["Allow"] == "POST"
    words = _words(response)
    assert "takes a form submission" in words and "use its button" in words, words
    assert f'href="{came_from}"' in response.content.decode()


@pytest.mark.django_db
def test_a_link_back_is_only_to_the_site_itself(attorney):
    client = factories.client_for(attorney)
    response = client.get(reverse("notices-read-all"), HTTP_REFERER="https://evil.example/")
    _is_method_page(response, "elsewhere")
    assert "evil.example" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["home", "notices", "my-home", "notice-preferences"])
def test_head_of_a_page_has_the_headers_of_get_and_no_body(page, attorney):
    client = factories.client_for(attorney)
    got, head = client.get(reverse(page)), client.head(reverse(page))
    assert (got.status_code, head.status_code) == (200, 200)
    assert head.content == b""
    assert head["Content-Type"] == got["Content-Type"]


@pytest.mark.django_db
def test_head_of_the_calendar_feed(attorney, client):
    secret = feeds.calendar_feed_create(user=attorney)
    got = client.get(reverse("calendar-feed", args=[secret]))
    head = client.head(reverse("calendar-feed", args=[secret]))
    assert (got.status_code, head.status_code) == (200, 200)
    assert head.content == b""
    assert head["Content-Type"] == got["Content-Type"] == "text/calendar; charset=utf-8"


@pytest.mark.django_db
def test_a_form_sent_without_the_security_code_gets_a_page_in_words():
    """Django's CSRF refusal is a bare page for developers: every route answers a POST, PUT,
    PATCH or DELETE that carries no CSRF token with our page in words (found by the trial of
    issue 13: a POST to a public page showed "CSRF verification failed ... DEBUG=True")."""
    client = Client(enforce_csrf_checks=True)
    for path, name in ROUTES:
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            response = client.generic(method, path)
            where = (method, path, name, response.status_code)
            assert response.status_code != 500, where
            assert b"DEBUG=True" not in response.content, where
            if response.status_code == 403 and response["Content-Type"].startswith("text/html"):
                assert "security code" in _words(response) or "not allowed" in _words(response), (
                    where
                )
    refused = client.post(reverse("notices-read-all"))
    assert refused.status_code == 403
    assert "Form expired or not sent from this site" in _words(refused)
    assert "Nothing was saved" in _words(refused)


def _reading_page_refuses_other_methods(client, path, name) -> None:
    """A page that takes GET and HEAD only (efiling.core.pages.safe_only) answers a POST, PUT
    or DELETE sent without a CSRF token with 405 and its page in words, not 403 "Form
    expired" (found by the trial of issue 13: a POST to /public/search/)."""
    client.handler.enforce_csrf_checks = True
    try:
        for method in ("POST", "PUT", "DELETE"):
            _is_method_page(client.generic(method, path), (method, path, name))
    finally:
        client.handler.enforce_csrf_checks = False


@pytest.mark.django_db
def test_every_page_answers_each_method_in_words(clients, settings):
    """One walk of every route, for each kind of account:
    - a method a page does not take is answered with the error page in words (405, Allow
      kept), never an empty body or a 500;
    - HEAD is answered wherever GET is (a link checker, a feed reader, a mail scanner's check
      of an unsubscribe link), with GET's status and no body;
    - a page for reading (a DELETE refused with Allow: GET, HEAD: found by what it answers,
      not by a mark, so a page that only takes GET by another means is held to it too)
      answers POST, PUT and DELETE without a CSRF token 405 as well.
    The public pages' throttle is off: the walk asks more of them than a visitor may."""
    settings.EFILING_THROTTLED_PREFIXES = ()
    refused, reading = set(), 0
    for path, name in ROUTES:
        for client in clients:
            answers = {method: client.generic(method, path) for method in ("DELETE", "PUT")}
            answers["GET"] = client.get(path)
            for method, response in answers.items():
                where = (method, path, name)
                assert response.status_code != 500, where
                if response.status_code == 405:
                    _is_method_page(response, where)
                    refused.add(name)
            got = answers["GET"]
            if got.status_code != 405:
                head = client.head(path)
                assert head.status_code == got.status_code, (path, name, got.status_code)
                assert head.content == b"", (path, name)
            deleted = answers["DELETE"]
            if deleted.status_code == 405 and deleted["Allow"] == "GET, HEAD":
                reading += 1
                _reading_page_refuses_other_methods(client, path, name)
    # Every route refuses DELETE, behind its permission check, for at least one person:
    # a route that never did would not have been tested.
    assert len(refused) > 0.8 * len(ROUTES), sorted({n for _, n in ROUTES} - refused)
    assert reading > 50


def test_the_refusal_names_the_method_with_its_article():
    assert "(an OPTIONS request is not taken here)" in method_refusal("OPTIONS", {"GET", "HEAD"})
    assert "it does not take a PUT request" in method_refusal("PUT", {"GET", "POST"})
