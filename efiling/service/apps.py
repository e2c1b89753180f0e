from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "efiling.service"
    label = "service"
    verbose_name = "Service and notices"

    def ready(self):
        from efiling.core.events import subscribe
        from efiling.service import deadline_notices

        subscribe("scheduling.deadline_approaching", deadline_notices.deadline_approaching)
        subscribe("scheduling.deadline_passed", deadline_notices.deadline_passed)
