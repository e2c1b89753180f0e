"""The web server's worker: gunicorn's threaded worker (gthread), with a time limit on every
read from a client.

gunicorn's gthread worker waits for a new connection's first bytes without holding a thread,
but once a request has begun it reads headers and body from a blocking socket with no
timeout: a client that sends its headers and part of a body, then stalls, holds a thread until
it goes away (gunicorn 27; the sync worker is worse: it holds the whole process until the
heartbeat timeout kills it). Here every read and write on a client socket times out after
EFILING_CLIENT_TIMEOUT seconds (default 30) without progress: the read fails, the view answers
"upload interrupted" and removes what it received, and the thread is free again.

A reverse proxy that buffers request bodies (docs/operations.md) keeps slow clients away from
the application in production; this limit is what protects the embedded mode and any
deployment without one.
"""

from __future__ import annotations

import errno
import os

from gunicorn.workers.gthread import TConn, ThreadWorker

CLIENT_TIMEOUT_VARIABLE = "EFILING_CLIENT_TIMEOUT"
DEFAULT_CLIENT_TIMEOUT = 30.0  # seconds a client may stay silent in the middle of a request


def client_timeout() -> float:
    """Seconds a client may stay silent mid-request, from EFILING_CLIENT_TIMEOUT."""
    raw = os.environ.get(CLIENT_TIMEOUT_VARIABLE, "").strip()
    value = float(raw) if raw else DEFAULT_CLIENT_TIMEOUT
    if not value > 0:
        raise ValueError(f"{CLIENT_TIMEOUT_VARIABLE} must be a positive number of seconds.")
    return value


class StallLimitedConnection(TConn):
    """A client connection whose socket operations time out. gunicorn makes the socket
    blocking (no timeout) right before `init()` each time a thread takes the connection up,
    so the limit is set again there."""

    read_timeout = DEFAULT_CLIENT_TIMEOUT

    def init(self):
        super().init()
        self.sock.settimeout(self.read_timeout)


class StallLimitedThreadWorker(ThreadWorker):
    """gthread, whose connections are StallLimitedConnection."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.client_timeout = client_timeout()

    def accept(self, listener):
        """ThreadWorker.accept (gunicorn 27.0), making a StallLimitedConnection."""
        try:
            client_sock, client_addr = listener.accept()
            self.nr_conns += 1
            client_sock.setblocking(True)
            conn = StallLimitedConnection(
                self.cfg, client_sock, client_addr, listener.getsockname()
            )
            conn.read_timeout = self.client_timeout
            self.enqueue_req(conn)
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
