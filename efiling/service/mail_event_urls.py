"""The mail providers' tracking webhooks (django-anymail's views), under /mail-events/: mounted
only when EFILING_EMAIL_WEBHOOK_SECRET is set, so there is never a webhook without the basic
authentication anymail checks (a wrong or missing one is answered 400). The events they carry
are recorded by efiling.service.bounces."""

from __future__ import annotations

from anymail.exceptions import AnymailWebhookValidationFailure
from anymail.webhooks.mailgun import MailgunTrackingWebhookView
from anymail.webhooks.postmark import PostmarkTrackingWebhookView
from django.conf import settings
from django.urls import URLPattern, path

from efiling.core.pages import public

# The providers of config.env.ANYMAIL_PROVIDERS: /mail-events/<provider>/tracking/.
TRACKING_VIEWS = {
    "postmark": PostmarkTrackingWebhookView,
    "mailgun": MailgunTrackingWebhookView,
}
# Mailgun's webhook also checks a signature, with a key it cannot do without.
MAILGUN_KEYS = ("MAILGUN_WEBHOOK_SIGNING_KEY", "MAILGUN_API_KEY")


class UnreadableEventsRefused:
    """A body the provider's parser cannot read (not JSON, fields missing) is answered 400,
    as anymail answers a wrong secret, rather than 500."""

    def parse_events(self, request):
        try:
            return super().parse_events(request)
        except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
            raise AnymailWebhookValidationFailure(
                f"This {self.esp_name} tracking event could not be read."
            ) from exc


def _webhook(view):
    refusing = type(view.__name__, (UnreadableEventsRefused, view), {})
    return public(refusing.as_view())


def mail_event_patterns() -> list[URLPattern]:
    """The tracking webhook of each provider (Mailgun's only when its key is set), public to
    the permission matrix: the provider signs in with the webhook secret, not as a person."""
    return [
        path(f"mail-events/{provider}/tracking/", _webhook(view), name=f"mail-events-{provider}")
        for provider, view in TRACKING_VIEWS.items()
        if provider != "mailgun" or any(settings.ANYMAIL.get(key) for key in MAILGUN_KEYS)
    ]


def mail_event_urls() -> list[URLPattern]:
    """mail_event_patterns when EFILING_EMAIL_WEBHOOK_SECRET is set; none otherwise."""
    return mail_event_patterns() if settings.EFILING_EMAIL_WEBHOOK_SECRET else []
