"""The parts of a deployment, started as separate processes on this machine for the scale-out
tests: an S3-compatible document store over HTTP (moto's server), `efiling` commands and task
workers, and web processes (tests.gunicorn_server.Gunicorn), all configured from the
environment exactly as production is (docs/operations.md). Every process is stopped by its own
process id."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import boto3
import requests
from cryptography.fernet import Fernet

from tests.gunicorn_server import HOST, REPO, unused_port

REGION = "us-east-1"
BUCKET = "efiling-documents"
# Variables of this process that must not leak into the system's processes: the test run's own
# settings, and any AWS profile or endpoint of the machine.
NOT_INHERITED = ("DJANGO_", "EFILING_", "AWS_")


class Process:
    """A child process with its output in a log file; `stop` sends SIGTERM, then SIGKILL."""

    def __init__(self, command: list[str], env: dict[str, str], log: Path):
        self.log = log
        with open(log, "ab") as output:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and modules
                command, cwd=REPO, env=env, stdout=output, stderr=output
            )

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


class S3Server(Process):
    """moto's S3-compatible server in its own process, with one bucket (versioned when asked:
    the document store's own backup, docs/operations.md)."""

    def __init__(self, log: Path, *, versioned: bool = False):
        self.port = unused_port()
        self.endpoint = f"http://{HOST}:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith(NOT_INHERITED)}
        super().__init__(
            [sys.executable, "-m", "moto.server", "-H", HOST, "-p", str(self.port)], env, log
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(f"{self.endpoint}/moto-api/", timeout=2)
                break
            except requests.ConnectionError:
                if not self.alive() or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"moto did not start:\n{log.read_text()[-2000:]}") from None
                time.sleep(0.2)
        self.client = boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        self.client.create_bucket(Bucket=BUCKET)
        if versioned:
            self.client.put_bucket_versioning(
                Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"}
            )

    @property
    def storage_url(self) -> str:
        return f"s3://{BUCKET}?endpoint_url={self.endpoint}&region={REGION}"

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=BUCKET, Key=key)["Body"].read()

    def object_keys(self) -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
        return sorted(entry["Key"] for page in pages for entry in page.get("Contents", ()))


class System:
    """The environment every process of one deployment shares (one secret key, one field key,
    the primary, the replica when there is one, the document store) and the processes
    started in it."""

    def __init__(self, root: Path, *, database_url: str, storage_url: str, replica_url: str = ""):
        self.root = root
        (root / "data" / "static").mkdir(parents=True, exist_ok=True)  # WhiteNoise's folder
        (root / "tmp").mkdir(exist_ok=True)
        self.processes: list[Process] = []
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(NOT_INHERITED)}
        self.env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "EFILING_DATA_DIR": str(root / "data"),
                "EFILING_TEMP_DIR": str(root / "tmp"),
                "EFILING_SECRET_KEY": secrets.token_urlsafe(50),
                "EFILING_FIELD_KEY": Fernet.generate_key().decode(),
                "EFILING_ALLOWED_HOSTS": HOST,
                "EFILING_DATABASE_URL": database_url,
                "EFILING_STORAGE_URL": storage_url,
                "EFILING_LOG_LEVEL": "WARNING",
                "EFILING_WEB_WORKERS": "1",
                "EFILING_WEB_THREADS": "4",
                "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_DEFAULT_REGION": REGION,
                "AWS_CONFIG_FILE": "/nonexistent/aws-config",
                "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws-credentials",
            }
        )
        if replica_url:
            self.env["EFILING_REPLICA_DATABASE_URL"] = replica_url

    def efiling(self, *args: str, env: dict[str, str] | None = None, check: bool = True):
        """One `efiling` command, run to its end; its CompletedProcess (text output)."""
        result = subprocess.run(  # noqa: S603 - our own interpreter and commands
            [sys.executable, "-m", "efiling.cli", *args],
            cwd=REPO,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check and result.returncode:
            raise RuntimeError(f"efiling {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return result

    def prepare(self) -> dict:
        """Migrate the primary, then make the cast (tests/scale/people.py); its credentials."""
        self.efiling("migrate", "--no-input")
        result = subprocess.run(
            [sys.executable, "-m", "tests.scale.people"],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode:
            raise RuntimeError(f"tests.scale.people failed:\n{result.stdout}{result.stderr}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    def command(self, name: str, *args: str) -> Process:
        """A long-running `efiling` command in its own process, logging to `name`.log."""
        command = [sys.executable, "-m", "efiling.cli", *args]
        process = Process(command, self.env, self.root / f"{name}.log")
        self.processes.append(process)
        return process

    def worker(self, name: str) -> Process:
        """A task worker (`efiling db_worker`), polling every half second."""
        return self.command(name, "db_worker", "--interval", "0.5")

    def web(
        self,
        name: str,
        *,
        port: int | None = None,
        wait: bool = True,
        env: dict[str, str] | None = None,
    ):
        """A web process (gunicorn with config/gunicorn.conf.py) on its own port (or on
        `port`), answering (or just started, without `wait`); `env` adds settings of its own."""
        from tests.gunicorn_server import Gunicorn

        server = Gunicorn(self.root / f"{name}.log", {**self.env, **(env or {})}, port=port)
        self.processes.append(server)
        if not wait:
            return server
        try:
            server.wait_ready()
        except BaseException:
            server.stop()
            raise
        return server

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()
        self.processes.clear()

    def logs(self) -> str:
        """The tail of every log of this system (for a failure's message)."""
        return "\n".join(
            f"== {log.name}\n{log.read_text(errors='replace')[-3000:]}"
            for log in sorted(self.root.glob("*.log"))
        )
