from django.apps import AppConfig


class FilingsConfig(AppConfig):
    name = "efiling.filings"
    label = "filings"
    verbose_name = "Envelopes and filings"
