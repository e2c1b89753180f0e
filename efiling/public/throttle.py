"""The scraping throttle of the public side (issue 13, decision 0019): requests whose path
starts with one of settings.EFILING_THROTTLED_PREFIXES (by default the public pages and the
public API) are counted per client address (efiling.core.client_address: forwarded headers
only from trusted proxies) by django-ratelimit, at most settings.EFILING_PUBLIC_RATE
("60/m": 60 requests a minute; s, m, h, d) in a fixed window. Past it the answer is 429 with
Retry-After (seconds to the window's end): the error page, or the API's JSON error under
/api/. A courthouse public terminal (efiling.public.terminals.terminal_for) is never counted.
The counts live in the "throttle" cache (settings.RATELIMIT_USE_CACHE): the database, shared
by every web process (efiling.core.throttle_cache)."""

from __future__ import annotations

import logging
import math
from contextlib import nullcontext

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from efiling.core.client_address import client_address
from efiling.core.errors import TooManyAttempts
from efiling.core.middleware import error_response
from efiling.public.terminals import terminal_for

logger = logging.getLogger(__name__)

GROUP = "efiling.public"
SLOW_DOWN = (
    "Too many requests from your address: wait {wait} before asking again. "
    "The public record is for reading, not copying in bulk; for bulk access ask the court."
)


def _client_key(group, request) -> str:
    return client_address(request) or "unknown"


def _in_scope(path: str) -> bool:
    return any(path.startswith(prefix) for prefix in settings.EFILING_THROTTLED_PREFIXES)


def _seconds(wait: int) -> str:
    return f"{wait} second{'s' if wait != 1 else ''}"


def _counted(request) -> dict | None:
    """django-ratelimit's usage after counting this request; None when the count could not be
    read or written (a database error): the request goes through (fail open, decision 0019),
    logged, since the library's RATELIMIT_FAIL_OPEN covers only the cache's own errors."""
    connection = caches[settings.RATELIMIT_USE_CACHE].connection()
    try:
        # Inside an open transaction a failed statement must not spoil it: a savepoint then.
        with (
            transaction.atomic(using=connection.alias)
            if connection.in_atomic_block
            else (nullcontext())
        ):
            return get_usage(
                request,
                group=GROUP,
                key=_client_key,
                rate=settings.EFILING_PUBLIC_RATE,
                method=ALL,
                increment=True,
            )
    except DatabaseError:
        logger.exception("The public throttle could not count a request: let through")
        return None


class PublicThrottleMiddleware:
    """Counts and refuses as the module says; everything outside the prefixes passes
    untouched and uncounted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _in_scope(request.path_info) and terminal_for(request) is None:
            usage = _counted(request)
            if usage is not None and usage["should_limit"]:
                wait = max(1, math.ceil(usage["time_left"]))
                response = error_response(
                    request,
                    TooManyAttempts(SLOW_DOWN.format(wait=_seconds(wait))),
                )
                response["Retry-After"] = str(wait)
                return response
        return self.get_response(request)
