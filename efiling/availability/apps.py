from django.apps import AppConfig


class AvailabilityConfig(AppConfig):
    name = "efiling.availability"
    label = "availability"
    verbose_name = "Availability and help desk"

    def ready(self):
        from efiling.availability.maintenance import court_writes_stopped_check
        from efiling.core.court_writes import court_writes_gate_add

        court_writes_gate_add(court_writes_stopped_check)
