from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "efiling.service"
    label = "service"
    verbose_name = "Service and notices"

    def ready(self):
        """Answer the lower apps' domain events (decision 0011): the notices of cases,
        scheduling and docket events, and the review-complete webhook (handlers.HANDLERS)."""
        from efiling.service.handlers import handlers_subscribe

        handlers_subscribe()
