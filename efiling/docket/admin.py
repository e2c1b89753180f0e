from django.contrib import admin

from efiling.audit.admin_mixins import AuditedAdminMixin
from efiling.docket.models import RejectionReason


@admin.register(RejectionReason)
class RejectionReasonAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The reasons clerks choose from when they reject a filing: a court's own, or (no court)
    offered everywhere. A rejection keeps the reason's text, so editing or retiring a reason
    never changes past rejections."""

    list_display = ["text", "court", "active"]
    list_filter = ["active"]
    search_fields = ["text", "court__code", "court__name"]
    list_select_related = ["court"]
    autocomplete_fields = ["court"]
