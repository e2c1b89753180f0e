from django.contrib import admin

from efiling.audit.models import AuditCheckpoint, AuditEvent
from efiling.core.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: events are written by services, never by hand."""

    list_display = [
        "id",
        "chain_seq",
        "occurred_at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "channel",
        "ip_address",
    ]
    list_filter = ["action", "channel"]
    search_fields = ["actor_label", "object_id", "object_repr", "action"]
    ordering = ["-id"]
    list_select_related = ["link"]

    @admin.display(description="link #", ordering="link__seq")
    def chain_seq(self, event):
        link = getattr(event, "link", None)
        return link.seq if link is not None else "not chained yet"


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(ReadOnlyAdmin):
    """Read-only: checkpoints are signed and published by `efiling audit_chain --follow`."""

    list_display = ["signed_at", "seq", "hash", "key_id"]
    ordering = ["-signed_at", "-id"]
