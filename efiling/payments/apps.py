from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "efiling.payments"
    label = "payments"
    verbose_name = "Fees and payment accounts"
