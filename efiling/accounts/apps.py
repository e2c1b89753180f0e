from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "efiling.accounts"
    label = "accounts"
    verbose_name = "Accounts"
