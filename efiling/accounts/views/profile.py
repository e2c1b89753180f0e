"""A user's own account: profile, notice addresses, staff authorizations, second factor."""

from urllib.parse import quote

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from efiling.accounts import services, two_factor
from efiling.accounts.access import public, requires
from efiling.accounts.forms import CodeForm, EmailForm, ProfileForm
from efiling.accounts.permissions import ROLE_PERMISSIONS, TWO_FACTOR_REQUIRED_ROLES, Action, check
from efiling.core.errors import DomainError
from efiling.core.forms import add_domain_error
from efiling.core.pages import safe_only

SETUP_SECRET = "efiling_setup_secret"  # noqa: S105 (a session key)
NEW_RECOVERY_CODES = "efiling_new_recovery_codes"


@requires(Action.EDIT_OWN_PROFILE)
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    user = request.user
    initial = {name: getattr(user, name) for name in ProfileForm.base_fields}
    form = ProfileForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                changed = services.profile_update(
                    user=user, changes=form.cleaned_data, request=request
                )
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
            else:
                if "email" in changed:
                    messages.info(
                        request, "We sent a confirmation link to your new e-mail address."
                    )
                messages.success(
                    request, "Your details are saved." if changed else "Nothing was changed."
                )
                return redirect("profile")
        else:
            status = 400
    files = user.role in ROLE_PERMISSIONS[Action.FILE_IN_CASE]
    context = {
        "form": form,
        "files": files,
        "filing_problem": check(user, Action.FILE_IN_CASE) if files else None,
        "can_manage_staff": check(user, Action.MANAGE_STAFF) is None,
        "can_manage_tokens": check(user, Action.MANAGE_OWN_API_TOKENS) is None,
        "can_subscribe_calendar": check(user, Action.SUBSCRIBE_CALENDAR) is None,
        "can_import_roster": check(user, Action.IMPORT_ROSTER) is None,
        "recovery_codes_left": two_factor.recovery_codes_left(user) if user.has_two_factor else 0,
    }
    return render(request, "accounts/profile.html", context, status=status)


@requires(Action.EDIT_OWN_PROFILE)
@require_http_methods(["GET", "HEAD", "POST"])
def notice_emails(request):
    form = EmailForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                notice = services.notice_email_add(
                    user=request.user, email=form.cleaned_data["email"], request=request
                )
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
            else:
                messages.success(request, f"We sent a confirmation link to {notice.email}.")
                return redirect("notice-emails")
        else:
            status = 400
    return render(
        request,
        "accounts/notice_emails.html",
        {
            "form": form,
            "addresses": request.user.notice_emails.all(),
            "limit": services.MAX_NOTICE_EMAILS,
        },
        status=status,
    )


@requires(Action.EDIT_OWN_PROFILE)
@require_POST
def notice_email_remove(request, pk: int):
    try:
        services.notice_email_remove(user=request.user, notice_id=pk, request=request)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "The address is removed.")
    return redirect("notice-emails")


@public
@safe_only
def notice_email_confirm(request, token: str):
    try:
        notice = services.notice_email_confirm(token=token, request=request)
    except DomainError as exc:
        return render(
            request,
            "core/error.html",
            {"title": "Link not valid", "message": exc.message},
            status=400,
        )
    return render(
        request,
        "core/error.html",
        {
            "title": "Address confirmed",
            "message": f"{notice.email} will receive copies of court notices.",
        },
    )


@requires(Action.MANAGE_STAFF)
@require_http_methods(["GET", "HEAD", "POST"])
def staff(request):
    form = EmailForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                delegation = services.staff_authorize(
                    attorney=request.user, staff_email=form.cleaned_data["email"], request=request
                )
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
            else:
                messages.success(
                    request, f"{delegation.staff.get_full_name()} can now file on your behalf."
                )
                return redirect("staff")
        else:
            status = 400
    delegations = request.user.staff_delegations.select_related("staff")
    return render(
        request, "accounts/staff.html", {"form": form, "delegations": delegations}, status=status
    )


@requires(Action.MANAGE_STAFF)
@require_POST
def staff_revoke(request, pk: int):
    try:
        delegation = services.staff_revoke(attorney=request.user, delegation_id=pk, request=request)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"{delegation.staff.get_full_name()} can no longer file on your behalf."
        )
    return redirect("staff")


@requires(Action.EDIT_OWN_PROFILE)
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_setup(request):
    user = request.user
    if user.has_two_factor:
        return render(
            request,
            "accounts/two_factor.html",
            {
                "enabled": True,
                "required": user.role in TWO_FACTOR_REQUIRED_ROLES,
                "left": two_factor.recovery_codes_left(user),
            },
        )
    secret = two_factor.pending_secret(request.session, SETUP_SECRET)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                codes = two_factor.totp_enroll(
                    user=user, secret=secret, code=form.cleaned_data["code"], request=request
                )
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
            else:
                request.session.pop(SETUP_SECRET, None)
                request.session[NEW_RECOVERY_CODES] = codes
                return redirect("recovery-codes")
        else:
            status = 400
    uri = two_factor.provisioning_uri(user=user, secret=secret)
    context = {"enabled": False, "form": form, "secret": secret, "qr_svg": two_factor.qr_svg(uri)}
    return render(request, "accounts/two_factor.html", context, status=status)


@requires(Action.EDIT_OWN_PROFILE)
@require_http_methods(["GET", "HEAD", "POST"])
def recovery_codes(request):
    """New codes are shown once, right after they are made."""
    if request.method == "POST":
        if not request.user.has_two_factor:
            return redirect("two-factor")
        request.session[NEW_RECOVERY_CODES] = two_factor.recovery_codes_generate(
            user=request.user, request=request
        )
        return redirect("recovery-codes")
    codes = request.session.pop(NEW_RECOVERY_CODES, None)
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "codes": codes,
            "codes_file": _codes_file(request.user, codes) if codes else "",
            "left": two_factor.recovery_codes_left(request.user),
        },
    )


def _codes_file(user, codes: list[str]) -> str:
    """The codes as a plain-text file inside the page (a data: link to download): the page
    shows them once and nothing keeps them on the server for a later download."""
    lines = [
        f"Missouri courts e-filing: recovery codes for {user.email}",
        "Each code signs you in once without your authenticator app. Keep them safe.",
        "",
        *codes,
        "",
    ]
    return "data:text/plain;charset=utf-8," + quote("\r\n".join(lines))
