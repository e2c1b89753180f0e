from django.contrib import admin

from efiling.audit.admin_mixins import AuditedReadAdminMixin
from efiling.cases.models import SecurityLevel
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
class EnvelopeAdmin(AuditedReadAdminMixin, ReadOnlyAdmin):
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

    def restricted_reason(self, obj) -> str:
        return obj.non_public_reason


@admin.register(Document)
class DocumentAdmin(AuditedReadAdminMixin, ReadOnlyAdmin):
    list_display = ["title", "kind", "filing", "size", "page_count", "sha256", "uploaded_at"]
    search_fields = ["title", "original_name", "sha256"]

    def restricted_reason(self, obj) -> str:
        if obj.kind == Document.Kind.CONFIDENTIAL_SHEET:
            return "confidential information sheet"
        entry = obj.docket_entry
        if entry is not None and entry.security_level != SecurityLevel.PUBLIC:
            return f"{entry.security_level} docket entry"
        if entry is not None and entry.case.security_level != SecurityLevel.PUBLIC:
            return f"{entry.case.security_level} case"
        return obj.filing.envelope.non_public_reason if obj.filing_id else ""
