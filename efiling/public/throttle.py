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


def counted(request, *, group: str = GROUP, rate: str | None = None) -> dict | None:
    """django-ratelimit's usage of `group` (default: the public side's, at
    EFILING_PUBLIC_RATE) by this request's client address after counting it; None when the
    count could not be read or written (a database error): the request goes through (fail
    open, decision 0019), logged, since the library's RATELIMIT_FAIL_OPEN covers only the
    cache's own errors. Other groups (the help desk's contact form) count apart."""
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
                group=group,
                key=_client_key,
                rate=rate or settings.EFILING_PUBLIC_RATE,
                method=ALL,
                increment=True,
            )
    except DatabaseError:
        logger.exception("The public throttle could not count a request: let through")
        return None


def refusal_of(usage: dict | None, message: str) -> TooManyAttempts | None:
    """The 429 refusal when `usage` (from `counted`) is over its rate: `message` with {wait}
    (e.g. "12 seconds") filled in, and `retry_after` the seconds to wait (the Retry-After
    header's value); None under the rate or when nothing was counted."""
    if usage is None or not usage["should_limit"]:
        return None
    wait = max(1, math.ceil(usage["time_left"]))
    return TooManyAttempts(message.format(wait=_seconds(wait)), retry_after=wait)


class PublicThrottleMiddleware:
    """Counts and refuses as the module says; everything outside the prefixes passes
    untouched and uncounted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _in_scope(request.path_info) and terminal_for(request) is None:
            refusal = refusal_of(counted(request), SLOW_DOWN)
            if refusal is not None:
                return error_response(request, refusal)
        return self.get_response(request)
