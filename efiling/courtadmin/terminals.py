"""The court administrator's pages of courthouse public terminals (efiling.courts.terminals):
a court's terminals with the form to register one, a terminal's page to edit it, revoke it or
enrol the browser in front of the administrator as this terminal (the device cookie is set on
the answer; the token is never shown). Each page asks the permission matrix
(Action.MANAGE_PUBLIC_TERMINALS) for the terminal's court; another court's terminal is
answered as one that does not exist."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from efiling.accounts.access import requires
from efiling.accounts.permissions import Action
from efiling.core.errors import DomainError
from efiling.core.forms import add_domain_error
from efiling.courtadmin.forms import PublicTerminalForm
from efiling.courtadmin.views import _court, _list_page
from efiling.courts import terminals


@requires(Action.MANAGE_PUBLIC_TERMINALS)
@require_http_methods(["GET", "HEAD", "POST"])
def terminals_page(request, code: str):
    court = _court(request, code, Action.MANAGE_PUBLIC_TERMINALS)
    form = PublicTerminalForm(request.POST or None)

    def add(data):
        return terminals.terminal_register(actor=request.user, court=court, request=request, **data)

    return _list_page(
        request,
        "courtadmin/terminals.html",
        form=form,
        rows=terminals.terminals_of(court=court),
        add=add,
        context={"court": court},
        done=lambda terminal: terminals.terminal_saved_words(terminal, registered=True),
    )


@requires(Action.MANAGE_PUBLIC_TERMINALS)
@require_http_methods(["GET", "HEAD", "POST"])
def terminal_page(request, terminal_id: int):
    terminal = terminals.terminal_get_for_administration(user=request.user, terminal_id=terminal_id)
    initial = {
        "name": terminal.name,
        "location": terminal.location,
        "networks": "\n".join(terminal.networks),
    }
    form = PublicTerminalForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                terminal = terminals.terminal_update(
                    actor=request.user, terminal=terminal, request=request, **form.cleaned_data
                )
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
            else:
                messages.success(
                    request, terminals.terminal_saved_words(terminal, registered=False)
                )
                return redirect("courtadmin-terminals", terminal.court.code)
    context = {"form": form, "terminal": terminal, "court": terminal.court}
    return render(request, "courtadmin/terminal.html", context, status=status)


@requires(Action.MANAGE_PUBLIC_TERMINALS)
@require_POST
def terminal_revoke(request, terminal_id: int):
    terminal = terminals.terminal_get_for_administration(user=request.user, terminal_id=terminal_id)
    terminals.terminal_revoke(actor=request.user, terminal=terminal, request=request)
    messages.success(request, f"{terminal.name} is revoked: it opens no document any more.")
    return redirect("courtadmin-terminals", terminal.court.code)


@requires(Action.MANAGE_PUBLIC_TERMINALS)
@require_POST
def terminal_enrol(request, terminal_id: int):
    terminal = terminals.terminal_get_for_administration(user=request.user, terminal_id=terminal_id)
    token = terminals.terminal_enrol(actor=request.user, terminal=terminal, request=request)
    messages.success(
        request,
        f"This browser is now {terminal.name}. Sign out before leaving it to the public: "
        "the terminal stays enrolled, your session does not.",
    )
    response = redirect("courtadmin-terminal", terminal.pk)
    response.set_cookie(
        terminals.TERMINAL_COOKIE,
        token,
        max_age=terminals.TERMINAL_COOKIE_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
