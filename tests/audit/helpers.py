"""For tests that read an event's chain number or check links: a test runs inside a transaction
that never commits, so the after-commit chaining step never runs. `chain_now()` does what that
step does. (`django_capture_on_commit_callbacks(execute=True)` also works, around the first
event recorded in the test's transaction.)"""

from django.db import connection

from efiling.audit.chain import audit_chain_extend, chain_head
from efiling.audit.services import audit_record


def chain_now() -> tuple[int, str]:
    """Link every event recorded so far; return the head (seq, hash)."""
    audit_chain_extend()
    return chain_head()


def record(count: int, **kwargs) -> list:
    return [
        audit_record(action="test.event", object_type="test", object_id=str(i), **kwargs)
        for i in range(count)
    ]


def raw(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


TRIGGERS = {
    "audit_auditevent": "audit_event_no_update",
    "audit_auditlink": "audit_auditlink_no_update",
    "audit_auditcheckpoint": "audit_auditcheckpoint_no_update",
}


def lift_update_guard(table: str = "audit_auditevent") -> None:
    """Tampering as a database owner could: switch off a table's trigger (undone when the test's
    transaction rolls back)."""
    if connection.vendor == "postgresql":
        raw("SET CONSTRAINTS ALL IMMEDIATE")  # no foreign-key check may wait on the table
        raw("SET CONSTRAINTS ALL DEFERRED")
        raw(f"ALTER TABLE {table} DISABLE TRIGGER {TRIGGERS[table]}")
    else:
        raw(f"DROP TRIGGER {TRIGGERS[table]}")
