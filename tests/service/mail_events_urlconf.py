"""The site's URLs with the mail providers' webhooks mounted, as EFILING_EMAIL_WEBHOOK_SECRET
mounts them (the test settings have no secret, so config.urls has none)."""

from config.urls import urlpatterns as site_urlpatterns
from efiling.service.mail_event_urls import mail_event_patterns

urlpatterns = [*site_urlpatterns, *mail_event_patterns()]
