"""Growing past one machine, on this machine: a PostgreSQL primary and its streaming replica
(clusters of the test's own, on spare ports, run as `postgres`), an S3-compatible document store
over HTTP, two web processes and two task workers, each configured from the environment as in
production (docs/operations.md). A filing walks through it over HTTP only: the attorney submits
through web 1 (API), the clerk accepts through web 2 (pages), a worker stamps it, and the court's
case search, served from the replica, finds the case once the replica has replayed the change.
Then the public search, served from the replica too, finds it; the judge closes the record by
an order of expungement (RSMo 610.140) while the replica's replay is paused. Web 1 tolerates a
long lag (EFILING_REPLICA_MAX_LAG_SECONDS): it keeps showing the case from the paused replica.
Web 2 reads the replica only while it is at most 2 s behind: once the pause is longer, it answers
from the primary, and the case is gone there, with replay still paused. Once the replica has
replayed the order, the case is gone from web 1 too: from the public search, its public page and
its feed (404, as a number that does not exist).

PostgreSQL pass only: it starts clusters and processes of its own (about a minute), and the
embedded SQLite mode has no replica."""

import hashlib
import time

import psycopg
import pytest
from django.db.utils import ConnectionHandler

from config.settings import database_settings, replica_database_settings
from efiling.core.db_router import replica_lag_seconds
from tests.gunicorn_server import HOST
from tests.scale.clusters import OWN_CLUSTERS, ClusterSet
from tests.scale.system import S3Server, System
from tests.scale.walk import Attorney, CourtUser, Visitor

pytestmark = OWN_CLUSTERS
LAG_SETTING = "EFILING_REPLICA_MAX_LAG_SECONDS"
WEB2_MAX_LAG_SECONDS = 2


def _until(condition, what: str, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} within {timeout:.0f} s")
        time.sleep(0.3)
    return result


def test_a_filing_walks_through_two_web_processes_two_workers_and_a_replica(
    tmp_path, petition, without_machine_aws_settings, django_db_blocker
):
    with ClusterSet() as clusters:
        s3 = S3Server(tmp_path / "s3.log")
        system = None
        try:
            primary = clusters.primary("primary")
            primary.create_database()
            replica = primary.standby("replica")
            system = System(
                tmp_path,
                database_url=primary.url(),
                replica_url=replica.url(),
                storage_url=s3.storage_url,
            )
            people = system.prepare()
            lag_limits = {"web1": "600", "web2": str(WEB2_MAX_LAG_SECONDS)}
            webs = [
                f"http://{HOST}:{system.web(name, env={LAG_SETTING: limit}).port}"
                for name, limit in lag_limits.items()
            ]
            workers = [system.worker(name) for name in ("worker1", "worker2")]
            lag = _lag_meter(primary, replica, django_db_blocker)
            _walk(webs, people, petition, primary, replica, s3, lag)
            assert all(worker.alive() for worker in workers)
        except BaseException:
            if system is not None:
                print(system.logs())  # shown with the failure
            raise
        finally:
            if system is not None:
                system.stop()
            s3.stop()


def _walk(webs, people, petition, primary, replica, s3, lag):
    web1, web2 = webs
    attorney = Attorney(people["token"], people["signature"])
    clerk, judge = CourtUser(**people["clerk"]), CourtUser(**people["judge"])
    clerk.sign_in(web2)
    judge.sign_in(web1)
    judge.forget_recent_write()  # signing in wrote; the judge's searches read the replica

    envelope = attorney.file_new_case(web1, petition, "Lawson v. Example")
    assert envelope["status"] == "submitted" and envelope["confirmation_number"]

    # The replica stops replaying: what the primary commits from now on is not there yet.
    replica.value("SELECT pg_wal_replay_pause()")
    clerk.accept(web2, envelope["filings"][0]["id"])
    assert attorney.status(web1, envelope["id"])["status"] == "accepted"
    (case,) = attorney.cases(web2)

    # The clerk just wrote (on web 2): their search, on web 1, reads the primary and finds it.
    assert clerk.finds(web1, case)
    # The judge did not: their search reads the replica, which has not replayed it yet.
    assert not judge.finds(web1, case)
    assert not replica.value(
        "SELECT count(*) FROM cases_case WHERE number = %s", case["number"], database="efiling"
    )
    replica.value("SELECT pg_wal_replay_resume()")
    _until(lambda: judge.finds(web2, case), "case in the replica's search")

    # A worker stamped the petition; the stamped copy is in the S3 store.
    entry = attorney.wait_stamped(web1, case["number"])
    (document,) = entry["documents"]
    stamped = attorney.document(web2, document["id"])
    assert hashlib.sha256(stamped).hexdigest() == document["stamped_sha256"] != document["sha256"]
    stored = {hashlib.sha256(s3.read(key)).hexdigest() for key in s3.object_keys()}
    assert {document["sha256"], document["stamped_sha256"]} <= stored

    # Each task ran once, claimed by one of the two workers (SELECT ... FOR UPDATE SKIP LOCKED).
    with psycopg.connect(primary.url()) as connection:
        tasks = connection.execute(
            "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult"
        ).fetchall()
    assert tasks and all(status == "SUCCESSFUL" and len(ids) == 1 for status, ids in tasks)
    # The replica refuses writes whatever the router does.
    with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
        replica.value("UPDATE cases_case SET caption = caption", database="efiling")

    _expunged_off_the_replica(web1, web2, judge, case, replica, lag)


def _lag_meter(primary, replica, django_db_blocker):
    """The router's measure of the replica's lag (seconds), over connections of its own."""

    def lag() -> float:
        handler = ConnectionHandler(
            {
                "default": database_settings(primary.url()),
                "replica": replica_database_settings(replica.url()),
            }
        )
        try:
            with django_db_blocker.unblock():
                return replica_lag_seconds(handler["default"], handler["replica"])
        finally:
            handler.close_all()

    return lag


def _expunged_off_the_replica(web1, web2, judge, case, replica, lag):
    """The public side reads the replica: a case it shows stays shown until the replica has
    replayed the order of expungement, or until the replica is further behind than the web
    process tolerates; it is gone from every public page after that."""
    number, public = case["number"], Visitor()
    page, missing = f"/public/cases/{number}/", f"{number[:-5]}99999"
    assert public.finds(web1, number)

    replica.value("SELECT pg_wal_replay_pause()")
    judge.expunge(web2, case)
    # Closed on the primary; the replica, not replaying, still has the public record.
    assert public.finds(web1, number)
    assert public.get(web1, page).status_code == 200
    # Web 2 reads the primary once the replica is more than its limit behind: the case is gone.
    _until(lambda: not public.finds(web2, number), "lag guard on web 2", timeout=15)
    never = f"/public/cases/{missing}/"
    assert public.get(web2, page).status_code == public.get(web2, never).status_code == 404
    assert public.get(web2, f"{page}feed.atom").status_code == 404
    assert not replica.value(
        "SELECT expunged_at IS NOT NULL FROM cases_case WHERE number = %s",
        number,
        database="efiling",
    )  # still paused: web 2 answered from the primary
    assert lag() > WEB2_MAX_LAG_SECONDS
    assert public.finds(web1, number)  # web 1 tolerates the lag
    replica.value("SELECT pg_wal_replay_resume()")
    _until(
        lambda: replica.value(
            "SELECT expunged_at IS NOT NULL FROM cases_case WHERE number = %s",
            number,
            database="efiling",
        ),
        "expungement in the replica",
    )

    # Caught up: 0 s behind, however old the last commit it replayed (the primary is idle).
    _until(lambda: lag() == 0.0, "replica caught up")
    assert not public.finds(web1, number)
    for suffix in ("", "feed.atom"):
        gone = public.get(web1, f"{page}{suffix}")
        never = public.get(web1, f"/public/cases/{missing}/{suffix}")
        assert gone.status_code == never.status_code == 404, suffix
        assert gone.content == never.content, suffix
