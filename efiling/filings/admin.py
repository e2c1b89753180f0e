from django.contrib import admin

from efiling.core.admin import ReadOnlyAdmin
from efiling.filings.models import Document, Envelope, Filing, StatusChange


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FilingInline(ReadOnlyInline):
    model = Filing
    fields = ["position", "filing_code", "status", "fee_cents"]


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ["at", "filing", "from_status", "to_status", "actor", "reason"]


@admin.register(Envelope)
class EnvelopeAdmin(ReadOnlyAdmin):
    """Read-only: statuses change only through efiling.filings.workflow."""

    list_display = [
        "confirmation_number",
        "court",
        "case",
        "caption",
        "status",
        "submitted_at",
        "signer",
    ]
    list_filter = ["status"]
    search_fields = ["confirmation_number", "caption", "case__number", "signer__email"]
    inlines = [FilingInline, StatusChangeInline]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "filing", "size", "page_count", "sha256", "uploaded_at"]
    search_fields = ["title", "original_name", "sha256"]
