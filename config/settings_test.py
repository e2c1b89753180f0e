"""Test settings: the suite runs on SQLite by default, on any database named by
EFILING_TEST_DATABASE_URL (CI runs it again on PostgreSQL)."""

import os
import tempfile
from pathlib import Path

# A throw-away data folder (SQLite test database, documents, mail) per test process: each
# pytest-xdist worker makes its own (the workers inherit the controller's environment), and
# what a worker starts (gunicorn, checkers) inherits the worker's.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
_owner = os.environ.get("EFILING_TEST_DATA_OWNER")
if not os.environ.get("EFILING_DATA_DIR") or (_owner is not None and _owner != _worker):
    os.environ["EFILING_DATA_DIR"] = tempfile.mkdtemp(prefix=f"efiling-test-{_worker}")
    os.environ["EFILING_TEST_DATA_OWNER"] = _worker

from config.settings import *  # noqa: F403, E402 (after the data folder is chosen)
from config.settings import DATA_DIR, STATIC_ROOT, database_settings  # noqa: E402

Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)

DATABASES = {
    "default": database_settings(
        os.environ.get("EFILING_TEST_DATABASE_URL")
        or f"sqlite:///{Path(DATA_DIR) / 'test.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # One test database per run, so that two runs on one server (CI and a developer) never meet.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not the shared in-memory database, so that threads lock as in production.
    DATABASES["default"]["TEST"] = {"NAME": str(Path(DATA_DIR) / "test-db.sqlite3")}

# A second connection to the test database under the replica's alias, for the router's tests;
# the router uses it only in a test that names it (settings.EFILING_REPLICA_DATABASE).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
EFILING_REPLICA_DATABASE = ""

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; Argon2 tested apart
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LOGGING["loggers"]["mail.log"] = {"level": "WARNING"}  # noqa: F405  (the test SMTP server)
