"""Reads from a streaming replica where that is safe and named; everything else on the primary.

The rule (docs/architecture.md, "Databases"):

- Every write goes to the primary (`default`). The replica is never written and never migrated:
  it is a physical copy that PostgreSQL keeps up to date by streaming the primary's WAL.
- Every read goes to the primary, except inside a view decorated with `@reads_from_replica`
  (the court's case search, a filer's lists of cases and filings, the public search, case
  page and feed, and the public API's operations through ninja's `decorate_view`), and there
  only while
  - a replica is configured (`EFILING_REPLICA_DATABASE_URL`) and answers; when it does not,
    the view reads the primary and this process leaves the replica alone for
    REPLICA_RETRY_SECONDS;
  - the replica is at most `EFILING_REPLICA_MAX_LAG_SECONDS` behind the primary
    (`replica_lag_seconds`, measured at most once per REPLICA_LAG_CHECK_SECONDS per process):
    a case sealed or expunged on the primary leaves the public pages within that limit (and
    this check's period) even while the replica's replay is paused;
  - the user has not written within the last `EFILING_READ_YOUR_WRITES_SECONDS`: any response
    to a request that wrote carries the marker cookie WROTE_COOKIE (the time of the write), so
    "I just filed, where is my filing?" is answered from the primary, whichever web process
    serves it;
  - the request itself has not written and holds no transaction on the primary (a read in the
    middle of a change must see the change);
  - the model is not one the system itself writes from what it reads (PRIMARY_ONLY_APPS: the
    audit trail, sessions, the task queue).
- An audited read records its audit event on the primary like every write. Audit events do not
  count as the user's own writes (nobody reads them back in the next page), so an audited read
  keeps reading the replica.

Without a replica configured every query uses the primary, and nothing here changes a response.
"""

from __future__ import annotations

import logging
import math
import time
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from efiling.core import clock

logger = logging.getLogger(__name__)

PRIMARY = DEFAULT_DB_ALIAS
# Apps whose rows are always read on the primary: the system writes them from what it reads
# (the audit chain links each event to the one before it), or they must be current to the
# moment (a session just started, a task a worker is about to claim).
PRIMARY_ONLY_APPS = frozenset({"audit", "sessions", "django_tasks_database"})
# Apps whose writes do not make a request, or the user, read the primary: an audit event
# records a read; it is not something the reader then looks for.
NOT_READ_BACK_APPS = frozenset({"audit"})
WROTE_COOKIE = "efiling_wrote"
REPLICA_RETRY_SECONDS = 30  # a replica that did not answer is tried again after this long
REPLICA_LAG_CHECK_SECONDS = 1  # a process measures the replica's lag at most this often


@dataclass
class _Reads:
    """Where one request may read: set up by ReadYourWritesMiddleware (or by the decorator when
    a view runs without it), consulted by the router on every query."""

    recent_writer: bool = False  # the marker cookie says the user wrote moments ago
    replica: str | None = None  # the replica's alias while a @reads_from_replica view runs
    wrote: bool = False  # this request has written something the user may read back


@dataclass
class _ReplicaState:
    """What this process last learnt of the replica (its threads share it)."""

    down_until: float = 0.0  # time.monotonic() before which the replica is not tried
    lag_checked_at: float | None = None  # time.monotonic() of the last lag measurement
    behind: bool = False  # that measurement found it more than the limit behind


_reads: ContextVar[_Reads | None] = ContextVar("efiling_reads", default=None)
_replica = _ReplicaState()


def replica_alias() -> str | None:
    """The replica's database alias when one is configured, else None."""
    return getattr(settings, "EFILING_REPLICA_DATABASE", "") or None


class PrimaryReplicaRouter:
    """Django's database router for the rule above (settings.DATABASE_ROUTERS)."""

    def db_for_read(self, model, **hints) -> str:
        reads = _reads.get()
        if reads is None or reads.replica is None or reads.wrote:
            return PRIMARY
        if model._meta.app_label in PRIMARY_ONLY_APPS or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return reads.replica

    def db_for_write(self, model, **hints) -> str:
        reads = _reads.get()
        if reads is not None and model._meta.app_label not in NOT_READ_BACK_APPS:
            reads.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        """Rows read from the replica are the primary's rows: they may refer to each other."""
        same_data = {PRIMARY, replica_alias()}
        if obj1._state.db in same_data and obj2._state.db in same_data:
            return True
        return None

    def allow_migrate(self, db, app_label, **hints) -> bool | None:
        """The replica receives the primary's schema through replication, never a migration."""
        return False if db == replica_alias() else None


def replica_lag_seconds(primary, replica) -> float:
    """How far the data of `replica` (a Django connection to a streaming replica) is behind
    `primary` (the primary's connection), in seconds (a float, never negative):

    - 0.0 when the replica has replayed everything the primary had written when asked
      (`pg_current_wal_lsn()`), however long ago the primary last committed: a replica of an
      idle primary is current, though its last replayed commit may be an hour old;
    - else the age of the last transaction the replica replayed (its `now()` minus
      `pg_last_xact_replay_timestamp()`, a commit time on the primary's clock): the oldest
      change it lacks is younger than that, so this is an upper bound;
    - math.inf when it lacks WAL and has replayed no transaction since it started.

    Whether its WAL receiver runs (`pg_stat_wal_receiver`) is not asked: a replica cut off from
    the primary is current as long as the primary writes nothing, and falls behind from its
    last replayed commit as soon as the primary does. A database that is not in recovery (the
    tests' mirror of the primary, on either engine) is 0.0 behind. Raises DatabaseError when
    either database does not answer."""
    if replica.vendor != "postgresql":
        return 0.0  # the tests' SQLite mirror: the primary's own file
    with primary.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (position,) = cursor.fetchone()
    with replica.cursor() as cursor:
        cursor.execute(
            "SELECT NOT pg_is_in_recovery() OR pg_last_wal_replay_lsn() >= %s::pg_lsn,"
            " extract(epoch FROM now() - pg_last_xact_replay_timestamp())",
            [position],
        )
        current, age = cursor.fetchone()
    if current:
        return 0.0
    return math.inf if age is None else max(float(age), 0.0)


def _note_lag(alias: str, lag: float) -> None:
    """Record whether the replica is behind by more than EFILING_REPLICA_MAX_LAG_SECONDS,
    logging the start and the end of each such episode once."""
    limit = settings.EFILING_REPLICA_MAX_LAG_SECONDS
    behind = lag > limit
    if behind and not _replica.behind:
        logger.warning(
            "The read replica (%s) is %.1f s behind the primary (more than %s s); reading the "
            "primary until it catches up.",
            alias,
            lag,
            limit,
        )
    elif _replica.behind and not behind:
        logger.info("The read replica (%s) has caught up (%.1f s behind); reading it.", alias, lag)
    _replica.behind = behind


def _replica_readable(alias: str) -> bool:
    """Whether the replica may be read now.

    It must answer: its connection passes Django's health check or a new one opens (within the
    connect_timeout of its settings). A failure is logged once per REPLICA_RETRY_SECONDS, during
    which this process reads the primary without trying (a primary that fails the lag
    measurement counts so too; the request's own reads on it fail anyway).
    And it must be at most EFILING_REPLICA_MAX_LAG_SECONDS behind, as measured at most once per
    REPLICA_LAG_CHECK_SECONDS by this process (`replica_lag_seconds`: two one-row queries)."""
    now = time.monotonic()
    if now < _replica.down_until:
        return False
    connection = connections[alias]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
        checked = _replica.lag_checked_at
        if checked is None or now - checked >= REPLICA_LAG_CHECK_SECONDS:
            _replica.lag_checked_at = now
            _note_lag(alias, replica_lag_seconds(connections[PRIMARY], connection))
    except DatabaseError as exc:
        _replica.down_until = time.monotonic() + REPLICA_RETRY_SECONDS
        logger.warning(
            "The read replica (%s) does not answer (%s); reading the primary for the next %s s.",
            alias,
            exc,
            REPLICA_RETRY_SECONDS,
        )
        return False
    return not _replica.behind


def reads_from_replica(view):
    """Mark a read-only view whose reads may come from the replica (see the module's rule).
    Put it under `@requires`: the user and session are read first, on the primary."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        reads = _reads.get()
        token = None
        if reads is None:  # a view run without the middleware (no marker cookie to read)
            reads = _Reads()
            token = _reads.set(reads)
        user = getattr(request, "user", None)
        if user is not None:
            user.is_authenticated  # noqa: B018 - load the user and session on the primary now
        alias = replica_alias()
        if alias and not reads.recent_writer and not reads.wrote and _replica_readable(alias):
            reads.replica = alias
        try:
            return view(request, *args, **kwargs)
        finally:
            reads.replica = None
            if token is not None:
                _reads.reset(token)

    wrapped.reads_from_replica = True
    return wrapped


def _wrote_recently(request) -> bool:
    raw = request.COOKIES.get(WROTE_COOKIE, "")
    if not raw.isdigit():
        return False
    age = clock.now().timestamp() - int(raw)
    return 0 <= age < settings.EFILING_READ_YOUR_WRITES_SECONDS


class ReadYourWritesMiddleware:
    """Scopes the router's state to one request; when a replica is configured, marks the
    response of a request that wrote with WROTE_COOKIE (the time, in Unix seconds) so that
    the user's next requests within EFILING_READ_YOUR_WRITES_SECONDS read the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reads = _Reads(recent_writer=_wrote_recently(request))
        token = _reads.set(reads)
        try:
            response = self.get_response(request)
        finally:
            _reads.reset(token)
        if reads.wrote and replica_alias():
            response.set_cookie(
                WROTE_COOKIE,
                str(int(clock.now().timestamp())),
                max_age=settings.EFILING_READ_YOUR_WRITES_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
