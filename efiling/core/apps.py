from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "efiling.core"
    label = "core"
    verbose_name = "Core"
