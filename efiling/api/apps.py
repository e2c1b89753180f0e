from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "efiling.api"
    label = "api"
    verbose_name = "JSON API (ECF operations)"
