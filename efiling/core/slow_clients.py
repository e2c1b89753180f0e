"""What keeps slow clients from starving the embedded web server (efiling.core.web_worker uses
it; gunicorn's threaded worker gives each request in progress a thread of its own):

- `ClientReads` wraps the socket a connection's requests are read from. The head of a request
  (its request line and headers) must arrive within EFILING_CLIENT_HEAD_SECONDS of its first
  byte (default 10), or the server answers 408 and closes the connection. A body must keep up
  an average of EFILING_CLIENT_MIN_RATE bytes a second (default 8,192: 64 kbit/s) once
  EFILING_CLIENT_RATE_GRACE seconds have passed (default 10); the time allowed grows with
  every byte received, so a large upload on a fair line is never cut, while a client trickling
  a byte every few seconds is cut off within seconds (ClientTooSlow: the view answers 400
  upload_interrupted and frees the thread). No single read may wait longer than
  EFILING_CLIENT_TIMEOUT (default 30) either. The first bytes of each request are kept, so
  that an error answered before the request could be parsed still knows its path.
- `UploadSlots` caps the request bodies being received at once: at most
  EFILING_UPLOAD_SLOTS per process (default half its threads) and
  EFILING_UPLOAD_SLOTS_PER_CLIENT per client address (default a quarter of its threads; the
  address is efiling.core.client_address's, so clients behind a trusted proxy count apart). A
  request whose body has not already arrived whole needs a slot; when none is free it is
  answered at once, before its body is read, 503 with Retry-After (the API's JSON shape under
  /api/). The other threads stay free for everything else, /healthz included. A body that is
  already in the server's buffers (a form, a JSON request: almost every request) needs none.
- `guarded_application` is the WSGI application wrapped with both, and it marks for closing
  (`Connection: close`) every answer sent before its request's body was read whole: the
  client must not send its next request on a connection whose stream still holds the rest of
  this one's body.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass

from efiling.core.client_address import client_address

logger = logging.getLogger("efiling.web")

API_PREFIX = "/api/"
RECORDED_BYTES = 2048  # of each request's start: its request line, for an early error's path
PEEK_BYTES = 65536  # how far ahead a body is looked for in the socket's buffer
RETRY_AFTER_SECONDS = 10
_HEAD_TOO_SLOW_TEXT = b"The request's headers did not arrive in time.\n"
HEAD_TOO_SLOW = (
    b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Type: text/plain\r\n"
    b"Content-Length: %d\r\n\r\n%s" % (len(_HEAD_TOO_SLOW_TEXT), _HEAD_TOO_SLOW_TEXT)
)


def _number(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    value = float(raw) if raw else default
    if not value > 0:
        raise ValueError(f"{name} must be a positive number.")
    return value


@dataclass(frozen=True)
class ClientLimits:
    """The limits of the module's text, from the environment (see each variable there)."""

    read_timeout: float  # EFILING_CLIENT_TIMEOUT: seconds one read may wait
    head_seconds: float  # EFILING_CLIENT_HEAD_SECONDS: for the whole head of a request
    min_rate: float  # EFILING_CLIENT_MIN_RATE: bytes a second a body must average
    rate_grace: float  # EFILING_CLIENT_RATE_GRACE: seconds before the rate counts
    slots: int  # EFILING_UPLOAD_SLOTS: bodies received at once, per process
    slots_per_client: int  # EFILING_UPLOAD_SLOTS_PER_CLIENT: the same, per client address

    @classmethod
    def from_environment(cls, *, threads: int) -> ClientLimits:
        slots = int(_number("EFILING_UPLOAD_SLOTS", max(1, threads // 2)))
        return cls(
            read_timeout=_number("EFILING_CLIENT_TIMEOUT", 30.0),
            head_seconds=_number("EFILING_CLIENT_HEAD_SECONDS", 10.0),
            min_rate=_number("EFILING_CLIENT_MIN_RATE", 8192.0),
            rate_grace=_number("EFILING_CLIENT_RATE_GRACE", 10.0),
            slots=slots,
            slots_per_client=int(
                _number("EFILING_UPLOAD_SLOTS_PER_CLIENT", max(1, min(slots, threads // 4)))
            ),
        )


class ClientTooSlow(TimeoutError):
    """A request body arrived slower than the minimum rate: the read fails as a stall does,
    and the upload's log line says why."""

    log_cause = "the client sent its body too slowly"


class ClientReads:
    """The socket a connection's requests are read from (gunicorn's unreader reads through
    it), holding each read to the deadlines of the module's text and keeping the first bytes
    of each request. Everything else goes to the socket itself."""

    def __init__(self, sock: socket.socket, limits: ClientLimits):
        self._sock = sock
        self._limits = limits
        self.recorded = bytearray()
        self._phase = "idle"  # "head" until the request is parsed, "body" while one arrives
        self._started = 0.0
        self._received = 0
        self._body_left = 0

    def __getattr__(self, name):
        return getattr(self._sock, name)

    def request_started(self, buffered: bytes) -> None:
        """A new request begins (`buffered`: its bytes read ahead already)."""
        self.recorded = bytearray(buffered[:RECORDED_BYTES])
        self._phase, self._started = "head", time.monotonic()

    def body_started(self, length: int) -> None:
        """The head is parsed; `length` bytes of body remain to be received from the socket."""
        self._phase, self._started, self._received = "body", time.monotonic(), 0
        self._body_left = length
        if length <= 0:
            self._phase = "idle"

    def available(self, size: int) -> int:
        """How many bytes (up to `size`) the socket holds already, without waiting or taking
        them."""
        self._sock.settimeout(0)
        try:
            return len(self._sock.recv(size, socket.MSG_PEEK))
        except OSError:  # BlockingIOError: nothing yet
            return 0
        finally:
            self._sock.settimeout(self._limits.read_timeout)

    def _time_left(self) -> float:
        limits = self._limits
        if self._phase == "head":
            return self._started + limits.head_seconds - time.monotonic()
        allowed = limits.rate_grace + self._received / limits.min_rate
        return self._started + allowed - time.monotonic()

    def recv(self, size: int, *flags) -> bytes:
        if self._phase == "idle":  # the socket's own timeout (gunicorn's drain sets its own)
            return self._sock.recv(size, *flags)
        left = self._time_left()
        if left <= 0:
            return self._too_slow()
        self._sock.settimeout(min(self._limits.read_timeout, left))
        try:
            data = self._sock.recv(size, *flags)
        except TimeoutError:
            if self._time_left() <= 0:
                return self._too_slow()
            raise
        finally:
            self._sock.settimeout(self._limits.read_timeout)
        if self._phase == "head" and len(self.recorded) < RECORDED_BYTES:
            self.recorded += data[: RECORDED_BYTES - len(self.recorded)]
        elif self._phase == "body":
            self._received += len(data)
            if self._received >= self._body_left:
                self._phase = "idle"
        return data

    def _too_slow(self) -> bytes:
        if self._phase == "head":
            # The request could not be read: answer 408 and end the connection (the parser
            # takes the empty read as the client gone).
            self._phase = "idle"
            with contextlib.suppress(OSError):
                self._sock.sendall(HEAD_TOO_SLOW)
            return b""
        raise ClientTooSlow(
            f"under {self._limits.min_rate:,.0f} bytes a second after "
            f"{self._limits.rate_grace:g} seconds"
        )

    def request_path(self) -> str | None:
        """The path of the request line recorded, or None when none was read."""
        line = bytes(self.recorded).split(b"\r\n", 1)[0].split(b" ")
        if len(line) < 2:
            return None
        target = line[1].decode("latin-1")
        if "://" in target:  # absolute form
            target = "/" + target.split("://", 1)[1].partition("/")[2]
        return target.split("?", 1)[0]


class UploadSlots:
    """Counts the request bodies being received in this process, in total and per client."""

    def __init__(self, limits: ClientLimits):
        self._limits = limits
        self._lock = threading.Lock()
        self._total = 0
        self._per_client: Counter[str] = Counter()

    def take(self, client: str) -> bool:
        with self._lock:
            if self._total >= self._limits.slots:
                return False
            if self._per_client[client] >= self._limits.slots_per_client:
                return False
            self._total += 1
            self._per_client[client] += 1
            return True

    def give_back(self, client: str) -> None:
        with self._lock:
            self._total -= 1
            self._per_client[client] -= 1
            if self._per_client[client] <= 0:
                del self._per_client[client]


class _Environ:
    """What efiling.core.client_address reads of a request: its META."""

    def __init__(self, environ: dict):
        self.META = environ


def _body(environ: dict):
    """gunicorn's body reader of the request, its unreader, and the ClientReads it reads
    through (None for each it does not have)."""
    reader = getattr(environ.get("wsgi.input"), "reader", None)
    unreader = getattr(reader, "unreader", None)
    reads = getattr(unreader, "sock", None)
    return reader, unreader, reads if isinstance(reads, ClientReads) else None


def _body_to_come(environ: dict) -> tuple[int, int]:
    """Bytes of the request's declared body still to be received from the socket, and how
    many of those are not even in the socket's buffer yet ((0, 0): the body is here whole)."""
    reader, unreader, reads = _body(environ)
    length = getattr(reader, "length", 0)
    if not isinstance(length, int) or length <= 0 or unreader is None:
        return 0, 0
    from_socket = max(length - len(unreader.buf.getvalue()), 0)
    missing = from_socket
    if missing and reads is not None:
        missing -= reads.available(min(missing, PEEK_BYTES))
    return from_socket, missing


def _unread(environ: dict) -> bool:
    """Whether the request's body has not been read whole (a chunked body never is here)."""
    reader = getattr(environ.get("wsgi.input"), "reader", None)
    length = getattr(reader, "length", 0)
    return "HTTP_TRANSFER_ENCODING" in environ or (isinstance(length, int) and length > 0)


def _busy(environ: dict, start_response):
    if environ.get("PATH_INFO", "").startswith(API_PREFIX):
        body = json.dumps(
            {
                "detail": "The server is receiving as many uploads as it can at once just now; "
                f"send this request again in {RETRY_AFTER_SECONDS} seconds.",
                "code": "busy",
            }
        ).encode()
        content_type = "application/json"
    else:
        body = (
            b"<!doctype html><html lang=en><title>Busy</title><h1>Busy just now</h1><p>The "
            b"server is receiving as many uploads as it can at once. Wait a few seconds, then "
            b"send the form again.</p></html>"
        )
        content_type = "text/html; charset=utf-8"
    start_response(
        "503 Service Unavailable",
        [
            ("Content-Type", content_type),
            ("Content-Length", str(len(body))),
            ("Retry-After", str(RETRY_AFTER_SECONDS)),
            ("Cache-Control", "no-store"),
        ],
    )
    return [body]


def guarded_application(application, slots: UploadSlots):
    """`application` (WSGI), with the body slots and the closing rule of the module's text."""

    def guarded(environ, start_response):
        def start(status, headers, exc_info=None):
            if _unread(environ):
                response = getattr(start_response, "__self__", None)  # gunicorn's Response
                if response is not None and hasattr(response, "force_close"):
                    response.force_close()
            return start_response(status, headers, exc_info)

        _, _, reads = _body(environ)
        from_socket, missing = _body_to_come(environ)
        if reads is not None:
            reads.body_started(from_socket)
        if not missing or "HTTP_TRANSFER_ENCODING" in environ:  # 411 before any read
            return application(environ, start)
        client = client_address(_Environ(environ)) or "unknown"
        if not slots.take(client):
            logger.warning(
                "%s %s: answered 503 busy before reading its body (%s bytes to come), from "
                "%s: every upload slot is taken.",
                environ.get("REQUEST_METHOD"),
                environ.get("PATH_INFO"),
                f"{missing:,}",
                client,
            )
            return _busy(environ, start)
        try:
            return application(environ, start)
        finally:
            slots.give_back(client)

    return guarded
