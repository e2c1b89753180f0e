from django.contrib import admin

from efiling.audit.admin_mixins import AuditedAdminMixin
from efiling.cases.models import Case, CounselOfRecord, ProHacViceAdmission


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
class CaseAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["number", "caption", "court", "case_type", "security_level", "created_at"]
    list_filter = ["security_level", "case_type"]
    search_fields = ["number", "caption"]
    raw_id_fields = ["court"]
    inlines = [CounselInline, AdmissionInline]
