from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "efiling.service"
    label = "service"
    verbose_name = "Service and notices"

    def ready(self):
        """Answer the lower apps' domain events (decision 0011): every kind the service app
        answers, and its handlers, are listed in handlers.HANDLERS."""
        from efiling.service.handlers import handlers_subscribe

        handlers_subscribe()
