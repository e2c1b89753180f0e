from django.apps import AppConfig


class HelpdeskConfig(AppConfig):
    name = "efiling.helpdesk"
    label = "helpdesk"
    verbose_name = "Help desk"
