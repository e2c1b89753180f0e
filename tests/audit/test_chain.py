import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction

from efiling.audit.models import AuditChainHead, AuditEvent
from efiling.audit.services import HEAD_ID, audit_chain_verify, audit_record
from efiling.courts.models import Court


def _record(n, **kwargs):
    return [
        audit_record(action="test.event", object_type="test", object_id=str(i), **kwargs)
        for i in range(n)
    ]


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _lift_update_guard():
    """Tampering as a database administrator could: switch off the trigger (undone when the
    test's transaction rolls back)."""
    if connection.vendor == "postgresql":
        _raw("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update")
    else:
        _raw("DROP TRIGGER audit_event_no_update")


def test_events_chain_and_verify(db):
    events = _record(3, details={"amount": 10, "nested": {"b": 1, "a": [1, 2]}})
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    report = audit_chain_verify()
    assert (
        report.intact and report.head_seq == events[-1].seq and report.head_hash == events[-1].hash
    )


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


def test_a_changed_event_is_named(db):
    events = _record(4)
    _lift_update_guard()
    _raw("UPDATE audit_auditevent SET object_id = 'forged' WHERE seq = %s", [events[2].seq])
    report = audit_chain_verify()
    assert not report.intact and report.broken_seq == events[2].seq
    assert "changed" in report.problem


def test_a_deleted_event_is_named(db):
    events = _record(4)
    _raw("DELETE FROM audit_auditevent WHERE seq = %s", [events[1].seq])
    report = audit_chain_verify()
    assert (report.intact, report.broken_seq) == (False, events[1].seq)
    assert "missing" in report.problem


def test_deleting_the_newest_events_is_detected(db):
    events = _record(3)
    _raw("DELETE FROM audit_auditevent WHERE seq >= %s", [events[1].seq])
    report = audit_chain_verify()
    assert (report.intact, report.broken_seq) == (False, events[1].seq)


def test_an_inserted_event_is_detected(db):
    events = _record(3)
    _lift_update_guard()
    _raw("UPDATE audit_auditevent SET seq = seq + 1 WHERE seq = %s", [events[2].seq])
    forged = AuditEvent(
        seq=events[2].seq,
        occurred_at=events[2].occurred_at,
        action="forged",
        channel="web",
        prev_hash=events[1].hash,
        hash="f" * 64,
    )
    forged.save()
    report = audit_chain_verify()
    assert not report.intact and report.broken_seq == events[2].seq


def test_the_database_refuses_updates(db):
    event = _record(1)[0]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _raw("UPDATE audit_auditevent SET action = 'x' WHERE seq = %s", [event.seq])


def test_the_orm_refuses_updates_and_deletes(db):
    event = _record(1)[0]
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()


def test_an_event_rolls_back_with_its_change(court):
    head_before = AuditChainHead.objects.get(pk=HEAD_ID).seq
    with pytest.raises(RuntimeError), transaction.atomic():
        court.seat = "Elsewhere"
        court.save()
        audit_record(action="court.changed", target=court)
        raise RuntimeError("the change failed")
    assert AuditChainHead.objects.get(pk=HEAD_ID).seq == head_before
    assert not AuditEvent.objects.filter(seq=head_before + 1).exists()
    assert Court.objects.get(pk=court.pk).seat != "Elsewhere"


def test_verify_audit_command(db, capsys):
    _record(2)
    call_command("verify_audit")
    assert "intact" in capsys.readouterr().out
    _raw("DELETE FROM audit_auditevent WHERE seq = (SELECT MIN(seq) FROM audit_auditevent)")
    with pytest.raises(CommandError, match=r"broken at event #1: event #1 is missing"):
        call_command("verify_audit")


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
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
    assert AuditEvent.objects.count() == before + threads_count * per_thread
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert audit_chain_verify().intact
