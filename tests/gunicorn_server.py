"""The real web server for tests and benchmarks: gunicorn with config/gunicorn.conf.py in a
subprocess on a free loopback port, serving the database this process uses (committed data:
a test must use `transactional_db`), stopped by its own process id."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

HOST = "127.0.0.1"
REPO = Path(__file__).resolve().parent.parent


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """This process's database as a URL for EFILING_DATABASE_URL (the test database in a
    test run)."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{params['NAME']}"
    credentials = params["USER"] + (f":{params['PASSWORD']}" if params.get("PASSWORD") else "")
    return (
        f"postgres://{credentials}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/"
        f"{params['NAME']}"
    )


def get(port: int, path: str, *, timeout: float, headers=None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class Gunicorn:
    """gunicorn -c config/gunicorn.conf.py config.wsgi:application, with `environment` added
    to this process's environment; its output goes to `log`. On a free port, or on `port`
    (a restart in the place of one that stopped)."""

    def __init__(
        self, log: Path, environment: dict[str, str], *options: str, port: int | None = None
    ):
        self.port = port or unused_port()
        self.log = log
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
        env.update({"EFILING_ALLOWED_HOSTS": HOST, "EFILING_DATABASE_URL": database_url()})
        env.update(environment)
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--config",
            str(REPO / "config" / "gunicorn.conf.py"),
            "--bind",
            f"{HOST}:{self.port}",
            *options,
        ]
        with open(log, "ab") as output:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
                command, cwd=REPO, env=env, stdout=output, stderr=output
            )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            try:
                if get(self.port, "/healthz", timeout=5)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer in {timeout:.0f}s:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def __enter__(self):
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()


def stalled_upload(port: int, path: str, headers: dict[str, str], body: bytes, sent: int):
    """A client that sends the request's headers and the first `sent` bytes of its body, then
    stalls: the socket stays open, silent, until the caller closes it."""
    client = socket.create_connection((HOST, port), timeout=60)
    head = f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: {len(body)}\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers.items()) + "\r\n"
    client.sendall(head.encode("latin-1") + body[:sent])
    return client
