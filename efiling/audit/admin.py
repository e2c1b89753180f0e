from django.contrib import admin

from efiling.audit.models import AuditEvent
from efiling.core.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: events are written by services, never by hand."""

    list_display = [
        "seq",
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
    ordering = ["-seq"]
