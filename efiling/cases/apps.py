from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CasesConfig(AppConfig):
    name = "efiling.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self):
        from efiling.cases.names import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="cases-search-name")
