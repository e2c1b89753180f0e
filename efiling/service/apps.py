from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "efiling.service"
    label = "service"
    verbose_name = "Service and notices"
