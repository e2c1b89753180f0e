from django.contrib import admin

from efiling.audit.admin_mixins import AuditedAdminMixin
from efiling.availability.models import ServiceHours


@admin.register(ServiceHours)
class ServiceHoursAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["kind", "weekday", "opens", "closes", "closed_on_state_holidays"]
    list_filter = ["kind"]
