"""The calendar feed page (make, replace or turn off the address) and the feed itself."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from efiling.accounts.access import public, requires
from efiling.accounts.permissions import Action
from efiling.core.errors import DomainError
from efiling.core.pages import safe_only
from efiling.core.query import posted_value
from efiling.feeds import services


@requires(Action.SUBSCRIBE_CALENDAR)
@require_http_methods(["GET", "HEAD", "POST"])
def calendar_feed_page(request):
    """GET: whether the user has a feed address, since when, when it was last read. POST
    `action=create` makes a new address (the old one stops working) and shows it once;
    `action=revoke` turns the feed off."""
    context, status = {}, 200
    if request.method == "POST":
        action = posted_value(request, "action", "")
        if action == "create":
            secret = services.calendar_feed_create(user=request.user, request=request)
            path = reverse("calendar-feed", args=[secret])
            context["address"] = request.build_absolute_uri(path)
        elif action == "revoke":
            context["revoked"] = services.calendar_feed_revoke(user=request.user, request=request)
        else:
            context["problem"] = "Choose to make a new address or to turn the feed off."
            status = 400
    context["feed"] = services.calendar_feed_of(request.user)
    response = render(request, "feeds/calendar.html", context, status=status)
    add_never_cache_headers(response)  # the page may show the secret address
    return response


@public
@safe_only
def calendar_feed(request, secret: str):
    """The iCalendar document of the user whose live address this is; 404 for any other."""
    try:
        user = services.calendar_feed_owner(secret)
    except DomainError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain")
    response = HttpResponse(
        services.calendar_for(user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="court-calendar.ics"'
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response
