from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "efiling.audit"
    label = "audit"
    verbose_name = "Audit trail"
