from django.apps import AppConfig
from django.core.signals import got_request_exception


class ApiConfig(AppConfig):
    name = "efiling.api"
    label = "api"
    verbose_name = "JSON API (ECF operations)"

    def ready(self):
        from efiling.api.errors import exception_noted

        got_request_exception.connect(exception_noted, dispatch_uid="efiling.api.exception_noted")
