from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe


def public(view):
    """Marks a page that anyone may open, signed in or not. Every other page must be guarded by
    `efiling.accounts.access.requires`; the permission-matrix test checks that one or the other
    mark is on every page."""
    view.public_page = True
    return view


def safe_only(view):
    """The one way to say that a page (or a feed, a document) takes GET and HEAD only: Django's
    require_safe (405 with Allow: GET, HEAD to any other method; the error page in words,
    core.middleware.MethodNotAllowedMiddleware), exempt from the CSRF check, so that a POST or a
    DELETE is answered 405 whatever the request's CSRF state, never 403 "Form expired". Safe:
    the view refuses every method the CSRF check protects. The mark (`csrf_exempt`) is copied
    by every decorator outside it (functools.wraps)."""
    return csrf_exempt(require_safe(view))
