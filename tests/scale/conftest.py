import pytest

from tests.documents import builders


@pytest.fixture
def petition(tmp_path) -> bytes:
    """A petition's PDF, as the attorney's software uploads it."""
    path = builders.text_pdf(tmp_path / "petition.pdf", text="IN THE CIRCUIT COURT OF ST. LOUIS")
    return path.read_bytes()


@pytest.fixture
def without_machine_aws_settings(monkeypatch):
    """The system's processes talk to the test's S3 server with the test's keys only: no AWS
    profile or endpoint of this machine may reach them (web processes inherit this process's
    environment)."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
