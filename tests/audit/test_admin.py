from django.test import Client

from efiling.accounts.models import User
from efiling.audit.checkpoints import audit_checkpoint_publish
from tests.audit.helpers import record


def test_the_admin_shows_events_with_their_link_and_checkpoints_read_only(db):
    admin = User.objects.create_superuser("admin@example.test", "a-strong-password-1")
    client = Client()
    client.force_login(admin)
    waiting = record(1)[0]
    checkpoint = audit_checkpoint_publish()  # chains the event first
    later = record(1)[0]
    events = client.get("/admin/audit/auditevent/")
    assert events.status_code == 200
    assert b"not chained yet" in events.content  # the event recorded after the checkpoint
    assert client.get(f"/admin/audit/auditevent/{waiting.pk}/change/").status_code == 200
    assert client.post(f"/admin/audit/auditevent/{later.pk}/delete/").status_code == 403
    checkpoints = client.get("/admin/audit/auditcheckpoint/")
    assert checkpoints.status_code == 200 and checkpoint.hash.encode() in checkpoints.content
    assert client.get("/admin/audit/auditcheckpoint/add/").status_code == 403
