"""Slow clients cannot take the server down (issue 9): the real server (gunicorn with
config/gunicorn.conf.py) keeps answering /healthz while ten uploads that sent their headers and
part of their body hang, and once their reads time out they leave no temporary file. The
latency figures are benchmarks/slow_clients.py's; this test only requires an answer."""

import time

import pytest
from django.test import Client
from django.test.client import encode_multipart

from efiling.accounts.models import ApiToken
from efiling.accounts.tokens import api_token_create
from tests.gunicorn_server import Gunicorn, get, stalled_upload

STALLED = 10
CLIENT_TIMEOUT = 8  # seconds, for the server under test (30 by default)
MB = 1024 * 1024
BOUNDARY = "StalledBoundary"


def _wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} within {seconds:.0f}s")
        time.sleep(0.1)


def _status_of_answer(client) -> int:
    """The HTTP status the server finally sent on a stalled connection."""
    client.settimeout(CLIENT_TIMEOUT + 20)
    head = b""
    while b"\r\n" not in head:
        chunk = client.recv(1024)
        if not chunk:
            break
        head += chunk
    return int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0


@pytest.mark.django_db(transaction=True)
def test_stalled_uploads_neither_starve_the_server_nor_leave_files(
    courts, new_case_envelope, attorney, tmp_path
):
    temporary = tmp_path / "tmp"
    token = api_token_create(user=attorney, name="firm", scope=ApiToken.Scope.FILE)[1]
    browser = Client()
    browser.force_login(attorney)
    cookies = f"sessionid={browser.cookies['sessionid'].value}; csrftoken={'a' * 32}"
    filing = new_case_envelope.filings.get()
    pdf = b"%PDF-1.7\n" + b"0" * MB
    api = (
        f"/api/v1/envelopes/{new_case_envelope.public_id}/filings/{filing.pk}/documents"
        "?kind=lead&file_name=stalled.pdf",
        {"Authorization": f"Bearer {token}", "Content-Type": "application/pdf"},
        pdf,
    )
    page = (
        f"/filings/{new_case_envelope.public_id}/filings/{filing.pk}/upload/",
        {"Cookie": cookies, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
        encode_multipart(BOUNDARY, {"kind": "lead", "title": "x", "files": _named(pdf)}),
    )
    environment = {
        "EFILING_TEMP_DIR": str(temporary),
        "EFILING_CLIENT_TIMEOUT": str(CLIENT_TIMEOUT),
        "EFILING_LOG_LEVEL": "WARNING",
    }
    with Gunicorn(tmp_path / "gunicorn.log", environment) as server:
        stalled = []
        try:
            for number in range(STALLED):
                path, headers, body = page if number % 2 else api
                stalled.append(stalled_upload(server.port, path, headers, body, sent=64 * 1024))
            _wait_for(
                lambda: len(list(temporary.iterdir())) == STALLED,
                CLIENT_TIMEOUT / 2,
                "every stalled upload is being received",
            )
            for _ in range(3):
                assert get(server.port, "/healthz", timeout=3)[0] == 200
            assert len(list(temporary.iterdir())) == STALLED  # they still hang
            answers = [_status_of_answer(client) for client in stalled]
        finally:
            for client in stalled:
                client.close()
        # API and pages alike: the upload was interrupted (pages once answered a failed CSRF
        # check, which could not read the body)
        assert answers.count(400) == STALLED
        _wait_for(lambda: not list(temporary.iterdir()), 10, "no temporary file is left")
        assert get(server.port, "/healthz", timeout=3)[0] == 200
    log = (tmp_path / "gunicorn.log").read_text()
    assert log.count("the client stopped sending") == STALLED, log  # each logged once
    assert "Traceback" not in log and " ERROR " not in log, log


class _named:
    """File-like bytes with a name, for encode_multipart."""

    name = "stalled.pdf"

    def __init__(self, data: bytes):
        self._data = data

    def read(self):
        return self._data
