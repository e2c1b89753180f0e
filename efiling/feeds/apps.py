from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "efiling.feeds"
    label = "feeds"
    verbose_name = "Calendar feeds"
