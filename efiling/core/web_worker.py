"""The web server's worker: gunicorn's threaded worker (gthread), made safe against slow and
malformed clients.

gunicorn's gthread worker waits for a new connection's first bytes without holding a thread,
but once a request has begun it reads headers and body in a thread, from a blocking socket
(gunicorn 27; the sync worker is worse: it holds the whole process). Here (the limits are
efiling.core.slow_clients'):
- every read from a client has deadlines: a request's head must arrive within
  EFILING_CLIENT_HEAD_SECONDS, a body must keep up a minimum average rate, and no read waits
  longer than EFILING_CLIENT_TIMEOUT seconds (default 30): a stalled or trickling upload fails
  its read (the view answers "upload interrupted", removes what it received) and the thread is
  free again;
- request bodies being received at once are capped per process and per client address; beyond
  the cap a request is answered 503 with Retry-After before its body is read, so threads stay
  free for /healthz and every other request;
- an answer sent before the request's body was read whole says `Connection: close`;
- a connection is closed without blocking: gunicorn lingers on a closing socket (to read what
  the client still sends, so that its last answer is not lost to a reset) for up to two
  seconds in its event loop, which then serves nobody; here the lingering sockets wait in the
  event loop's poller instead;
- errors gunicorn answers itself before the application sees the request (a header holding
  NUL, headers too large: 400, 431) are answered in the API's JSON shape when the request's
  path is under /api/, as gunicorn's HTML page elsewhere.

A reverse proxy that buffers request bodies (docs/operations.md) keeps slow clients away from
the application in production; these limits protect the embedded mode and any deployment
without one.
"""

from __future__ import annotations

import contextlib
import errno
import html
import json
import selectors
import socket
import threading
import time
from functools import partial

from gunicorn import util
from gunicorn.workers.gthread import TConn, ThreadWorker

from efiling.core.slow_clients import (
    API_PREFIX,
    ClientLimits,
    ClientReads,
    UploadSlots,
    guarded_application,
)

LINGER_SECONDS = 2.0  # how long a closing connection is read from (gunicorn's own figure)
LINGER_BYTES = 65536
# The code of gunicorn's own error answers, in the API's error shape.
GUNICORN_ERROR_CODES = {
    400: "bad_request",
    403: "forbidden",
    414: "uri_too_long",
    417: "expectation_failed",
    431: "headers_too_large",
    500: "server_error",
    501: "not_implemented",
}


class StallLimitedConnection(TConn):
    """A client connection whose HTTP/1 requests are read through ClientReads. gunicorn makes
    the socket blocking (no timeout) right before `init()` each time a thread takes the
    connection up, so the read timeout is set again there."""

    limits: ClientLimits | None = None

    def init(self):
        first = self.parser is None
        super().init()
        self.sock.settimeout(self.limits.read_timeout)
        if first and not self.is_http2:
            self.parser.unreader.sock = ClientReads(self.parser.unreader.sock, self.limits)
            self.request_started()

    def reads(self) -> ClientReads | None:
        reads = getattr(getattr(self.parser, "unreader", None), "sock", None)
        return reads if isinstance(reads, ClientReads) else None

    def request_started(self) -> None:
        reads = self.reads()
        if reads is not None:
            reads.request_started(self.parser.unreader.buf.getvalue())


class _Written:
    """Stands for a client socket while gunicorn writes its error page, keeping the bytes."""

    def __init__(self):
        self.data = b""

    def gettimeout(self):
        return 0.0

    def setblocking(self, flag):
        pass

    def sendall(self, data):
        self.data += data


class StallLimitedThreadWorker(ThreadWorker):
    """gthread with the protections of the module's text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limits = ClientLimits.from_environment(threads=self.cfg.threads)
        self.lingering: list[tuple[float, socket.socket]] = []
        self._current = threading.local()

    def load_wsgi(self):
        super().load_wsgi()
        self.wsgi = guarded_application(self.wsgi, UploadSlots(self.limits))

    def accept(self, listener):
        """ThreadWorker.accept (gunicorn 27.0), making a StallLimitedConnection."""
        try:
            client_sock, client_addr = listener.accept()
            self.nr_conns += 1
            client_sock.setblocking(True)
            conn = StallLimitedConnection(
                self.cfg, client_sock, client_addr, listener.getsockname()
            )
            conn.limits = self.limits
            self.enqueue_req(conn)
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise

    def handle(self, conn):
        """gthread's, with the connection known to this thread (for handle_error) and a
        kept-alive connection's next request begun."""
        self._current.conn = conn
        try:
            if conn.initialized:
                conn.request_started()
            return super().handle(conn)
        finally:
            self._current.conn = None

    def handle_error(self, req, client, addr, exc):
        """gunicorn's error answer; in the API's JSON shape when the path is under /api/."""
        if not self._api_path(req):
            return super().handle_error(req, client, addr, exc)
        written = _Written()
        super().handle_error(req, written, addr, exc)
        head, _, page = written.data.partition(b"\r\n\r\n")
        status_line = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ", 2)
        status = int(status_line[1]) if len(status_line) > 1 else 500
        reason = status_line[2] if len(status_line) > 2 else "Error"
        detail = html.unescape(
            page.decode("latin-1").split("</p></h1>", 1)[-1].split("</body>")[0].strip()
        )
        body = json.dumps(
            {
                "detail": f"The request could not be read: {detail or reason}.",
                "code": GUNICORN_ERROR_CODES.get(status, "bad_request"),
            }
        ).encode()
        answer = (
            f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode("latin-1")
        try:
            util.write_nonblock(client, answer + body)
        except Exception:
            self.log.debug("Failed to send error message.")
        return None

    def _api_path(self, req) -> bool:
        path = getattr(req, "path", None)
        if path is None:
            conn = getattr(self._current, "conn", None)
            reads = conn.reads() if conn is not None else None
            path = reads.request_path() if reads is not None else None
        return bool(path) and path.startswith(API_PREFIX)

    # Closing without blocking the event loop -------------------------------------------

    def finish_request(self, conn, fs):
        """gthread's, except that a connection to close lingers in the poller (see the
        module's text) instead of in a blocking read on this, the event loop's, thread."""
        try:
            result = fs.result() if not fs.cancelled() else False
        except Exception:
            result = False
        if result:
            return super().finish_request(conn, fs)
        self.nr_conns -= 1
        self._linger(conn.sock)
        return None

    def _linger(self, sock) -> None:
        try:
            sock.shutdown(socket.SHUT_WR)
            sock.setblocking(False)
            self.poller.register(sock, selectors.EVENT_READ, partial(self._drain, [0]))
        except (OSError, ValueError, KeyError):
            util.close(sock)
            return
        self.lingering.append((time.monotonic() + LINGER_SECONDS, sock))

    def _drain(self, drained: list[int], sock) -> None:
        """Read what a lingering client still sends; close at its end or past the cap."""
        try:
            data = sock.recv(LINGER_BYTES)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        drained[0] += len(data)
        if not data or drained[0] >= LINGER_BYTES:
            self._close_lingering(sock)

    def _close_lingering(self, sock) -> None:
        with contextlib.suppress(OSError, KeyError, ValueError):
            self.poller.unregister(sock)
        self.lingering = [(until, other) for until, other in self.lingering if other is not sock]
        util.close(sock)

    def murder_keepalived(self, force=False):
        """gthread's (called each turn of the event loop), and lingering sockets past their
        time are closed too."""
        super().murder_keepalived(force)
        now = time.monotonic()
        for until, sock in list(self.lingering):
            if force or until <= now:
                self._close_lingering(sock)
