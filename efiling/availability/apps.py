from django.apps import AppConfig


class AvailabilityConfig(AppConfig):
    name = "efiling.availability"
    label = "availability"
    verbose_name = "Availability and help desk"
