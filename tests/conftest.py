import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from efiling.courts.models import Court
from efiling.courts.services import courts_load


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped courts once into the test database; tests that empty the database
    (transactional ones) reload them through the `courts` fixture."""
    with django_db_blocker.unblock():
        courts_load()


@pytest.fixture
def courts(db):
    if not Court.objects.exists():
        courts_load()
    return Court.objects.all()


@pytest.fixture
def court(courts):
    return Court.objects.get(code="SL")


@pytest.fixture
def other_court(courts):
    return Court.objects.get(code="BA")


@pytest.fixture(autouse=True)
def _isolated_storage(settings, tmp_path):
    """Each test gets its own document folder, so no test sees another's files."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documents")},
        },
    }


def database_vendor_expected() -> str:
    url = os.environ.get("EFILING_TEST_DATABASE_URL", "")
    return "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"


def pytest_sessionfinish(session, exitstatus):
    """The test settings made a throw-away data folder; leave nothing behind in /tmp."""
    data_dir = Path(settings.DATA_DIR)
    if data_dir.name.startswith("efiling-test-"):
        shutil.rmtree(data_dir, ignore_errors=True)
