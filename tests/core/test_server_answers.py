"""What the real server (gunicorn with config/gunicorn.conf.py and efiling.core.web_worker)
answers before, or instead of, the application, over raw sockets:
- a request gunicorn cannot read (a header holding NUL, headers too large) gets the API's JSON
  shape when its path is under /api/ (it got gunicorn's HTML page), the HTML page elsewhere;
- an answer sent before the request's body was read whole (413 for a 3 MB JSON body, 401, 411
  for a chunked body) says `Connection: close`, and the server does close (a 413 said
  keep-alive, then closed: the client's next request on it failed);
- a request whose headers trickle in past EFILING_CLIENT_HEAD_SECONDS is answered 408."""

import json
import socket
import time

import pytest

from efiling.accounts.models import ApiToken
from efiling.accounts.tokens import api_token_create
from tests.gunicorn_server import HOST, Gunicorn

HEAD_SECONDS = 2


def _exchange(port: int, request: bytes, *, wait: float = 5) -> tuple[int, dict, bytes]:
    """Send `request` on a new connection; the status, headers and body of the answer."""
    with socket.create_connection((HOST, port), timeout=wait) as client:
        client.sendall(request)
        return _answer(client)


def _answer(client) -> tuple[int, dict, bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = client.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    if headers.get("Transfer-Encoding") == "chunked":
        while not body.endswith(b"0\r\n\r\n"):
            chunk = client.recv(65536)
            if not chunk:
                break
            body += chunk
        return int(lines[0].split(" ")[1]), headers, _unchunked(body)
    length = int(headers.get("Content-Length", len(body)))
    while len(body) < length:
        chunk = client.recv(65536)
        if not chunk:
            break
        body += chunk
    return int(lines[0].split(" ")[1]), headers, body


def _unchunked(data: bytes) -> bytes:
    body = b""
    while data:
        size, _, data = data.partition(b"\r\n")
        length = int(size, 16)
        if not length:
            break
        body, data = body + data[:length], data[length + 2 :]
    return body


def _closed(client) -> bool:
    """Whether the server closed the connection (a read gives nothing, or a reset)."""
    client.settimeout(5)
    try:
        return client.recv(1) == b""
    except ConnectionResetError:
        return True


@pytest.fixture
def server(transactional_db, tmp_path):
    environment = {
        "EFILING_TEMP_DIR": str(tmp_path / "tmp"),
        "EFILING_CLIENT_HEAD_SECONDS": str(HEAD_SECONDS),
        "EFILING_LOG_LEVEL": "WARNING",
    }
    with Gunicorn(tmp_path / "gunicorn.log", environment) as running:
        yield running


@pytest.mark.parametrize(
    ("header", "status"),
    [
        (b"Idempotency-Key: a\x00b", 400),
        (b"Authorization: Bearer efl_\x00abc", 400),
        (b"X-Big: " + b"a" * 9000, 431),
    ],
    ids=["Idempotency-Key with NUL", "Authorization with NUL", "a header over 8 KB"],
)
def test_what_gunicorn_refuses_is_json_under_the_api_and_html_elsewhere(server, header, status):
    api = _exchange(
        server.port, b"GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\n" + header + b"\r\n\r\n"
    )
    assert api[0] == status
    assert api[1]["Content-Type"] == "application/json" and api[1]["Connection"] == "close"
    body = json.loads(api[2])
    assert set(body) == {"detail", "code"} and body["detail"].startswith("The request could not")
    page = _exchange(
        server.port, b"GET /filings/ HTTP/1.1\r\nHost: 127.0.0.1\r\n" + header + b"\r\n\r\n"
    )
    assert page[0] == status and page[1]["Content-Type"] == "text/html"


@pytest.mark.django_db(transaction=True)
def test_an_answer_before_the_body_was_read_closes_the_connection(server, attorney):
    token = api_token_create(user=attorney, name="firm", scope=ApiToken.Scope.FILE)[1]
    body = b'{"court":"SL","case_type":"CC","caption":"' + b"x" * 3_000_000 + b'"}'
    head = (
        "POST /api/v1/envelopes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {token}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    with socket.create_connection((HOST, server.port), timeout=10) as client:
        client.sendall(head + body[:100_000])
        status, headers, answer = _answer(client)
        assert status == 413 and json.loads(answer)["code"] == "too_large"
        assert headers["Connection"] == "close"
        assert _closed(client)
    chunked = (
        b"POST /api/v1/envelopes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Authorization: Bearer " + token.encode() + b"\r\nTransfer-Encoding: chunked\r\n\r\n"
        b'5\r\n{"a":\r\n'
    )
    with socket.create_connection((HOST, server.port), timeout=10) as client:
        client.sendall(chunked)
        status, headers, answer = _answer(client)
        assert status == 411 and json.loads(answer)["code"] == "length_required"
        assert headers["Connection"] == "close"


def test_a_read_body_keeps_the_connection_alive(server):
    request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    with socket.create_connection((HOST, server.port), timeout=10) as client:
        for _ in range(2):
            client.sendall(request)
            status, headers, _ = _answer(client)
            assert status == 200 and headers["Connection"] == "keep-alive"


def test_headers_that_trickle_in_too_slowly_are_answered_408(server):
    with socket.create_connection((HOST, server.port), timeout=10) as client:
        client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        for _ in range(HEAD_SECONDS * 2 + 2):
            time.sleep(0.5)
            try:
                client.sendall(b"X")
            except OSError:
                break
        status, headers, _ = _answer(client)
        assert status == 408 and headers["Connection"] == "close"
