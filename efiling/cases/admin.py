from django.contrib import admin

from efiling.audit.admin_mixins import AuditedAdminMixin, AuditedReadAdminMixin
from efiling.cases.models import Case, CounselOfRecord, ProHacViceAdmission, SecurityLevel


class CounselInline(admin.TabularInline):
    model = CounselOfRecord
    extra = 0
    raw_id_fields = ["user"]


class AdmissionInline(admin.TabularInline):
    model = ProHacViceAdmission
    fk_name = "case"
    extra = 0
    raw_id_fields = ["attorney", "sponsor", "admitted_by"]


@admin.register(Case)
class CaseAdmin(AuditedReadAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "number",
        "caption",
        "court",
        "case_type",
        "security_level",
        "status",
        "created_at",
    ]
    list_filter = ["security_level", "status", "case_type"]
    search_fields = ["number", "caption"]
    raw_id_fields = ["court"]
    # One writer (efiling.cases.disposition): the docket disposes and expunges, the clerk
    # assigns the judge; the admin only shows them.
    readonly_fields = ["assigned_judge", "status", "disposition", "disposed_at", "expunged_at"]
    inlines = [CounselInline, AdmissionInline]

    def restricted_reason(self, obj) -> str:
        return "" if obj.security_level == SecurityLevel.PUBLIC else f"{obj.security_level} case"
