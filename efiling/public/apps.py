from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "efiling.public"
    label = "public"
    verbose_name = "Public access (Case.net)"
