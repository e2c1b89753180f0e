from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "efiling.service"
    label = "service"
    verbose_name = "Service and notices"

    def ready(self):
        """Answer the lower apps' domain events (decision 0011): every kind the service app
        answers, and its handlers, are listed in handlers.HANDLERS. Record the bounces the mail
        provider reports (anymail's `tracking` signal, efiling.service.bounces)."""
        from anymail.signals import tracking

        from efiling.service.bounces import on_tracking
        from efiling.service.handlers import handlers_subscribe

        handlers_subscribe()
        tracking.connect(on_tracking, dispatch_uid="efiling.service.bounces")
