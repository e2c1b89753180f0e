"""An audit event records what was attempted even when it carried characters no database keeps
(NUL, which PostgreSQL's jsonb refuses; lone surrogates): they read back as U+FFFD, and
recording never fails for them (issue 9: no input breaks the system)."""

import pytest

from efiling.audit.models import AuditEvent
from efiling.audit.services import audit_record


@pytest.mark.django_db
def test_unstorable_characters_in_details_are_kept_as_replacement_characters():
    event = audit_record(
        action="probe.recorded",
        object_type="probe",
        details={"text": "a\x00b", "nested": [{"k\x00": "Probe\ud800"}], "n": 3},
    )
    stored = AuditEvent.objects.get(pk=event.pk).details
    assert stored == {"text": "a\ufffdb", "nested": [{"k\ufffd": "Probe\ufffd"}], "n": 3}
