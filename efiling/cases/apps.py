from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "efiling.cases"
    label = "cases"
    verbose_name = "Cases"
