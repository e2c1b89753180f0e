from django.apps import AppConfig


class CourtsConfig(AppConfig):
    name = "efiling.courts"
    label = "courts"
    verbose_name = "Courts, policy and calendar"

    def ready(self):
        # Accounts sit below courts: they read Missouri's counties through this registry
        # (a sheriff's office's county, efiling.accounts.counties).
        from efiling.accounts.counties import county_source_register
        from efiling.courts.selectors import counties

        county_source_register(counties)
