from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from efiling.api.urls import api
from efiling.core.pages import public
from efiling.service.mail_event_urls import mail_event_urls

urlpatterns = [
    # The admin signs in through the system's own sign-in, with its second factor.
    path("admin/login/", public(RedirectView.as_view(pattern_name="sign-in", query_string=True))),
    path("", include("efiling.core.urls")),
    path("", include("efiling.courts.urls")),
    path("home/", include("efiling.homes.urls")),
    path("court-admin/", include("efiling.courtadmin.urls")),
    path("accounts/", include("efiling.accounts.urls")),
    path("filings/", include("efiling.filings.urls")),
    path("attempts/", include("efiling.availability.attempt_urls")),
    path("court/", include("efiling.docket.pages.urls_court")),
    path("court/", include("efiling.scheduling.urls")),
    path("cases/", include("efiling.docket.pages.urls_my_cases")),
    path("notices/", include("efiling.service.urls")),
    path("summonses/", include("efiling.service.summons_urls")),
    path("feeds/", include("efiling.feeds.urls")),
    path("public/", include("efiling.public.urls")),
    path("status/", include("efiling.public.status_urls")),
    path("payments/", include("efiling.payments.urls")),
    path("audit/", include("efiling.audit.urls")),
    path("", include("efiling.helpdesk.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    *mail_event_urls(),  # only with EFILING_EMAIL_WEBHOOK_SECRET
]

handler400 = "efiling.core.views.bad_request"
handler403 = "efiling.core.views.forbidden"
handler404 = "efiling.core.views.not_found"
handler500 = "efiling.core.views.server_error"
