"""Recording and chaining: events are inserted with their content hash and lock nothing; links
are made after commit, gapless, by one short step at a time."""

import io
import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction

from efiling.audit.chain import FOLLOW_LOOKBACK, audit_chain_extend, audit_chain_follow_step
from efiling.audit.hashing import GENESIS_HASH, content_hash, link_hash
from efiling.audit.models import AuditCheckpoint, AuditEvent, AuditLink
from efiling.audit.services import audit_chain_verify, audit_record, audit_record_many
from efiling.core import clock
from efiling.courts.models import Court
from tests.audit.helpers import chain_now, raw, record


def test_an_event_is_inserted_with_its_content_hash_and_chained_later(db):
    events = record(3, details={"amount": 10, "nested": {"b": 1, "a": [1, 2]}})
    assert all(event.content_hash == content_hash(event) for event in events)
    assert not AuditLink.objects.filter(event__in=events).exists()

    chain_now()

    links = list(AuditLink.objects.filter(event__in=events).order_by("seq"))
    assert [link.event_id for link in links] == [event.pk for event in events]
    assert [link.prev_hash for link in links[1:]] == [link.hash for link in links[:-1]]
    first = links[0]
    assert first.hash == link_hash(
        seq=first.seq,
        linked_at=first.linked_at,
        content_hash=events[0].content_hash,
        prev_hash=first.prev_hash,
    )
    report = audit_chain_verify()
    assert report.intact and (report.head_seq, report.head_hash) == (links[-1].seq, links[-1].hash)


def test_the_first_link_follows_the_genesis_hash(db):
    raw("DELETE FROM audit_auditlink")
    raw("DELETE FROM audit_auditevent")
    record(1)
    chain_now()
    assert AuditLink.objects.get().seq == 1
    assert AuditLink.objects.get().prev_hash == GENESIS_HASH


def test_event_records_who_what_where(court, rf):
    from efiling.accounts.models import Role, User

    user = User.objects.create_user("clerk@example.test", "x" * 16, role=Role.CLERK)
    request = rf.get("/", REMOTE_ADDR="203.0.113.9")
    request.user = user
    event = audit_record(action="court.viewed", target=court, request=request)
    event.refresh_from_db()
    assert (event.actor_id, event.ip_address, event.channel) == (user.pk, "203.0.113.9", "web")
    assert (event.object_type, event.object_id) == ("courts.court", str(court.pk))
    assert "Clerk" in event.actor_label


def test_one_chaining_step_is_registered_per_transaction(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        record(11)
        audit_record_many(entries=[{"action": "test.bulk"}, {"action": "test.bulk"}])
    assert len(callbacks) == 1


def test_the_step_after_commit_links_the_transaction_s_events(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        events = record(4)
    links = AuditLink.objects.filter(event__in=events).order_by("seq")
    assert [link.event_id for link in links] == [event.pk for event in events]


@pytest.mark.django_db(transaction=True)
def test_a_chaining_step_that_fails_after_commit_is_logged_and_the_change_stands(
    monkeypatch, caplog
):
    """The fault runs: the database went away between the commit and the chaining step, and
    Django's logging of the failed robust step raised AttributeError (the step was an object
    without __qualname__), a 500 for a change already committed. The follower links it."""

    def unreachable(**kwargs):
        raise DatabaseError("server closed the connection unexpectedly")

    monkeypatch.setattr("efiling.audit.services.audit_chain_extend", unreachable)
    with transaction.atomic():
        [event] = record(1)
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert not AuditLink.objects.filter(event=event).exists()
    assert "Error calling audit_chain_extend in on_commit()" in caplog.text


def test_an_event_rolls_back_with_its_change(court):
    events_before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        court.seat = "Elsewhere"
        court.save()
        audit_record(action="court.changed", target=court)
        raise RuntimeError("the change failed")
    assert AuditEvent.objects.count() == events_before
    assert Court.objects.get(pk=court.pk).seat != "Elsewhere"


def test_the_follower_links_recent_events_left_unchained_and_a_full_pass_links_older_ones(db):
    """A process that dies between its commit and its chaining step leaves events without a
    link: the follower links recent ones, a full pass (its start, audit_chain, verify_audit)
    any older one."""
    with time_machine.travel(clock.now() - FOLLOW_LOOKBACK - timedelta(minutes=5), tick=False):
        old = record(1)[0]
    recent = record(2)

    assert audit_chain_follow_step() == 2
    assert AuditLink.objects.filter(event__in=recent).count() == 2
    assert not AuditLink.objects.filter(event=old).exists()

    assert audit_chain_extend() == 1
    assert AuditLink.objects.filter(event=old).exists()
    assert audit_chain_extend() == 0


def test_a_big_batch_is_linked_in_steps_in_id_order(db):
    events = audit_record_many(entries=[{"action": "test.bulk"}] * 25)
    assert audit_chain_extend(batch_size=10) >= 25
    links = AuditLink.objects.filter(event__in=events).order_by("event_id")
    seqs = list(links.values_list("seq", flat=True))
    assert seqs == list(range(seqs[0], seqs[0] + 25))
    assert audit_chain_verify().intact


def test_recording_nothing_records_nothing(db):
    assert audit_record_many(entries=[]) == []


def test_the_database_refuses_updates_of_events_links_and_checkpoints(db):
    event = record(1)[0]
    chain_now()
    call_command("audit_checkpoint", stdout=io.StringIO())
    for sql in (
        "UPDATE audit_auditevent SET action = 'x'",
        "UPDATE audit_auditlink SET hash = 'x'",
        "UPDATE audit_auditcheckpoint SET seq = 0",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            raw(sql)
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


def test_the_orm_refuses_updates_and_deletes(db):
    event = record(1)[0]
    chain_now()
    link = AuditLink.objects.get(event=event)
    for row in (event, link):
        with pytest.raises(TypeError):
            row.save()
        with pytest.raises(TypeError):
            row.delete()
    for model in (AuditEvent, AuditLink, AuditCheckpoint):
        with pytest.raises(TypeError):
            model.objects.all().update(pk=1)
        with pytest.raises(TypeError):
            model.objects.all().delete()


def test_verify_audit_command_prints_the_head_to_keep(db, capsys):
    record(2)
    call_command("verify_audit")
    out = capsys.readouterr().out
    seq, hash = chain_now()
    assert "intact" in out and f"--expect {seq}:{hash}" in out


def test_audit_chain_command_links_what_waits(db, capsys):
    events = record(3)
    call_command("audit_chain")
    assert "Chained 3 event(s)" in capsys.readouterr().out
    assert AuditLink.objects.filter(event__in=events).count() == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain_and_every_event_is_chained():
    threads_count, per_thread = 8, 20
    before = AuditEvent.objects.count()
    errors = []
    start = threading.Barrier(threads_count)

    def writer(worker):
        try:
            start.wait()
            for i in range(per_thread):
                with transaction.atomic():
                    audit_record(
                        action="test.concurrent", object_type="worker", object_id=f"{worker}-{i}"
                    )
                    audit_record(action="test.concurrent.second", object_type="worker")
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEvent.objects.count() == before + 2 * threads_count * per_thread
    # Every transaction's own step linked its events: nothing waits, no number is skipped.
    assert not AuditEvent.objects.filter(link__isnull=True).exists()
    seqs = list(AuditLink.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert audit_chain_verify(chain_first=False).intact


@pytest.mark.postgres_only
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises every writer anyway"
)
@pytest.mark.django_db(transaction=True)
def test_an_audited_transaction_does_not_wait_for_another_one_still_open():
    """The old chain head was one row every audited write locked until commit. Now a writer
    records and commits while another audited transaction is still open; a lock timeout turns
    a regression into an error instead of a hang."""
    recorded, release, errors = threading.Event(), threading.Event(), []

    def slow_writer():
        try:
            with transaction.atomic():
                audit_record(action="test.slow", object_type="test")
                recorded.set()
                release.wait(timeout=60)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    other = threading.Thread(target=slow_writer)
    other.start()
    try:
        assert recorded.wait(timeout=60)
        with transaction.atomic():
            raw("SET LOCAL lock_timeout = '10s'")
            fast = audit_record(action="test.fast", object_type="test")
        # Committed, and chained by its own step, while the slow transaction is still open.
        assert AuditLink.objects.filter(event=fast).exists()
        assert not AuditEvent.objects.filter(action="test.slow").exists()
    finally:
        release.set()
        other.join()
    assert errors == []
    assert AuditLink.objects.filter(event__action="test.slow").exists()
    assert audit_chain_verify(chain_first=False).intact
