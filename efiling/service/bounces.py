"""Bounces and complaints the mail provider reports after sending (issue 12, "Notices and
delivery"; decision 0015).

A refusal at sending is recorded by the attempt itself (efiling.service.delivery: failed). What
happens later reaches the site through the provider's tracking webhook (django-anymail's views
under /mail-events/, efiling.service.mail_event_urls), which anymail turns into its `tracking`
signal; `mail_event_record` answers it:

- "bounced" or "rejected": the sent e-mail is bounced, last_error the provider's words. A
  bounce of the e-mail that carried a "filing served" notice thus shows on the service record
  (ServiceRecord.delivery_states) and on the recipient's notices page.
- "complained" (marked as spam): the e-mail reached them, so it stays sent; last_error says so.
- anything else (delivered, opened, deferred...): nothing.

An event names the message by the provider's id (NoticeDelivery.provider_message_id, recorded at
sending) or by our own Message-ID (plain SMTP through a relay whose webhook reports it), with or
without angle brackets, and names its recipient, which must be the delivery's address. An event
for a message we did not send, of another recipient, or missing either, changes nothing; so does
one for a delivery not sent (already bounced, or failed). Nothing here raises on an odd event:
the provider is answered 200 and does not retry it.
"""

from __future__ import annotations

import logging
from email.utils import parseaddr

from django.db.models import Q

from efiling.service.models import NoticeDelivery

State = NoticeDelivery.State
logger = logging.getLogger(__name__)

BOUNCES = frozenset({"bounced", "rejected"})  # anymail's EventType values
COMPLAINED = "complained"
_ERROR_MAX = 500  # NoticeDelivery.last_error's length


def _bare_id(value) -> str:
    """A message id without surrounding space and angle brackets ("" for none)."""
    return str(value or "").strip().removeprefix("<").removesuffix(">").strip()


def _delivery_of(message_id, recipient) -> NoticeDelivery | None:
    """The delivery an event names: by the provider's id or our Message-ID, to `recipient`."""
    bare = _bare_id(message_id)
    address = parseaddr(str(recipient or ""))[1].strip().lower()
    if not bare or not address:
        return None
    forms = [bare, f"<{bare}>"]
    found = NoticeDelivery.objects.filter(
        Q(provider_message_id__in=forms) | Q(message_id__in=forms)
    ).first()
    if found is None or found.address.lower() != address:
        return None
    return found


def _words(event, prefix: str = "") -> str:
    """The provider's description of what happened and the mail server's answer, trimmed."""
    parts = (getattr(event, "description", None), getattr(event, "mta_response", None))
    said = " ".join(str(part).strip() for part in parts if part) or "The provider gave no reason."
    return (f"{prefix}: {said}" if prefix else said)[:_ERROR_MAX]


def mail_event_record(event) -> str | None:
    """Record one of anymail's tracking events (an AnymailTrackingEvent: event_type,
    message_id, recipient, description, mta_response) on the delivery it names; the state it
    leaves it in (State.BOUNCED, or State.SENT for a complaint) when it changed something,
    None otherwise (see the module's text)."""
    kind = getattr(event, "event_type", None)
    if kind not in BOUNCES and kind != COMPLAINED:
        return None
    delivery = _delivery_of(getattr(event, "message_id", None), getattr(event, "recipient", None))
    if delivery is None:
        return None
    sent = NoticeDelivery.objects.filter(pk=delivery.pk, state=State.SENT)
    if kind == COMPLAINED:
        changed = sent.update(last_error=_words(event, "Marked as spam by the recipient"))
        return State.SENT if changed else None
    changed = sent.update(state=State.BOUNCED, last_error=_words(event), next_attempt_at=None)
    return State.BOUNCED if changed else None


def on_tracking(sender, event, esp_name, **kwargs) -> None:
    """Receiver of anymail's `tracking` signal (connected in ServiceConfig.ready)."""
    outcome = mail_event_record(event)
    if outcome is not None:
        logger.info(
            "%s reported %s for message %s: delivery %s",
            esp_name,
            event.event_type,
            event.message_id,
            outcome,
        )
