"""Requests to the help desk (tickets): written by anyone, signed in or not; answered by the
help desk in the system; both read the thread.

Who sees a ticket: its requester (an account: `ticket_of_requester`; someone signed out: the
holder of the link e-mailed to them, `ticket_by_token`) and the help desk (ANSWER_HELP_TICKETS,
`ticket_for_help_desk`). Anyone else is answered NotFound, the same words as for a ticket that
does not exist. The requester is told of each answer: an account by a notice (with its e-mail,
efiling.service), someone signed out by an e-mail with the link. Every e-mail goes through the
notices' queue (efiling.service.delivery), written in the ticket's transaction and sent after
the commit, retried: a mail server that fails neither loses the e-mail nor fails the request.
Each change is audited.
"""

from __future__ import annotations

import uuid

from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from efiling.accounts.models import User
from efiling.accounts.permissions import Action, require
from efiling.audit.services import audit_record
from efiling.core import clock
from efiling.core.errors import Conflict, NotFound
from efiling.helpdesk.models import HelpTicket, TicketMessage
from efiling.service.delivery import message_queue, site_link
from efiling.service.models import Notice
from efiling.service.services import notices_record

NO_SUCH_TICKET = "There is no such help request, or it is not yours."
TOKEN_SALT = "efiling.helpdesk.ticket"  # noqa: S105 (a salt, not a secret)


def ticket_token(ticket: HelpTicket) -> str:
    """The secret of a signed-out requester's link: the ticket's id signed with the site's
    SECRET_KEY (HMAC-SHA256, django.core.signing), unguessable without it; the same for every
    e-mail of the ticket. An account's ticket has none (it signs in)."""
    return signing.Signer(salt=TOKEN_SALT, algorithm="sha256").sign(str(ticket.public_id))


def ticket_link(ticket: HelpTicket) -> str:
    """The absolute address the requester follows the thread at."""
    if ticket.requester_id is not None:
        return site_link(reverse("help-ticket", args=[ticket.public_id]))
    return site_link(reverse("help-ticket-by-link", args=[ticket_token(ticket)]))


def _mail_signed_out(ticket: HelpTicket, *, template: str, subject: str) -> None:
    """Queue the e-mail with the link to a signed-out requester (in the caller's transaction)."""
    body = render_to_string(template, {"ticket": ticket, "link": ticket_link(ticket)})
    message_queue(address=ticket.email, subject=subject, body=body)


def ticket_create(
    *, user: User | None, name: str, email: str, subject: str, body: str, request=None
) -> HelpTicket:
    """A new ticket with its first message. `user`: the signed-in requester (their name and
    account address are used; `name` and `email` are ignored), or None: then `name` and
    `email` (both required, already cleaned by the form or the API) and the link is e-mailed
    (queued with the ticket, sent after the commit)."""
    if user is not None:
        require(user, Action.CONTACT_HELP_DESK)
        name, email = user.get_full_name() or user.email, user.email
    now = clock.now()
    with transaction.atomic():
        ticket = HelpTicket.objects.create(
            public_id=uuid.uuid4(),
            requester=user,
            name=name,
            email=email,
            subject=subject,
            created_at=now,
            updated_at=now,
        )
        TicketMessage.objects.create(ticket=ticket, author=user, body=body, created_at=now)
        audit_record(
            action="help_ticket.created",
            target=ticket,
            actor=user,
            request=request,
            actor_label="" if user is not None else f"{name} <{email}>, signed out",
            details={"signed_in": user is not None},
        )
        if user is None:
            _mail_signed_out(
                ticket,
                template="helpdesk/email/ticket_created.txt",
                subject=f"Your request to the e-filing help desk: {subject}",
            )
    return ticket


def ticket_of_requester(*, user: User, public_id) -> HelpTicket:
    """An account's own ticket; NotFound (NO_SUCH_TICKET) for another's and a missing one."""
    require(user, Action.CONTACT_HELP_DESK)
    ticket = HelpTicket.objects.filter(public_id=public_id, requester=user).first()
    if ticket is None:
        raise NotFound(NO_SUCH_TICKET)
    return ticket


def ticket_by_token(token: str) -> HelpTicket:
    """The signed-out requester's ticket named by the link's token; NotFound for a token not
    signed here (altered, made up) and for an account's ticket (it signs in)."""
    try:
        signer = signing.Signer(salt=TOKEN_SALT, algorithm="sha256")
        public_id = uuid.UUID(signer.unsign(token))
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise NotFound(NO_SUCH_TICKET) from exc
    ticket = HelpTicket.objects.filter(public_id=public_id, requester__isnull=True).first()
    if ticket is None:
        raise NotFound(NO_SUCH_TICKET)
    return ticket


def ticket_for_help_desk(*, user: User, public_id) -> HelpTicket:
    require(user, Action.ANSWER_HELP_TICKETS)
    ticket = HelpTicket.objects.filter(public_id=public_id).first()
    if ticket is None:
        raise NotFound("There is no such help request.")
    return ticket


def tickets_of(user: User):
    """An account's tickets, the latest changed first."""
    require(user, Action.CONTACT_HELP_DESK)
    return HelpTicket.objects.filter(requester=user)


def tickets_awaiting_help_desk():
    """The tickets the help desk has to answer, the longest waiting first."""
    return HelpTicket.objects.filter(status=HelpTicket.Status.AWAITING_HELP_DESK).order_by(
        "updated_at", "pk"
    )


def _locked(ticket: HelpTicket) -> HelpTicket:
    ticket = HelpTicket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.status == HelpTicket.Status.CLOSED:
        raise Conflict("This request is closed. Write a new one if you need more help.")
    return ticket


def ticket_reply(*, ticket: HelpTicket, body: str, user: User | None, request=None) -> None:
    """The requester writes again (`user`: the account, or None for the link's holder): the
    ticket waits for the help desk again. Conflict when it is closed."""
    now = clock.now()
    with transaction.atomic():
        ticket = _locked(ticket)
        TicketMessage.objects.create(ticket=ticket, author=user, body=body, created_at=now)
        ticket.status, ticket.updated_at = HelpTicket.Status.AWAITING_HELP_DESK, now
        ticket.save(update_fields=["status", "updated_at"])
        audit_record(
            action="help_ticket.replied",
            target=ticket,
            actor=user,
            request=request,
            actor_label="" if user is not None else f"{ticket.name} <{ticket.email}>, signed out",
        )


def ticket_answer(
    *, ticket: HelpTicket, actor: User, body: str, close: bool = False, request=None
) -> None:
    """The help desk answers (and closes the ticket when `close`); the requester is told: an
    account by a notice linking to the thread, someone signed out by e-mail with the link
    (both queued with the answer, sent after the commit)."""
    require(actor, Action.ANSWER_HELP_TICKETS)
    now = clock.now()
    with transaction.atomic():
        ticket = _locked(ticket)
        TicketMessage.objects.create(
            ticket=ticket, author=actor, from_help_desk=True, body=body, created_at=now
        )
        ticket.status = HelpTicket.Status.CLOSED if close else HelpTicket.Status.ANSWERED
        ticket.updated_at = now
        ticket.save(update_fields=["status", "updated_at"])
        audit_record(
            action="help_ticket.answered",
            target=ticket,
            actor=actor,
            request=request,
            details={"closed": close},
        )
        if ticket.requester_id is not None:
            notices_record(
                recipients=[ticket.requester],
                kind=Notice.Kind.HELP_DESK,
                subject=f"The help desk answered: {ticket.subject}",
                body="The help desk answered your request. Read the answer and reply on the "
                "request's page.",
                link=reverse("help-ticket", args=[ticket.public_id]),
            )
        else:
            _mail_signed_out(
                ticket,
                template="helpdesk/email/ticket_answered.txt",
                subject=f"The e-filing help desk answered: {ticket.subject}",
            )
