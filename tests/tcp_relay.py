"""A database outage on demand: a TCP relay on a free loopback port to the real PostgreSQL
server. Processes under test connect through it; `cut()` drops every connection and refuses new
ones (what a stopped or restarting server does to its clients), `restore()` accepts again on
the same port. The server itself, shared with other tests, is never touched."""

from __future__ import annotations

import contextlib
import socket
import threading

from tests.gunicorn_server import HOST, unused_port


class Relay:
    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = unused_port()
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._open = False
        self.restore()

    def restore(self) -> None:
        listener = socket.create_server((HOST, self.port))  # SO_REUSEADDR: the same port again
        listener.settimeout(0.1)
        with self._lock:
            self._open = True
            self._sockets.append(listener)
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        with self._lock:
            self._open = False
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while self._open:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            client.settimeout(None)
            with self._lock:
                if not self._open:
                    client.close()
                    upstream.close()
                    return
                self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
