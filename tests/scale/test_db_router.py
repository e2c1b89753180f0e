"""The database router (efiling.core.db_router) with a real second connection: the test
settings name a `replica` alias that mirrors the test database, and each test here turns the
replica on (settings.EFILING_REPLICA_DATABASE) and records every statement each connection
executes. Committed data only (a replica never sees an open transaction), so every test is
transactional. The streaming replica itself is exercised in test_topology.py."""

from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connections, transaction
from django.db.utils import ConnectionHandler
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import URLResolver, get_resolver
from django_tasks_db.models import DBTaskResult

from config.settings import replica_database_settings
from efiling.accounts.models import Role
from efiling.api.urls import api
from efiling.audit.models import AuditEvent
from efiling.cases.models import Case, SecurityLevel
from efiling.core import clock, db_router
from efiling.core.db_router import WROTE_COOKIE, PrimaryReplicaRouter, reads_from_replica
from efiling.courts import terminals
from efiling.courts.calendar import holidays_between
from efiling.courts.models import Court
from tests import factories
from tests.filings.helpers import with_lead_document
from tests.gunicorn_server import unused_port

# Committed rows, read through both connections.
routed = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


class Statements:
    """Every SQL statement each connection executed, in order."""

    def __init__(self):
        self.sql: dict[str, list[str]] = {"default": [], "replica": []}

    def recorder(self, alias: str):
        def record(execute, sql, params, many, context):
            self.sql[alias].append(sql)
            return execute(sql, params, many, context)

        return record

    def clear(self) -> None:
        for statements in self.sql.values():
            statements.clear()

    def reads(self, alias: str, table: str) -> list[str]:
        return [s for s in self.sql[alias] if _is_read(s) and f'"{table}"' in s]

    def writes(self, alias: str, table: str = "") -> list[str]:
        return [s for s in self.sql[alias] if not _is_read(s) and f'"{table}"' in s]


def _is_read(sql: str) -> bool:
    return sql.lstrip().upper().startswith("SELECT")


@pytest.fixture
def statements(monkeypatch):
    monkeypatch.setattr(db_router, "_replica", db_router._ReplicaState())
    recorded = Statements()
    with (
        connections["default"].execute_wrapper(recorded.recorder("default")),
        connections["replica"].execute_wrapper(recorded.recorder("replica")),
    ):
        yield recorded


@pytest.fixture
def replica(settings, statements):
    """The replica turned on; the statements each connection executed. The statewide holidays
    of the years a page may count with are made first: a page that makes them (the help desk's
    hours in every footer) writes, whichever test of the process renders a page first."""
    year = clock.now().year
    holidays_between(None, date(year - 1, 1, 1), date(year + 2, 12, 31))
    settings.EFILING_REPLICA_DATABASE = "replica"
    return statements


@pytest.fixture
def clerk(court):
    return factories.court_staff(Role.CLERK, court)


def _case(court, attorney, number: str, **fields) -> Case:
    return factories.case(court, counsel=[attorney], number=number, **fields)


@routed
def test_the_court_case_search_reads_the_replica(replica, court, attorney, clerk):
    _case(court, attorney, "26SL-CC00007")
    response = factories.client_for(clerk).get("/court/SL/cases/", {"q": "CC00007"})
    assert response.status_code == 200
    assert b"26SL-CC00007" in response.content
    assert replica.reads("replica", "cases_case")
    assert replica.reads("default", "cases_case") == []
    assert replica.reads("replica", "django_session") == []  # the session: on the primary
    assert WROTE_COOKIE not in response.cookies


@routed
def test_without_a_replica_every_query_uses_the_primary(statements, court, attorney, clerk):
    _case(court, attorney, "26SL-CC00007")
    response = factories.client_for(clerk).get("/court/SL/cases/", {"q": "CC00007"})
    assert b"26SL-CC00007" in response.content
    assert statements.reads("default", "cases_case")
    assert statements.sql["replica"] == []


@routed
def test_a_write_goes_to_the_primary_and_the_rest_of_the_request_reads_there(
    replica, court, attorney
):
    @reads_from_replica
    def count_add_count(request):
        before = Case.objects.filter(court=court).count()
        _case(court, attorney, "26SL-CC00009")
        after = Case.objects.filter(court=court).count()
        return HttpResponse(f"{before} {after}")

    request = RequestFactory().get("/")
    request.user = attorney
    assert count_add_count(request).content == b"0 1"
    assert replica.writes("default", "cases_case")
    assert replica.writes("replica") == []
    assert len(replica.reads("replica", "cases_case")) == 1  # the count before the write
    assert len(replica.reads("default", "cases_case")) == 1  # the count after it


@routed
def test_reads_the_system_writes_from_and_reads_in_a_transaction_stay_on_the_primary(
    replica, attorney
):
    @reads_from_replica
    def view(request):
        AuditEvent.objects.count()  # the audit chain links each event to the one before it
        Session.objects.count()
        DBTaskResult.objects.count()
        with transaction.atomic():  # a read in the middle of a change sees the change
            Case.objects.count()
        Case.objects.count()
        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = attorney
    view(request)
    for table in ("audit_auditevent", "django_session", "django_tasks_database_dbtaskresult"):
        assert replica.reads("default", table), table
        assert replica.reads("replica", table) == [], table
    assert len(replica.reads("default", "cases_case")) == 1  # inside the transaction
    assert len(replica.reads("replica", "cases_case")) == 1  # after it


@routed
def test_a_filer_who_just_submitted_reads_the_filings_list_from_the_primary(
    replica, settings, attorney, signed_in, new_case_envelope, pdf
):
    envelope = with_lead_document(new_case_envelope, attorney, pdf)
    response = signed_in.post(
        f"/filings/{envelope.public_id}/review/",
        {"signature": "/s/ Avery Lawson", "idempotency_key": "submit-1"},
    )
    assert response.status_code == 302
    assert response.cookies[WROTE_COOKIE]["max-age"] == settings.EFILING_READ_YOUR_WRITES_SECONDS
    envelope.refresh_from_db()
    replica.clear()

    listing = signed_in.get("/filings/")
    assert envelope.confirmation_number.encode() in listing.content
    assert replica.reads("default", "filings_envelope")
    assert replica.reads("replica", "filings_envelope") == []

    # The marker's window passed: the same list is read from the replica again.
    later = clock.now() + timedelta(seconds=settings.EFILING_READ_YOUR_WRITES_SECONDS + 1)
    replica.clear()
    with time_machine.travel(later, tick=False):
        listing = signed_in.get("/filings/")
    assert envelope.confirmation_number.encode() in listing.content
    assert replica.reads("replica", "filings_envelope")
    assert replica.reads("default", "filings_envelope") == []


@routed
def test_an_audited_read_of_a_sealed_case_writes_its_event_on_the_primary(
    replica, court, attorney, clerk
):
    _case(court, attorney, "26SL-CC00011", security_level=SecurityLevel.SEALED)
    client = factories.client_for(clerk)
    response = client.get("/court/SL/cases/")
    assert b"26SL-CC00011" in response.content
    event = AuditEvent.objects.get(action="cases.listed")
    assert event.details["cases"] == ["26SL-CC00011"]
    assert event.actor_id == clerk.pk
    assert replica.writes("default", "audit_auditevent")
    assert replica.writes("replica") == []
    assert replica.reads("replica", "cases_case")
    assert replica.reads("replica", "audit_auditevent") == []
    # Recording a read is not a write the reader looks for: the next search reads the replica.
    assert WROTE_COOKIE not in response.cookies
    replica.clear()
    client.get("/court/SL/cases/")
    assert replica.reads("replica", "cases_case")
    assert AuditEvent.objects.filter(action="cases.listed").count() == 2


@routed
def test_a_filing_on_its_whole_way_never_writes_to_the_replica(
    replica, court, attorney, clerk, signed_in, new_case_envelope, pdf
):
    envelope = with_lead_document(new_case_envelope, attorney, pdf)
    signed_in.post(
        f"/filings/{envelope.public_id}/review/",
        {"signature": "/s/ Avery Lawson", "idempotency_key": "submit-2"},
    )
    court_client = factories.client_for(clerk)
    filing = envelope.filings.get()
    assert court_client.get(f"/court/review/{filing.pk}/").status_code == 200
    accepted = court_client.post(f"/court/review/{filing.pk}/", {"decision": "accept"})
    assert accepted.status_code == 302
    number = Case.objects.get().number
    envelope.refresh_from_db()
    for client in (signed_in, court_client):  # the writers' marker set: drop it, read replica
        client.cookies.pop(WROTE_COOKIE, None)
    assert number.encode() in signed_in.get("/cases/").content
    assert envelope.confirmation_number.encode() in signed_in.get("/filings/").content
    assert number.encode() in court_client.get("/court/SL/cases/").content
    assert replica.reads("replica", "cases_case")
    assert replica.reads("replica", "filings_envelope")
    assert replica.sql["replica"] and all(_is_read(s) for s in replica.sql["replica"])


PUBLIC_READS = [
    "/public/search/?kind=number&number=26SL-CC00015",
    "/public/cases/26SL-CC00015/",
    "/public/cases/26SL-CC00015/feed.atom",
    "/api/v1/public/cases?kind=number&number=26SL-CC00015",
    "/api/v1/public/cases/26SL-CC00015",
    "/api/v1/public/judgments?last_name=lawson",
]


@routed
def test_the_public_side_reads_the_replica_and_counts_on_the_primary(replica, court, attorney):
    _case(court, attorney, "26SL-CC00015")
    client = Client()
    for path in PUBLIC_READS:
        replica.clear()
        response = client.get(path)
        assert response.status_code == 200, (path, response.content)
        assert b"26SL-CC00015" in response.content or "judgments" in path, path
        assert replica.reads("replica", "cases_case"), path
        assert replica.reads("default", "cases_case") == [], path
        # The scraping throttle counts the request on the primary; nobody reads it back.
        assert replica.writes("default", "efiling_throttle_counts"), path
        assert all(_is_read(s) for s in replica.sql["replica"]), path
        assert WROTE_COOKIE not in response.cookies, path


@routed
def test_a_terminal_reads_a_protection_order_from_the_replica_and_audits_on_the_primary(
    replica, court, attorney
):
    admin = factories.court_staff(Role.COURT_ADMINISTRATOR, court)
    terminals.terminal_register(
        actor=admin, court=court, name="T", location="Hall", networks=["192.0.2.0/24"]
    )
    _case(court, attorney, "26SL-PN00017", case_type="PN")
    replica.clear()
    response = Client(REMOTE_ADDR="192.0.2.5").get("/public/cases/26SL-PN00017/")
    assert response.status_code == 200
    assert replica.reads("replica", "cases_case")
    assert replica.writes("default", "audit_auditevent")
    assert replica.writes("replica") == []
    assert AuditEvent.objects.filter(action="public_case.viewed_at_terminal").exists()
    assert WROTE_COOKIE not in response.cookies


def _unreachable(settings_dict: dict) -> dict:
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return {**settings_dict, "NAME": "/nonexistent/efiling/replica.sqlite3"}
    return {**settings_dict, "HOST": "127.0.0.1", "PORT": unused_port()}


@routed
def test_a_replica_that_does_not_answer_leaves_the_search_on_the_primary(
    replica, court, attorney, clerk, caplog
):
    _case(court, attorney, "26SL-CC00013")
    client = factories.client_for(clerk)
    connection = connections["replica"]
    connection.close()
    working = connection.settings_dict
    connection.settings_dict = _unreachable(working)
    try:
        first = client.get("/court/SL/cases/")
        second = client.get("/court/SL/cases/")
    finally:
        connection.close()
        connection.settings_dict = working
    assert b"26SL-CC00013" in first.content and b"26SL-CC00013" in second.content
    assert len(replica.reads("default", "cases_case")) >= 2
    assert replica.sql["replica"] == []
    # Reported once; the second request did not try the replica again.
    assert caplog.text.count("does not answer") == 1


class Lag:
    """Stands in for the replica's lag measurement (the mirror here is never behind; a paused
    replica is in test_topology.py): returns `seconds`, counting the measurements."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.measured = 0

    def __call__(self, primary, replica) -> float:
        self.measured += 1
        return self.seconds


@routed
def test_a_replica_behind_by_more_than_the_limit_leaves_the_public_on_the_primary(
    replica, settings, monkeypatch, court, attorney, caplog
):
    caplog.set_level("INFO", logger="efiling.core.db_router")
    settings.EFILING_REPLICA_MAX_LAG_SECONDS = 10
    lag = Lag(10.5)
    monkeypatch.setattr(db_router, "replica_lag_seconds", lag)
    monkeypatch.setattr(db_router, "REPLICA_LAG_CHECK_SECONDS", 0)  # measure on every request
    _case(court, attorney, "26SL-CC00015")
    client = Client()

    def reads_replica() -> bool:
        replica.clear()
        assert b"26SL-CC00015" in client.get(PUBLIC_READS[0]).content
        on_replica = bool(replica.reads("replica", "cases_case"))
        assert on_replica != bool(replica.reads("default", "cases_case"))
        return on_replica

    assert not reads_replica() and not reads_replica()
    assert caplog.text.count("behind the primary") == 1  # once for the episode
    lag.seconds = 10  # at the limit, not beyond it
    assert reads_replica() and reads_replica()
    assert caplog.text.count("has caught up") == 1
    assert lag.measured == 4


@routed
def test_the_lag_is_measured_at_most_once_per_period(replica, monkeypatch, court, attorney):
    lag = Lag(0.0)
    monkeypatch.setattr(db_router, "replica_lag_seconds", lag)
    monkeypatch.setattr(db_router, "REPLICA_LAG_CHECK_SECONDS", 3600)
    _case(court, attorney, "26SL-CC00015")
    client = Client()
    client.get(PUBLIC_READS[0])
    lag.seconds = 3600.0  # not measured again within the period: the replica is still read
    replica.clear()
    for path in PUBLIC_READS[:3]:
        client.get(path)
    assert replica.reads("replica", "cases_case")
    assert replica.reads("default", "cases_case") == []
    assert lag.measured == 1


@routed
def test_a_database_that_is_not_replaying_is_not_behind(replica):
    """The mirror is the primary itself (PostgreSQL pass: not in recovery)."""
    assert db_router.replica_lag_seconds(connections["default"], connections["replica"]) == 0.0


def _routes(resolver=None, prefix=""):
    """(route, view) of every URL of the system."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry, route)
        else:
            yield route, entry.callback


def _api_operations():
    """(operation id, ninja Operation) of every API operation."""
    for _, operations in api._routers:
        for path_view in operations.path_operations.values():
            for operation in path_view.operations:
                yield operation.operation_id, operation


def test_the_views_that_read_the_replica_are_the_documented_ones():
    """docs/architecture.md names them; a view marked without a look at the rule fails here."""
    marked = {route for route, view in _routes() if getattr(view, "reads_from_replica", False)}
    assert marked == {
        "court/<str:code>/cases/",
        "cases/",
        "filings/",
        "public/search/",
        "public/cases/<str:number>/",
        "public/cases/<str:number>/feed.atom",
    }
    operations = {
        operation_id
        for operation_id, operation in _api_operations()
        if getattr(operation.run, "reads_from_replica", False)
    }
    assert operations == {"GetPublicCase", "GetPublicCaseList", "GetPublicJudgmentList"}


def test_the_replica_is_never_migrated_and_shares_rows_with_the_primary(settings):
    settings.EFILING_REPLICA_DATABASE = "replica"
    router = PrimaryReplicaRouter()
    assert router.allow_migrate("replica", "cases") is False
    assert router.allow_migrate("default", "cases") is None
    from_replica, from_primary = Court(), Court()
    from_replica._state.db, from_primary._state.db = "replica", "default"
    assert router.allow_relation(from_replica, from_primary) is True


def test_replica_settings_refuse_sqlite_and_make_sessions_read_only():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="PostgreSQL streaming replica"):
        replica_database_settings("sqlite:////tmp/replica.sqlite3")
    config = replica_database_settings("postgres://efiling@replica:5432/efiling?connect_timeout=1")
    assert config["OPTIONS"]["options"] == "-c default_transaction_read_only=on"
    assert config["OPTIONS"]["connect_timeout"] == 1
    assert config["TEST"] == {"MIRROR": "default"}


@pytest.mark.django_db
def test_a_write_through_replica_settings_is_refused_by_postgresql():
    primary = connections["default"]
    if primary.vendor != "postgresql":
        pytest.skip("the read-only session is a PostgreSQL setting (PostgreSQL pass)")
    params = primary.settings_dict
    url = f"postgres://{params['USER']}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
    handler = ConnectionHandler({"default": replica_database_settings(f"{url}/{params['NAME']}")})
    connection = handler["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM django_migrations")
            assert cursor.fetchone()[0] > 0
            with pytest.raises(Exception, match="read-only transaction"):
                cursor.execute("UPDATE django_migrations SET app = app")
    finally:
        connection.close()
