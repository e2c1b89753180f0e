import pytest

from tests.documents import builders


@pytest.fixture
def petition(tmp_path) -> bytes:
    """A petition's PDF, as the attorney's software uploads it."""
    path = builders.text_pdf(tmp_path / "petition.pdf", text="IN THE CIRCUIT COURT OF ST. LOUIS")
    return path.read_bytes()
