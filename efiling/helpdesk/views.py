"""The help page and contact form (/help/, public), a requester's threads, and the help desk's
pages (/help-desk/): its tickets and tools. Thin: the rules are in services and tools."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from efiling.accounts.access import requires
from efiling.accounts.models import Role
from efiling.accounts.permissions import Action
from efiling.availability.models import ServiceHours
from efiling.availability.services import help_desk_is_open, hours_summary
from efiling.core.errors import DomainError, MailNotSent, ValidationFailed, with_retry_after
from efiling.core.forms import add_domain_error
from efiling.core.pages import public, safe_only
from efiling.core.paging import page_of
from efiling.core.query import posted_value
from efiling.helpdesk import forms, resets, services, tools
from efiling.helpdesk.faq import QUESTIONS
from efiling.public.throttle import counted, refusal_of

THROTTLE_GROUP = "efiling.helpdesk"
SLOW_DOWN = (
    "Too many requests to the help desk from your address: wait {wait} before writing again, "
    "or call the help desk."
)
ROWS_PER_PAGE = 25


def contact_throttle(request):
    """The contact form's and CreateHelpTicket's refusal when this client address sent more
    than EFILING_HELP_TICKET_RATE requests (efiling.public.throttle.counted), else None."""
    usage = counted(request, group=THROTTLE_GROUP, rate=settings.EFILING_HELP_TICKET_RATE)
    return refusal_of(usage, SLOW_DOWN)


@public
@safe_only
def help_page(request):
    """The help desk's e-mail and toll-free number, its hours and whether it is open now, the
    best hours to use the system, and answers to common questions."""
    return render(
        request,
        "helpdesk/help.html",
        {
            "email": settings.EFILING_HELP_DESK_EMAIL,
            "phone": settings.EFILING_HELP_DESK_PHONE,
            "open_now": help_desk_is_open(),
            "hours": hours_summary(ServiceHours.Kind.HELP_DESK),
            "best_hours": hours_summary(ServiceHours.Kind.BEST_USE),
            "questions": QUESTIONS,
        },
    )


@public
@require_http_methods(["GET", "HEAD", "POST"])
def contact(request):
    signed_in = request.user.is_authenticated
    form = forms.ContactForm(request.POST or None, signed_in=signed_in)
    status = 200
    if request.method == "POST":
        # Only a request that would create a ticket counts toward the limit: a form sent back
        # for correction does not use it up.
        refusal = contact_throttle(request) if form.is_valid() else None
        if refusal is not None:
            form.add_error(None, refusal.message)
            response = render(request, "helpdesk/contact.html", {"form": form}, status=429)
            return with_retry_after(response, refusal)
        if form.is_valid():
            data = form.cleaned_data
            try:
                ticket = services.ticket_create(
                    user=request.user if signed_in else None,
                    name=data.get("name", ""),
                    email=data.get("email", ""),
                    subject=data["subject"],
                    body=data["body"],
                    request=request,
                )
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
            else:
                if signed_in:
                    messages.success(request, "Your request is sent to the help desk.")
                    return redirect("help-ticket", ticket.public_id)
                return render(request, "helpdesk/contact_sent.html", {"email": ticket.email})
        else:
            status = 400
    return render(request, "helpdesk/contact.html", {"form": form}, status=status)


@requires(Action.CONTACT_HELP_DESK)
@safe_only
def my_tickets(request):
    page = page_of(request, services.tickets_of(request.user), per_page=ROWS_PER_PAGE)
    return render(request, "helpdesk/my_tickets.html", {"page": page})


def _thread(request, ticket, *, user, reply_url: str):
    form = forms.ReplyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.ticket_reply(
                    ticket=ticket, body=form.cleaned_data["body"], user=user, request=request
                )
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
            else:
                messages.success(request, "Your message is sent to the help desk.")
                return redirect(reply_url)
        else:
            status = 400
    context = {"ticket": ticket, "thread": ticket.messages.all(), "form": form}
    return render(request, "helpdesk/thread.html", context, status=status)


@requires(Action.CONTACT_HELP_DESK)
@require_http_methods(["GET", "HEAD", "POST"])
def ticket(request, public_id):
    found = services.ticket_of_requester(user=request.user, public_id=public_id)
    return _thread(request, found, user=request.user, reply_url=request.path)


@public
@require_http_methods(["GET", "HEAD", "POST"])
def ticket_by_link(request, token: str):
    return _thread(request, services.ticket_by_token(token), user=None, reply_url=request.path)


# ------------------------------------------------------------------ the help desk's pages


@requires(Action.ANSWER_HELP_TICKETS)
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request, public_id):
    found = services.ticket_for_help_desk(user=request.user, public_id=public_id)
    form = forms.AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.ticket_answer(
                    ticket=found,
                    actor=request.user,
                    body=form.cleaned_data["body"],
                    close=form.cleaned_data["close"],
                    request=request,
                )
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
            else:
                messages.success(request, "The answer is sent; the requester is told.")
                return redirect("my-home")
        else:
            status = 400
    context = {"ticket": found, "thread": found.messages.all(), "form": form}
    return render(request, "helpdesk/answer.html", context, status=status)


@requires(Action.HELP_DESK_LOOKUP)
@safe_only
def users(request):
    form = forms.UserSearchForm(request.GET if "query" in request.GET else None)
    found, status = None, 200
    if form.is_bound:
        if form.is_valid():
            found = tools.users_find(
                actor=request.user, query=form.cleaned_data["query"], request=request
            )
        else:
            status = 400
    context = {"form": form, "found": found, "limit": tools.FOUND_LIMIT}
    return render(request, "helpdesk/users.html", context, status=status)


@requires(Action.HELP_DESK_LOOKUP)
@safe_only
def account(request, user_id: int):
    found = tools.account_look_up(actor=request.user, user_id=user_id, request=request)
    context = {"account": found, "reset_form": _reset_form(found.user)}
    return render(request, "helpdesk/account.html", context)


def _reset_form(person, data=None) -> forms.SecondFactorResetForm:
    return forms.SecondFactorResetForm(data, attorney=person.role == Role.ATTORNEY)


def _account_action(request, user_id: int, act, done: str):
    try:
        act(actor=request.user, user_id=user_id, request=request)
    except MailNotSent:
        raise
    except DomainError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("help-desk-account", user_id)


@requires(Action.HELP_DESK_RESEND_CONFIRMATION)
@require_POST
def resend_confirmation(request, user_id: int):
    return _account_action(
        request, user_id, tools.confirmation_resend, "The confirmation e-mail is sent again."
    )


@requires(Action.HELP_DESK_UNLOCK_ACCOUNT)
@require_POST
def unlock(request, user_id: int):
    return _account_action(
        request, user_id, tools.account_unlock, "The account is unlocked: they can sign in."
    )


@requires(Action.HELP_DESK_CLEAR_SECOND_FACTOR)
@require_POST
def second_factor_reset(request, user_id: int):
    form = _reset_form(tools.user_for_tools(user_id), request.POST)
    status = 400
    if form.is_valid():
        try:
            resets.second_factor_reset_request(
                actor=request.user,
                user_id=user_id,
                identity_check=form.cleaned_data["identity_check"],
                roster_phone_called=form.cleaned_data.get("roster_phone_called", False),
                request=request,
            )
        except DomainError as exc:
            if exc.status == 404:
                raise
            add_domain_error(form, exc)
            status = exc.status
        else:
            messages.success(
                request, "The request is recorded: a second person of the help desk approves it."
            )
            return redirect("help-desk-account", user_id)
    found = tools.account_look_up(actor=request.user, user_id=user_id, request=request)
    context = {"account": found, "reset_form": form}
    return render(request, "helpdesk/account.html", context, status=status)


@requires(Action.HELP_DESK_CLEAR_SECOND_FACTOR)
@require_POST
def second_factor_decide(request, reset_id: int):
    decision = posted_value(request, "decision", "")
    if decision not in ("approve", "refuse"):
        raise ValidationFailed("Choose to approve or to refuse the request.")
    approve = decision == "approve"
    reset = resets.second_factor_reset_decide(
        actor=request.user, reset_id=reset_id, approve=approve, request=request
    )
    messages.success(
        request,
        f"The second factor of {reset.user.get_full_name()} is cleared: they set up a new one "
        "at their next sign-in."
        if approve
        else "The request is refused.",
    )
    return redirect(reverse("my-home"))


@requires(Action.HELP_DESK_LOOKUP)
@safe_only
def filing(request):
    form = forms.FilingSearchForm(request.GET if "number" in request.GET else None)
    found, status = None, 200
    if form.is_bound:
        if form.is_valid():
            try:
                found = tools.filing_look_up(
                    actor=request.user,
                    confirmation_number=form.cleaned_data["number"],
                    request=request,
                )
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
        else:
            status = 400
    return render(request, "helpdesk/filing.html", {"form": form, "found": found}, status=status)
