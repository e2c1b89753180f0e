from django.apps import AppConfig
from django.core.signals import got_request_exception
from django.db.models.signals import pre_save


class CoreConfig(AppConfig):
    name = "efiling.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from efiling.core.columns import guard_text_columns
        from efiling.core.database_outage import exception_noted

        pre_save.connect(guard_text_columns, dispatch_uid="efiling.core.guard_text_columns")
        got_request_exception.connect(exception_noted, dispatch_uid="efiling.core.exception_noted")
