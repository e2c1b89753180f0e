"""Clients that go away mid-body are the client's problem (issue 10): through the real server
(gunicorn with config/gunicorn.conf.py), an upload (API and page) or a JSON request whose
client resets the connection, and an upload whose client closes its side early, are each
logged once as a WARNING without a traceback, answered (or abandoned) without a server error,
store nothing and leave no temporary file."""

import socket
import struct
import time

import pytest
from django.test import Client
from django.test.client import encode_multipart

from efiling.accounts.models import ApiToken
from efiling.accounts.tokens import api_token_create
from efiling.cases.models import Party
from efiling.filings.models import Document
from tests.gunicorn_server import Gunicorn, stalled_upload

MB = 1024 * 1024
BOUNDARY = "ResetBoundary"
CSRF = "a" * 32


class _named:
    """File-like bytes with a name, for encode_multipart."""

    name = "motion.pdf"

    def __init__(self, data: bytes):
        self._data = data

    def read(self):
        return self._data


def _wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} within {seconds:.0f}s")
        time.sleep(0.1)


def _reset(client: socket.socket) -> None:
    """Close with an RST instead of a FIN, as a client that crashed or lost its network."""
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    client.close()


def _answer(client: socket.socket) -> bytes:
    client.settimeout(20)
    data = b""
    while chunk := client.recv(65536):
        data += chunk
        if b"\r\n\r\n" in data:
            head, _, rest = data.partition(b"\r\n\r\n")
            length = next(
                (
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                ),
                0,
            )
            if len(rest) >= length:
                break
    client.close()
    return data


@pytest.mark.django_db(transaction=True)
def test_clients_that_go_away_mid_body_are_logged_once_and_leave_nothing(
    courts, new_case_envelope, attorney, tmp_path
):
    temporary = tmp_path / "tmp"
    token = api_token_create(user=attorney, name="firm", scope=ApiToken.Scope.FILE)[1]
    browser = Client()
    browser.force_login(attorney)
    cookies = f"sessionid={browser.cookies['sessionid'].value}; csrftoken={CSRF}"
    filing = new_case_envelope.filings.get()
    parties_before = Party.objects.count()
    pdf = b"%PDF-1.7\n" + b"0" * MB
    api_upload = (
        f"/api/v1/envelopes/{new_case_envelope.public_id}/filings/{filing.pk}/documents"
        "?kind=lead&file_name=motion.pdf",
        {"Authorization": f"Bearer {token}", "Content-Type": "application/pdf"},
        pdf,
    )
    page_upload = (
        f"/filings/{new_case_envelope.public_id}/filings/{filing.pk}/upload/",
        {"Cookie": cookies, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
        encode_multipart(
            BOUNDARY,
            {"csrfmiddlewaretoken": CSRF, "kind": "lead", "title": "x", "files": _named(pdf)},
        ),
    )
    json_request = (
        f"/api/v1/envelopes/{new_case_envelope.public_id}/parties",
        {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        b'{"kind": "person", "role": "petitioner", "last_name": "Lawson", "city": "'
        + b"x" * (256 * 1024)
        + b'"}',
    )
    log = tmp_path / "gunicorn.log"
    environment = {"EFILING_TEMP_DIR": str(temporary), "EFILING_LOG_LEVEL": "INFO"}

    def warnings() -> list[str]:
        return [line for line in log.read_text().splitlines() if " WARNING " in line]

    with Gunicorn(log, environment) as server:
        for number, (path, headers, body) in enumerate(
            (api_upload, page_upload, json_request), start=1
        ):
            client = stalled_upload(server.port, path, headers, body, sent=64 * 1024)
            time.sleep(0.5)  # the server reads what was sent and waits for more
            _reset(client)
            _wait_for(lambda n=number: len(warnings()) >= n, 10, f"reset {number} is logged")
        answers = []
        for path, headers, body in (api_upload, page_upload):
            client = stalled_upload(server.port, path, headers, body, sent=64 * 1024)
            client.shutdown(socket.SHUT_WR)  # the body ends here, short of its length
            answers.append(_answer(client))
        _wait_for(lambda: len(warnings()) >= 5, 10, "every early end is logged")
        time.sleep(0.5)
    text = log.read_text()
    lines = warnings()
    assert len(lines) == 5, "\n".join(lines)
    assert sum("reset the connection" in line for line in lines) == 3, text
    assert sum("(the connection was closed early) after 65536 of" in line for line in lines) == 2
    assert "Traceback" not in text and " ERROR " not in text, text
    assert all(answer.startswith(b"HTTP/1.1 400 ") for answer in answers), answers
    assert b'"code": "upload_incomplete"' in answers[0]
    assert b"did not arrive whole" in answers[1]
    assert list(temporary.iterdir()) == []
    assert not Document.objects.exists() and Party.objects.count() == parties_before
