"""A real S3-compatible HTTP server (moto's server mode) on loopback, configured as the document
storage exactly as production reads it from EFILING_STORAGE_URL."""

from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
import requests
from moto.server import ThreadedMotoServer

from config.env import storage_from_url

BUCKET = "efiling-test"
PREFIX = "docs"
REGION = "us-east-1"


class MotoServer:
    """One moto server per test session, started again if a test stopped it."""

    def __init__(self):
        self.server: ThreadedMotoServer | None = None
        self.endpoint = ""

    def running(self) -> str:
        if self.server is None:
            self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
            self.server.start()
            host, port = self.server.get_host_and_port()
            self.endpoint = f"http://{host}:{port}"
        # moto keeps its state per process: every test starts from an empty service.
        requests.post(f"{self.endpoint}/moto-api/reset", timeout=10).raise_for_status()
        return self.endpoint

    def stop(self) -> None:
        """Stop serving and close the listening socket, so clients are refused at once rather
        than left waiting on a socket nobody answers."""
        if self.server is not None:
            self.server.stop()
            self.server._server.server_close()
            self.server = None


@pytest.fixture(scope="session")
def moto_server():
    server = MotoServer()
    yield server
    server.stop()


@dataclass
class S3:
    moto: MotoServer
    endpoint: str
    client: object
    bucket: str = BUCKET
    prefix: str = PREFIX

    def keys(self, under: str = "") -> list[str]:
        """Every object key in the bucket under `prefix/under`, asked over HTTP."""
        paginator = self.client.get_paginator("list_objects_v2")
        pages = paginator.paginate(Bucket=self.bucket, Prefix=f"{self.prefix}/{under}")
        return sorted(entry["Key"] for page in pages for entry in page.get("Contents", ()))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def stop(self) -> None:
        self.moto.stop()


@pytest.fixture
def s3_storage(settings, monkeypatch, moto_server, _isolated_storage):
    """Depends on the autouse filesystem fixture so it runs after it and replaces its storage."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials")

    endpoint = moto_server.running()
    client = boto3.client("s3", endpoint_url=endpoint, region_name=REGION)
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": storage_from_url(
            f"s3://{BUCKET}/{PREFIX}?endpoint_url={endpoint}&region={REGION}",
            Path(settings.DATA_DIR),
        ),
    }
    return S3(moto=moto_server, endpoint=endpoint, client=client)
