from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The embedded mode's demo data (users of every role, their court, courtrooms, payment
    account and staff authorization). It builds rows of several apps, so it sits above all of
    them (docs/architecture.md)."""

    name = "efiling.demo"
    label = "demo"
    verbose_name = "Demo data"
