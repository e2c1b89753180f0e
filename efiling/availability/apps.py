from django.apps import AppConfig


class AvailabilityConfig(AppConfig):
    name = "efiling.availability"
    label = "availability"
    verbose_name = "Availability and help desk"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from efiling.availability.maintenance import court_writes_stopped_check
        from efiling.availability.models import ServiceHours
        from efiling.availability.services import hours_changed
        from efiling.core.court_writes import court_writes_gate_add

        court_writes_gate_add(court_writes_stopped_check)
        post_save.connect(hours_changed, sender=ServiceHours, dispatch_uid="service-hours-saved")
        post_delete.connect(
            hours_changed, sender=ServiceHours, dispatch_uid="service-hours-deleted"
        )
