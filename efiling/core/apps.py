from django.apps import AppConfig
from django.db.models.signals import pre_save


class CoreConfig(AppConfig):
    name = "efiling.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from efiling.core.columns import guard_text_columns

        pre_save.connect(guard_text_columns, dispatch_uid="efiling.core.guard_text_columns")
