"""Pages ask the permission matrix through `requires`; it also marks each view with its action,
so the matrix test can find every protected page and prove nothing is left open by mistake."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import reverse

from efiling.accounts.permissions import Action, check
from efiling.core.pages import public  # noqa: F401  (re-exported for views)


def forbidden_page(request, reason: str, *, links=()):
    """The 403 page in the normal frame: `reason` in the user's words, then `links` ((text,
    url) pairs) and the way home."""
    context = {"title": "Not allowed", "message": reason, "links": links}
    return render(request, "core/error.html", context, status=403)


def requires(action: Action):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("sign-in"))
            problem = check(request.user, action)
            if problem:
                return forbidden_page(request, problem)
            return view(request, *args, **kwargs)

        wrapped.required_action = action
        return wrapped

    return decorator
