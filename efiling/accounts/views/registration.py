"""Registration of each kind of filer, and the e-mail confirmation link."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from efiling.accounts import services
from efiling.accounts.access import public
from efiling.accounts.forms import (
    AttorneyRegistrationForm,
    ProHacViceRegistrationForm,
    RegistrationForm,
)
from efiling.core.errors import DomainError
from efiling.core.forms import add_domain_error
from efiling.core.pages import safe_only

KINDS = {
    "attorney": {
        "form": AttorneyRegistrationForm,
        "title": "Register as a Missouri attorney",
        "intro": "Missouri attorneys in good standing register as individuals, never as a firm. "
        "Registration is free. We check your bar number and name against the Missouri bar roster.",
    },
    "pro_hac_vice": {
        "form": ProHacViceRegistrationForm,
        "title": "Register as an out-of-state attorney (pro hac vice)",
        "intro": "You can file in a case once the court has admitted you pro hac vice in it, "
        "in coordination with a Missouri attorney of record there.",
    },
    "staff": {
        "form": RegistrationForm,
        "title": "Register as staff of an attorney",
        "intro": "Paralegals and other staff prepare and submit filings for the attorneys who "
        "authorize them. After registering, ask your attorney to add you.",
    },
    "self_represented": {
        "form": RegistrationForm,
        "title": "Register to file in your own case",
        "intro": "If you represent yourself, you can file in your own cases only.",
    },
}


def _details(data) -> services.Registration:
    return services.Registration(
        **{name: data.get(name, "") for name in services.Registration.__dataclass_fields__}
    )


def _register(request, kind: str, create):
    spec = KINDS[kind]
    form = spec["form"](request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                user = create(form.cleaned_data)
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
            else:
                request.session["efiling_registered_email"] = user.email
                return redirect("register-done")
        else:
            status = 400
    context = {"form": form, "title": spec["title"], "intro": spec["intro"], "kind": kind}
    return render(request, "accounts/register.html", context, status=status)


@public
@require_http_methods(["GET", "HEAD", "POST"])
def register_attorney(request):
    return _register(
        request,
        "attorney",
        lambda data: services.attorney_register(
            details=_details(data), bar_number=data["bar_number"], request=request
        ),
    )


@public
@require_http_methods(["GET", "HEAD", "POST"])
def register_pro_hac_vice(request):
    return _register(
        request,
        "pro_hac_vice",
        lambda data: services.pro_hac_vice_register(
            details=_details(data),
            home_state=data["home_state"],
            home_bar_number=data["home_bar_number"],
            request=request,
        ),
    )


@public
@require_http_methods(["GET", "HEAD", "POST"])
def register_staff(request):
    return _register(
        request,
        "staff",
        lambda data: services.staff_register(details=_details(data), request=request),
    )


@public
@require_http_methods(["GET", "HEAD", "POST"])
def register_self_represented(request):
    if not settings.EFILING_SELF_REPRESENTED_ENABLED:
        return render(
            request,
            "core/error.html",
            {
                "title": "Not open yet",
                "message": "Electronic filing by self-represented litigants is not open in this "
                "system yet. You can file on paper at the courthouse.",
            },
            status=404,
        )
    return _register(
        request,
        "self_represented",
        lambda data: services.self_represented_register(details=_details(data), request=request),
    )


@public
@safe_only
def register_done(request):
    return render(
        request,
        "accounts/register_done.html",
        {"email": request.session.get("efiling_registered_email")},
    )


@public
@safe_only
def confirm_email(request, token: str):
    try:
        services.email_confirm(token=token, request=request)
    except DomainError as exc:
        return render(
            request,
            "core/error.html",
            {"title": "Link not valid", "message": exc.message},
            status=400,
        )
    messages.success(request, "Your e-mail address is confirmed. Sign in to continue.")
    return redirect("profile" if request.user.is_authenticated else "sign-in")
