from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "efiling.accounts"
    label = "accounts"
    verbose_name = "Accounts"


class AdministrationSiteConfig(admin_apps.AdminConfig):
    """The Django admin (label "admin") on efiling's site, efiling.accounts.admin_site."""

    default = False  # named in INSTALLED_APPS; AccountsConfig stays this module's default
    default_site = "efiling.accounts.admin_site.AdministrationSite"
