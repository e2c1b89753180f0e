from django.contrib import admin

from efiling.audit.admin_mixins import AuditedAdminMixin
from efiling.scheduling.models import Courtroom, CourtroomHours


class CourtroomHoursInline(admin.TabularInline):
    """A courtroom's hours by weekday; none at all means the standard hours (Monday to Friday,
    8:00 a.m. to 5:00 p.m.)."""

    model = CourtroomHours
    extra = 0
    max_num = 7


@admin.register(Courtroom)
class CourtroomAdmin(AuditedAdminMixin, admin.ModelAdmin):
    inlines = [CourtroomHoursInline]
    list_display = ["name", "court", "active"]
    list_filter = ["active"]
    search_fields = ["name", "court__code", "court__name"]
    list_select_related = ["court"]
    autocomplete_fields = ["court"]
