from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "efiling.scheduling"
    label = "scheduling"
    verbose_name = "Hearings and deadlines"
