"""Sign-in throttling counts the client (behind a trusted proxy too) in a store every web
process shares: the database (SignInFailure rows), proved with two real server processes."""

import http.client
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
import time_machine
from django.test import Client

from efiling.accounts.models import Role
from efiling.core import clock
from tests import factories
from tests.gunicorn_server import HOST, Gunicorn

PROXY = "10.0.0.5"


def _sign_in(client, email, password="wrong"):  # noqa: S107 (a wrong password)
    return client.post("/accounts/sign-in/", {"email": email, "password": password})


def test_behind_a_proxy_each_client_address_is_counted_apart(db, settings):
    settings.EFILING_TRUSTED_PROXIES = [PROXY]
    users = [factories.user(Role.ATTORNEY) for _ in range(settings.EFILING_SIGNIN_LOCK_AFTER)]
    first = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    with time_machine.travel(clock.now(), tick=False) as traveller:
        for user in users:
            traveller.shift(61)
            _sign_in(Client(**first), user.email)
        fresh = factories.user(Role.ATTORNEY)
        traveller.shift(61)
        blocked = _sign_in(Client(**first), fresh.email, factories.PASSWORD)
        assert blocked.status_code == 429 and b"this address is locked" in blocked.content
        # another client through the same proxy is not the address that failed
        other = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.8")
        assert _sign_in(other, fresh.email, factories.PASSWORD)["Location"] == "/home/"
        # nor can the failing client escape by naming another address itself
        spoofing = Client(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="198.51.100.9")
        assert _sign_in(spoofing, fresh.email, factories.PASSWORD).status_code == 429


class _Browser:
    """A browser of one server process: its cookies and the sign-in form's CSRF token."""

    def __init__(self, port: int):
        self.port = port
        self.cookies = SimpleCookie()

    def _request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v.value}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            for value in response.headers.get_all("Set-Cookie") or []:
                self.cookies.load(value)
            return response.status, response.read().decode()
        finally:
            conn.close()

    def sign_in(self, email: str, password: str) -> int:
        _, page = self._request("GET", "/accounts/sign-in/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {"csrfmiddlewaretoken": token, "email": email, "password": password}
        return self._request("POST", "/accounts/sign-in/", urlencode(form))[0]


@pytest.mark.django_db(transaction=True)
def test_a_lockout_counts_the_failures_seen_by_every_server_process(courts, tmp_path):
    """Two gunicorn servers (one process each) share the database: two failures on each lock
    the account for both, which counts kept in a process's memory would not."""
    user = factories.user(Role.ATTORNEY)
    environment = {"EFILING_SIGNIN_LOCK_AFTER": "4", "EFILING_SIGNIN_SLOW_AFTER": "100"}
    with (
        Gunicorn(tmp_path / "a.log", environment, "--workers", "1") as first,
        Gunicorn(tmp_path / "b.log", environment, "--workers", "1") as second,
    ):
        browsers = [_Browser(first.port), _Browser(second.port)]
        for browser in browsers * 2:
            assert browser.sign_in(user.email, "wrong") == 422
        for browser in browsers:
            assert browser.sign_in(user.email, "still wrong") == 429
