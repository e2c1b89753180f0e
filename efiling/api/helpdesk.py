"""Requests to the help desk: CreateHelpTicket (the contact form's API, for a signed-in caller:
a token or the session). The help desk answers on its pages; the caller is told by a notice
(GetNotices) and reads the thread at `link`."""

from datetime import datetime

from django.http import HttpResponse
from ninja import Field, Router, Schema

from efiling.accounts.permissions import Action
from efiling.api.auth import api_user_require, permission_mark, token_or_session
from efiling.api.idempotency import header_parameter, idempotent_operation
from efiling.api.schemas import BodySchema, choices, column, errors, text
from efiling.helpdesk.forms import MESSAGE_LIMIT
from efiling.helpdesk.models import HelpTicket
from efiling.helpdesk.services import ticket_create, ticket_link
from efiling.helpdesk.views import contact_throttle

router = Router(tags=["Help desk"], auth=token_or_session)


class HelpTicketIn(BodySchema):
    subject: str = column(HelpTicket, "subject")
    body: str = text(
        MESSAGE_LIMIT,
        multiline=True,
        description="The question: what you were doing and what happened. Never a password.",
    )


class HelpTicketOut(Schema):
    id: str = Field(description="The request's id.")
    subject: str
    status: choices(HelpTicket.Status)
    created_at: datetime
    link: str = Field(description="The request's page: the thread and the reply (signed in).")


@router.post(
    "/help-tickets",
    response={201: HelpTicketOut, **errors(401, 403, 409, 415, 429)},
    operation_id="CreateHelpTicket",
    url_name="CreateHelpTicket",
    openapi_extra={**permission_mark(Action.CONTACT_HELP_DESK), **header_parameter(required=False)},
    summary="Write to the help desk: a request it answers in the system (you get a notice)",
)
@idempotent_operation("CreateHelpTicket", action=Action.CONTACT_HELP_DESK)
def create_help_ticket(request, response: HttpResponse, payload: HelpTicketIn):
    """At most EFILING_HELP_TICKET_RATE requests per client address (429 with Retry-After),
    counted with the contact form's."""
    user = api_user_require(request, Action.CONTACT_HELP_DESK)
    refusal = contact_throttle(request)
    if refusal is not None:
        raise refusal
    ticket = ticket_create(
        user=user, name="", email="", subject=payload.subject, body=payload.body, request=request
    )
    return 201, {
        "id": str(ticket.public_id),
        "subject": ticket.subject,
        "status": ticket.status,
        "created_at": ticket.created_at,
        "link": ticket_link(ticket),
    }
