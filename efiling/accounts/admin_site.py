"""The Django admin's site: for system administrators. Anyone else signed in who opens it is
told so in the normal page frame (403), with the way to their own administration pages,
instead of being sent to sign in again (Django's own answer, a loop for someone signed in).
Whoever is not signed in is still sent to sign in."""

from functools import wraps

from django.contrib.admin import AdminSite
from django.urls import reverse
from django.views.decorators.cache import never_cache

from efiling.accounts.access import forbidden_page
from efiling.accounts.permissions import Action, can

NOT_FOR_YOU = (
    "The administration site is for system administrators. Your court's settings are under "
    "Court administration."
)


class AdministrationSite(AdminSite):
    site_header = "efiling administration"
    site_title = "efiling administration"

    def admin_view(self, view, cacheable=False):
        """Django's guard of every admin page (a signed-out visitor goes to sign in), with a
        403 page for a signed-in user the site does not admit (`has_permission`): it links to
        Court administration when they may use it; every page links to their home."""
        guarded = super().admin_view(view, cacheable)

        @wraps(view)
        @never_cache
        def inner(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                links = []
                if can(request.user, Action.MANAGE_COURTS):
                    links.append(("Go to Court administration", reverse("courtadmin-index")))
                return forbidden_page(request, NOT_FOR_YOU, links=links)
            return guarded(request, *args, **kwargs)

        return inner
