from django.apps import AppConfig


class DocketConfig(AppConfig):
    name = "efiling.docket"
    label = "docket"
    verbose_name = "Review and docket"
