import os
import shutil
from datetime import datetime
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.core.management.commands import flush as flush_command
from django.db import connections, transaction
from django.db.models.signals import post_migrate
from django.test import Client
from hypothesis import settings as hypothesis_settings

from efiling.accounts.models import Role
from efiling.availability.maintenance import windows_forget
from efiling.availability.models import ServiceHours
from efiling.availability.services import hours_forget
from efiling.courts.fees import filing_codes_load
from efiling.courts.models import Court
from efiling.courts.services import courts_load
from efiling.filings import services as filing_services
from efiling.filings.documents import document_add
from efiling.payments.services import deposit, payment_account_for
from tests import factories
from tests.documents import builders
from tests.filings.helpers import new_case_draft, received_file, with_lead_document

# Property tests draw the same examples on every run by default, so that CI is reproducible and
# a red run means a real fault; `HYPOTHESIS_PROFILE=explore make test` draws new ones (as a
# developer should now and then), and a failure found that way becomes an @example.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.register_profile("explore", derandomize=False, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def _shipped_rows_load(using: str = "default") -> None:
    """The courts and their filing codes, and the rows that data migrations load (the seed's
    service hours, the common rejection reasons), where they are missing."""
    if not Court.objects.using(using).exists():
        courts_load()
        filing_codes_load()
    if not ServiceHours.objects.using(using).exists():
        import_module("efiling.availability.migrations.0002_default_hours").add_hours(apps, None)
    import_module("efiling.docket.migrations.0002_rejection_reasons").add_reasons(apps, None)


# Copies of efiling's tables as the session starts, in the test database itself (a flush
# empties only the models' tables): _shipped_rows_snapshot makes them, a flush's post_migrate
# puts their rows back (_shipped_rows_restore_after_flush).
SHIPPED_ROWS_PREFIX = "shipped_rows__"
_SHIPPED_MODELS: list[type] = []


def _table_and_copy(using: str, model) -> tuple[str, str]:
    """A model's table and its copy's, quoted (the names are the models', never input)."""
    quote = connections[using].ops.quote_name
    return quote(model._meta.db_table), quote(SHIPPED_ROWS_PREFIX + model._meta.db_table)


def _shipped_rows_snapshot(using: str = "default") -> None:
    """Copy every non-empty table of efiling's as the session starts (the courts, filing codes,
    service hours, rejection reasons and the audit events of their loading), row for row, in
    SQL: nothing passes through Python."""
    _SHIPPED_MODELS.clear()
    with connections[using].cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if not (meta.app_config.name.startswith("efiling.") and meta.managed) or meta.proxy:
                continue
            if model._base_manager.using(using).exists():
                table, copy = _table_and_copy(using, model)
                cursor.execute(f"DROP TABLE IF EXISTS {copy}")
                cursor.execute(f"CREATE TABLE {copy} AS SELECT * FROM {table}")  # noqa: S608
                _SHIPPED_MODELS.append(model)


def _shipped_rows_restore_after_flush(sender, using="default", **_signal) -> None:
    """post_migrate, which Django sends after a transactional test's flush too: the rows of
    the session's start are put back at once from their copies, committed, in one transaction
    (the foreign keys are checked at its end), and the tables' id sequences moved past them.
    Loading them again through the services took about 5 s a flush (the courts and filing
    codes audited one by one); the copy takes a fraction of a second."""
    if Court.objects.using(using).exists():
        return
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for model in _SHIPPED_MODELS:
            table, copy = _table_and_copy(using, model)
            cursor.execute(f"INSERT INTO {table} SELECT * FROM {copy}")  # noqa: S608
        for statement in connection.ops.sequence_reset_sql(no_style(), _SHIPPED_MODELS):
            cursor.execute(statement)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped courts once into the test database, keep its rows, and put them back
    after each flush of a transactional test (_shipped_rows_restore_after_flush)."""
    with django_db_blocker.unblock():
        _shipped_rows_load()
        _shipped_rows_snapshot()
    post_migrate.connect(
        _shipped_rows_restore_after_flush,
        sender=apps.get_app_config("courts"),
        dispatch_uid="tests-shipped-rows-after-flush",
    )


@pytest.fixture(autouse=True)
def _maintenance_windows_read_anew():
    """Each test reads the maintenance windows and service hours of its own database (the
    process keeps them a few seconds: efiling.availability.maintenance and .services)."""
    windows_forget()
    hours_forget()


@pytest.fixture
def courts(db):
    """The courts and their filing codes, and the seed's service hours (loaded again here
    should a test have emptied them)."""
    _shipped_rows_load()
    return Court.objects.all()


@pytest.fixture
def court(courts):
    return Court.objects.get(code="SL")


@pytest.fixture
def other_court(courts):
    return Court.objects.get(code="BA")


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
    return new_case_draft(court, attorney)


@pytest.fixture
def submitted(new_case_envelope, attorney, pdf):
    """The new case submitted: its petition with an exhibit."""
    envelope = with_lead_document(new_case_envelope, attorney, pdf)
    document_add(
        envelope=envelope,
        user=attorney,
        filing=envelope.filings.get(),
        kind="attachment",
        title="Exhibit A",
        received=received_file(pdf("exhibit.pdf")),
    )
    return filing_services.envelope_submit(
        envelope=envelope, user=attorney, idempotency_key="s", signature="/s/ Avery Lawson"
    )


@pytest.fixture
def pdf(tmp_path):
    """Makes a text PDF file with the given name and returns its path."""

    def make(name: str = "petition.pdf", pages: int = 2) -> Path:
        return builders.text_pdf(
            tmp_path / name, pages=pages, text="IN THE CIRCUIT COURT OF ST. LOUIS COUNTY"
        )

    return make


@pytest.fixture
def without_machine_aws_settings(monkeypatch):
    """The system's processes talk to the test's S3 server with the test's keys only: no AWS
    profile or endpoint of this machine may reach them (web processes inherit this process's
    environment)."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)


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


# Tests that run for many seconds each, mostly waiting on servers, clusters, browsers and
# subprocesses (seen in a PostgreSQL run's durations: 130 tests over 5 s took 2,600 of its
# 3,500 test-seconds). They run first, and pytest-xdist hands tests out two at a time as each
# test process is free (`--dist load --maxschedchunk 2` in pyproject.toml), so the processes
# share them early and end together, instead of one process starting a two-minute test when the
# others are done (a bigger first chunk gave one process all of them in turn).
LONG_RUNNING_FIRST = (
    "tests/faults/",
    "tests/scale/",
    "tests/browser/",
    "tests/audit/test_follower.py",
    "tests/audit/test_db_role.py",
    "tests/core/test_wrong_methods.py",
    "tests/core/test_serve.py",
    "tests/core/test_slow_clients.py",
    "tests/core/test_server_answers.py",
    "tests/core/test_signing.py",
    "tests/core/test_client_resets.py",
    "tests/core/test_outage_processes.py",
    "tests/core/test_database_outage.py",
    "tests/service/test_notice_worker_killed.py",
    "tests/accounts/test_signin_counts.py",
    "tests/api/test_retry_safety.py",
    "tests/test_cli.py",
    "tests/test_lock_order.py",
)


# Made by migrate's post_migrate and never changed by a test: a flush leaves them, so the
# post_migrate sent after it finds them all instead of making them again (about 0.1 s a flush).
KEPT_BY_FLUSH = frozenset({"django_content_type", "auth_permission"})


def _flush_statements(style, connection, reset_sequences=True, allow_cascade=False):
    """The statements of a transactional test's flush (in place of
    django.core.management.sql.sql_flush in the flush command): the backend's own, for every
    table of the models but KEPT_BY_FLUSH. PostgreSQL keeps its one TRUNCATE: a DELETE per
    table was faster a flush but left every deleted row behind as a dead tuple on a server
    without autovacuum (ours: 150,000 in the audit table after a run, and a slower pass)."""
    tables = [
        table
        for table in connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        if table not in KEPT_BY_FLUSH
    ]
    return connection.ops.sql_flush(
        style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
    )


def pytest_configure(config):
    """EFILING_TEST_CLOCK_AT=2027-03-10T15:00:00Z runs the suite as if it started at that
    instant (time-machine: every clock of the Python process moves there and keeps running; a
    test's own travel still pins what it pins). A test that passes only in the month or year
    it happens to run in (a date in words, a case number's year) fails there. Processes a test
    starts (gunicorn, workers), files' times and OpenSSL's certificate checks keep the
    machine's time: the README names the three tests that fail at any other instant.
    A transactional test's flush runs _flush_statements."""
    flush_command.sql_flush = _flush_statements
    at = os.environ.get("EFILING_TEST_CLOCK_AT")
    if not at:
        return
    import time_machine

    try:
        started = datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        started = None
    if started is None or started.tzinfo is None:
        raise pytest.UsageError(
            f"EFILING_TEST_CLOCK_AT={at}: give an ISO instant with its offset (Z)."
        )
    time_machine.travel(started, tick=True).start()


def pytest_collection_modifyitems(session, config, items):
    """The long-running tests first (LONG_RUNNING_FIRST), each group in collection order."""
    items.sort(key=lambda item: not item.nodeid.startswith(LONG_RUNNING_FIRST))


def pytest_sessionfinish(session, exitstatus):
    """The test settings made a throw-away data folder; leave nothing behind in /tmp."""
    data_dir = Path(settings.DATA_DIR)
    if data_dir.name.startswith("efiling-test-"):
        shutil.rmtree(data_dir, ignore_errors=True)


class _Mailbox:
    """Collects what the real SMTP server receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        import email
        from email import policy

        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)
        return "250 Message accepted"

    def bodies_to(self, address: str) -> list[str]:
        return [
            m.get_body(preferencelist=("plain",)).get_content()
            for m in self.messages
            if address in m["To"]
        ]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on loopback; the system sends its e-mail there."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    mailbox = _Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield mailbox
    controller.stop()


def link_in(body: str) -> str:
    """The first http(s) link in an e-mail body, as a path."""
    import re
    from urllib.parse import urlsplit

    url = re.search(r"https?://\S+", body).group(0)
    return urlsplit(url).path


@pytest.fixture
def pinned_clock(monkeypatch):
    """Pins every "now" of the system (efiling.core.clock.now) to the instant a test gives, for
    rules that depend on it (no hearing in the past) tested with fixed dates."""
    from efiling.core import clock

    def pin(instant):
        assert instant.tzinfo is not None
        monkeypatch.setattr(clock, "now", lambda: instant)

    return pin
