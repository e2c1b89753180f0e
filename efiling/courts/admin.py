from django.contrib import admin

from efiling.audit.admin_mixins import AuditedAdminMixin
from efiling.courts.models import CaseType, Court, CourtPolicy, Holiday


@admin.register(CaseType)
class CaseTypeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "level", "confidential"]
    list_filter = ["level", "confidential"]


@admin.register(Court)
class CourtAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "circuit", "efiling_participating", "efiling_since"]
    list_filter = ["kind", "efiling_participating", "appellate_district"]
    search_fields = ["code", "name", "county", "seat"]
    filter_horizontal = ["case_types"]


@admin.register(CourtPolicy)
class CourtPolicyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "court",
        "maximum_allowed_attachment_size",
        "maximum_allowed_message_size",
        "maximum_documents_per_submission",
    ]
    search_fields = ["court__code", "court__name"]
    list_select_related = ["court"]


@admin.register(Holiday)
class HolidayAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["date", "name", "kind", "court", "note"]
    list_filter = ["kind", ("court", admin.EmptyFieldListFilter)]
    search_fields = ["name", "court__code", "court__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["court"]
