"""Sign in (password, then second factor or its enrollment), sign out, passwords."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from efiling.accounts import services, signin, two_factor
from efiling.accounts.access import public, requires
from efiling.accounts.forms import CodeForm, SignInForm
from efiling.accounts.models import User
from efiling.accounts.permissions import Action
from efiling.audit.services import audit_record
from efiling.core import clock
from efiling.core.client_address import client_address
from efiling.core.errors import DomainError
from efiling.core.forms import AccessibleForm, add_domain_error
from efiling.core.query import posted_value, query_value
from efiling.core.words import long_date

PENDING_USER = "efiling_pending_user"
PENDING_SINCE = "efiling_pending_since"
PENDING_SECRET = "efiling_pending_secret"  # noqa: S105 (a session key)
PENDING_NEXT = "efiling_pending_next"
NEW_RECOVERY_CODES = "efiling_new_recovery_codes"
PENDING_SECONDS = 300


def _safe_next(request, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _complete(request, user: User, method: str):
    next_url = request.session.get(PENDING_NEXT)
    for key in (PENDING_USER, PENDING_SINCE, PENDING_SECRET, PENDING_NEXT):
        request.session.pop(key, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    signin.sign_in_completed(request=request, user=user, method=method)
    grace_until = signin.second_factor_grace_until(user)
    if grace_until is not None:
        messages.warning(
            request,
            format_html(
                "Set up a second factor by {}: after that day, signing in asks you to set it "
                'up before anything else. <a href="{}">Set it up now</a>.',
                long_date(clock.local_date(grace_until, settings.EFILING_DEFAULT_TIME_ZONE)),
                reverse("two-factor"),
            ),
        )
    return redirect(_safe_next(request, next_url))


@public
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in(request):
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                user = signin.password_check(
                    request=request,
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
            else:
                request.session[PENDING_NEXT] = query_value(request, "next") or posted_value(
                    request, "next"
                )
                if not signin.second_factor_needed(user):
                    return _complete(request, user, method="password")
                request.session.cycle_key()
                request.session[PENDING_USER] = user.pk
                request.session[PENDING_SINCE] = clock.now().timestamp()
                return redirect("sign-in-code")
        else:
            status = 400
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "next": query_value(request, "next", "")},
        status=status,
    )


def _pending_user(request) -> User | None:
    since = request.session.get(PENDING_SINCE, 0)
    if clock.now().timestamp() - since > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=request.session.get(PENDING_USER), is_active=True).first()


@public
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_code(request):
    """The second step: a code from the app, or, for an account that must have a second factor
    and has none yet, setting the app up before the sign-in completes."""
    user = _pending_user(request)
    if user is None:
        messages.info(request, "Sign in again: the sign-in took too long or was not started.")
        return redirect("sign-in")
    enrolling = not user.has_two_factor
    secret = two_factor.pending_secret(request.session, PENDING_SECRET) if enrolling else ""
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            signin.throttle_check(email=user.email, address=client_address(request))
            if enrolling:
                codes = two_factor.totp_enroll(user=user, secret=secret, code=code, request=request)
                _complete(request, user, method="password+totp-enrolled")
                request.session[NEW_RECOVERY_CODES] = codes
                return redirect("recovery-codes")
            if two_factor.second_factor_verify(user=user, code=code, request=request):
                return _complete(request, user, method="password+second-factor")
            signin.failure_record(email=user.email, address=client_address(request), reason="code")
            form.add_error(
                "code", "That code is not right, or was already used. Enter the code shown now."
            )
            status = 400
        except DomainError as exc:
            add_domain_error(form, exc)
            status = exc.status
    elif request.method == "POST":
        status = 400
    context = {"form": form, "enrolling": enrolling, "account": user}
    if enrolling:
        uri = two_factor.provisioning_uri(user=user, secret=secret)
        context.update(secret=secret, qr_svg=two_factor.qr_svg(uri))
    return render(request, "accounts/sign_in_code.html", context, status=status)


@public
@require_POST
def sign_out(request):
    if request.user.is_authenticated:
        audit_record(action="user.signed_out", target=request.user, request=request)
    logout(request)
    messages.info(request, "You are signed out.")
    return redirect("home")


@requires(Action.EDIT_OWN_PROFILE)
@require_POST
def sign_out_everywhere(request):
    services.sign_out_everywhere(user=request.user, request=request)
    logout(request)
    messages.info(request, "You are signed out on every device.")
    return redirect("sign-in")


class _PasswordChangeForm(AccessibleForm, PasswordChangeForm):
    """Django's form through the one text-cleaning place and USWDS markup."""


class _PasswordResetForm(AccessibleForm, PasswordResetForm):
    """Django's form through the one text-cleaning place and USWDS markup. It also sends the
    link to an account that has no password yet (court staff whose invitation link expired:
    efiling.accounts.administration.court_staff_account_create); the page says the same
    whether or not an account has the address."""

    def get_users(self, email):
        return User.objects.filter(email__iexact=email, is_active=True)


class _SetPasswordForm(AccessibleForm, SetPasswordForm):
    """Django's form through the one text-cleaning place and USWDS markup."""


@requires(Action.EDIT_OWN_PROFILE)
@require_http_methods(["GET", "HEAD", "POST"])
def password_change(request):
    form = _PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            update_session_auth_hash(request, form.user)  # this session stays; all others end
            audit_record(action="user.password_changed", target=request.user, request=request)
            messages.success(
                request, "Your password is changed. Your other sessions are signed out."
            )
            return redirect("profile")
        return render(request, "accounts/password_change.html", {"form": form}, status=400)
    return render(request, "accounts/password_change.html", {"form": form})


class _ResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = _SetPasswordForm
    success_url = reverse_lazy("sign-in")

    def form_valid(self, form):
        response = super().form_valid(form)
        signin.failures_clear(email=form.user.email)
        services.email_confirmed_by_password_link(user=form.user, request=self.request)
        audit_record(
            action="user.password_reset", target=form.user, actor=form.user, request=self.request
        )
        messages.success(self.request, "Your password is changed. Sign in with the new password.")
        return response


password_reset = public(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        form_class=_PasswordResetForm,
        email_template_name="accounts/email/password_reset.txt",
        subject_template_name="accounts/email/password_reset_subject.txt",
        success_url=reverse_lazy("password-reset-sent"),
    )
)
password_reset_sent = public(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html")
)
password_reset_confirm = public(_ResetConfirm.as_view())
