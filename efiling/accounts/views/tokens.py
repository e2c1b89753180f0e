"""The user's personal API tokens: list, create (the secret is shown once, on the answer to the
form), revoke."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from efiling.accounts import tokens as token_services
from efiling.accounts.access import requires
from efiling.accounts.models import ApiToken
from efiling.accounts.permissions import Action
from efiling.core.errors import DomainError
from efiling.core.forms import AccessibleForm, add_domain_error
from efiling.core.paging import page_of

TOKENS_PER_PAGE = 50

SCOPE_CHOICES = [
    (
        ApiToken.Scope.READ.value,
        "Read only: the software can see your account, cases and filings, but cannot file "
        "or change anything.",
    ),
    (
        ApiToken.Scope.FILE.value,
        "Read and file: the software can also submit filings that carry your signature.",
    ),
]


class ApiTokenForm(AccessibleForm):
    name = forms.CharField(
        label="Name",
        max_length=token_services.NAME_MAX_LENGTH,
        help_text=(
            "What the token is for, so you recognise it later: for example, the name of your "
            f"firm's case management software. Up to {token_services.NAME_MAX_LENGTH} characters."
        ),
        error_messages={
            "required": "Enter a name for the token.",
            "max_length": (
                f"The name can be at most {token_services.NAME_MAX_LENGTH} characters long."
            ),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    scope = forms.ChoiceField(
        label="Scope",
        choices=SCOPE_CHOICES,
        widget=forms.RadioSelect,
        help_text=(
            "What the software may do in your name. Give it the least it needs: choose read "
            "only unless it files for you."
        ),
        error_messages={
            "required": "Choose what the software may do.",
            "invalid_choice": "Choose one of the two options.",
        },
    )


def _page(request, form, *, created=None, raw=None, status=200):
    tokens = token_services.api_tokens_of(user=request.user)
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "page": page_of(request, tokens, per_page=TOKENS_PER_PAGE),
            "active_count": tokens.filter(revoked_at__isnull=True).count(),
            "limit": token_services.MAX_ACTIVE_TOKENS,
            "created": created,
            "raw_token": raw,
        },
        status=status,
    )


@requires(Action.MANAGE_OWN_API_TOKENS)
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def api_tokens(request):
    if request.method != "POST":
        return _page(request, ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        token, raw = token_services.api_token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            request=request,
        )
    except DomainError as exc:
        add_domain_error(form, exc)
        return _page(request, form, status=400)
    # The answer to this POST is the only place the secret ever appears.
    return _page(request, ApiTokenForm(), created=token, raw=raw)


@requires(Action.MANAGE_OWN_API_TOKENS)
@require_POST
def api_token_revoke(request, pk: int):
    try:
        token = token_services.api_token_revoke(user=request.user, token_id=pk, request=request)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"The token \u201c{token.name}\u201d is revoked: software that uses it can no "
            "longer reach your account.",
        )
    return redirect("api-tokens")
