from pathlib import Path

import pytest
from django.test import Client

from efiling.accounts.models import Role
from efiling.cases.models import Party
from efiling.courts.models import CaseType
from efiling.filings import services
from efiling.payments.services import deposit, payment_account_for
from tests import factories
from tests.documents import builders


@pytest.fixture
def attorney(court):
    person = factories.user(Role.ATTORNEY, first_name="Avery", last_name="Lawson")
    deposit(account=payment_account_for(person), amount_cents=100_000, reference="test deposit")
    return person


@pytest.fixture
def signed_in(attorney):
    client = Client()
    client.force_login(attorney)
    return client


@pytest.fixture
def new_case_envelope(court, attorney):
    envelope = services.draft_create(
        user=attorney,
        court=court,
        case_type=CaseType.objects.get(code="CC"),
        caption="Lawson v. Acme Corp.",
    )
    services.party_add(
        envelope=envelope,
        user=attorney,
        represented=True,
        values={
            "kind": Party.Kind.PERSON,
            "role": Party.PartyRole.PETITIONER,
            "first_name": "Pat",
            "last_name": "Lawson",
        },
    )
    services.party_add(
        envelope=envelope,
        user=attorney,
        represented=False,
        values={
            "kind": Party.Kind.ORGANIZATION,
            "role": Party.PartyRole.RESPONDENT,
            "organization_name": "Acme Corp.",
        },
    )
    services.filing_add(envelope=envelope, user=attorney, code="PET")
    return envelope


@pytest.fixture
def pdf(tmp_path):
    """Makes a text PDF file with the given name and returns its path."""

    def make(name: str = "petition.pdf", pages: int = 2) -> Path:
        return builders.text_pdf(
            tmp_path / name, pages=pages, text="IN THE CIRCUIT COURT OF ST. LOUIS COUNTY"
        )

    return make


def stored_files(settings) -> list[Path]:
    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"]) / "documents"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def upload(client, envelope, path: Path, kind: str = "lead", filing=None, title: str = ""):
    filing = filing or envelope.filings.first()
    with open(path, "rb") as handle:
        return client.post(
            f"/filings/{envelope.public_id}/filings/{filing.pk}/upload/",
            {"kind": kind, "title": title, "files": handle},
        )
