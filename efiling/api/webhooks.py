"""The caller's webhook (ECF NotifyFilingReviewComplete): where the court's system POSTs a
signed notice when a filing the caller signed or prepared is accepted, rejected or returned."""

from datetime import datetime

from django.http import HttpResponse
from ninja import Field, Router, Schema

from efiling.accounts.permissions import Action
from efiling.api.auth import api_user_require, permission_mark, token_or_session
from efiling.api.idempotency import (
    claimed_operation,
    header_parameter,
    idempotency_key_of,
    no_store,
    request_fingerprint,
)
from efiling.api.schemas import BodySchema, column, errors
from efiling.core.errors import NotFound
from efiling.service.webhook_models import WebhookEndpoint
from efiling.service.webhooks import webhook_endpoint_of, webhook_endpoint_set

router = Router(tags=["Notifications"])

SHOWN_ONCE = (
    "Copy this secret now and keep it on your receiver: it is shown only once. Check each "
    "POST's X-Efiling-Signature header: sha256= and the hex HMAC-SHA256, with this secret, of "
    "the X-Efiling-Timestamp value, a period and the raw body; refuse timestamps more than "
    "5 minutes old. "
    "Setting the webhook again replaces the secret."
)


class WebhookIn(BodySchema):
    url: str = column(
        WebhookEndpoint, "url", description="Your receiver: an https:// URL on a public address."
    )


class WebhookOut(Schema):
    url: str
    active: bool
    created_at: datetime
    event: str = Field(description="The event sent: NotifyFilingReviewComplete.")


class WebhookSetOut(WebhookOut):
    secret: str = Field(description="The signing secret, shown this once only.")
    warning: str


def _out(endpoint) -> dict:
    return {
        "url": endpoint.url,
        "active": endpoint.active,
        "created_at": endpoint.created_at,
        "event": "NotifyFilingReviewComplete",
    }


@router.put(
    "/me/webhook",
    response={200: WebhookSetOut, **errors(401, 403, 415)},
    auth=token_or_session,
    operation_id="SetWebhook",
    openapi_extra={
        **permission_mark(Action.MANAGE_OWN_API_TOKENS),
        **header_parameter(required=False),
    },
    url_name="SetWebhook",
    summary="Set your NotifyFilingReviewComplete webhook (returns a new secret, once)",
)
def set_webhook(request, payload: WebhookIn, response: HttpResponse):
    """The receiver's address is resolved and checked outside any transaction, so an
    Idempotency-Key is claimed first and its answer (kept encrypted: it shows the secret)
    recorded in the transaction that sets the endpoint: a retry shows the same secret."""
    user = api_user_require(request, Action.MANAGE_OWN_API_TOKENS)

    def run(complete):
        answer = {}
        webhook_endpoint_set(
            user=user,
            url=payload.url,
            request=request,
            in_transaction=lambda endpoint, secret: answer.update(
                body=complete(200, {**_out(endpoint), "secret": secret, "warning": SHOWN_ONCE})
            ),
        )
        return 200, answer["body"]

    no_store(response)
    return claimed_operation(
        user=user,
        operation="SetWebhook",
        key=idempotency_key_of(request, required=False),
        fingerprint=lambda: request_fingerprint(request),
        run=run,
        sealed=True,
    )


@router.get(
    "/me/webhook",
    response={200: WebhookOut, **errors(401, 403, 404)},
    auth=token_or_session,
    operation_id="GetWebhook",
    openapi_extra=permission_mark(Action.MANAGE_OWN_API_TOKENS),
    url_name="GetWebhook",
    summary="Get your webhook (the secret is never shown again)",
)
def get_webhook(request):
    user = api_user_require(request, Action.MANAGE_OWN_API_TOKENS)
    endpoint = webhook_endpoint_of(user=user)
    if endpoint is None:
        raise NotFound("You have no webhook set.", code="no_webhook")
    return _out(endpoint)
