from django.contrib import admin

from efiling.audit.admin_mixins import AuditedAdminMixin
from efiling.scheduling.models import Courtroom


@admin.register(Courtroom)
class CourtroomAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "court", "active"]
    list_filter = ["active"]
    search_fields = ["name", "court__code", "court__name"]
    list_select_related = ["court"]
    autocomplete_fields = ["court"]
