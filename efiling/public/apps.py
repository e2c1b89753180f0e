from django.apps import AppConfig

from efiling.core.errors import section_links_register

# The public side's parts of the site: pages and the public API.
PUBLIC_PREFIXES = ("/public/", "/api/v1/public/")


class PublicConfig(AppConfig):
    name = "efiling.public"
    label = "public"
    verbose_name = "Public access (Case.net)"

    def ready(self):
        # Every public 404 and 429 (a page past the end, an unknown address, a case not
        # found, the scraping throttle) offers the way back to the search.
        for prefix in PUBLIC_PREFIXES:
            section_links_register(prefix, {"public_search_url": "public-search"})
