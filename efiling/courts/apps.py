from django.apps import AppConfig


class CourtsConfig(AppConfig):
    name = "efiling.courts"
    label = "courts"
    verbose_name = "Courts, policy and calendar"
