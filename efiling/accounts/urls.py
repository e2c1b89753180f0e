from django.urls import include, path

from efiling.accounts.views import auth, profile, registration

urlpatterns = [
    path("sign-in/", auth.sign_in, name="sign-in"),
    path("sign-in/code/", auth.sign_in_code, name="sign-in-code"),
    path("sign-out/", auth.sign_out, name="sign-out"),
    path("sign-out-everywhere/", auth.sign_out_everywhere, name="sign-out-everywhere"),
    path("password/", auth.password_change, name="password-change"),
    path("password-reset/", auth.password_reset, name="password-reset"),
    path("password-reset/sent/", auth.password_reset_sent, name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path("register/", registration.register_attorney, name="register"),
    path("register/pro-hac-vice/", registration.register_pro_hac_vice, name="register-phv"),
    path("register/staff/", registration.register_staff, name="register-staff"),
    path(
        "register/self-represented/", registration.register_self_represented, name="register-self"
    ),
    path("register/check-your-email/", registration.register_done, name="register-done"),
    path("confirm/<str:token>/", registration.confirm_email, name="confirm-email"),
    path("profile/", profile.profile, name="profile"),
    path("notice-emails/", profile.notice_emails, name="notice-emails"),
    path("notice-emails/<int:pk>/remove/", profile.notice_email_remove, name="notice-email-remove"),
    path(
        "notice-emails/confirm/<str:token>/",
        profile.notice_email_confirm,
        name="notice-email-confirm",
    ),
    path("staff/", profile.staff, name="staff"),
    path("staff/<int:pk>/revoke/", profile.staff_revoke, name="staff-revoke"),
    path("two-factor/", profile.two_factor_setup, name="two-factor"),
    path("two-factor/recovery-codes/", profile.recovery_codes, name="recovery-codes"),
    path("tokens/", include("efiling.accounts.urls_tokens")),
    path("roster/", include("efiling.accounts.urls_roster")),
]
