"""Sessions end after a period without activity (court terminals are shared)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout

from efiling.core import clock

LAST_SEEN_KEY = "efiling_last_seen"
TOUCH_EVERY_SECONDS = 60  # write the session at most once a minute, not on every request


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = clock.now().timestamp()
            last_seen = request.session.get(LAST_SEEN_KEY, now)
            if now - last_seen > settings.EFILING_SESSION_IDLE_SECONDS:
                logout(request)
                minutes = settings.EFILING_SESSION_IDLE_SECONDS // 60
                messages.info(
                    request, f"You were signed out after {minutes} minutes without activity."
                )
            elif now - last_seen >= TOUCH_EVERY_SECONDS or LAST_SEEN_KEY not in request.session:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
