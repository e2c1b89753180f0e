"""How API callers prove who they are: a personal API token (`Authorization: Bearer efl_...`)
for software, or the browser's session (CSRF-protected) for pages that call the API.

Operations list `auth=[TokenAuth(), session_auth]`; operations that a token must never reach
(creating tokens) list `auth=[refuse_tokens, session_auth]`. Handlers then call
`api_user_require(request, action)`, which asks the permission matrix. TokenAuth refuses a
read-only token any request that may change something (every method but GET, HEAD and
OPTIONS), so no operation can forget it; the one exception is a read-only token revoking
itself.
"""

from __future__ import annotations

from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer, SessionAuth

from efiling.accounts.models import ApiToken
from efiling.accounts.permissions import Action, require
from efiling.accounts.signin import second_factor_overdue
from efiling.accounts.tokens import api_token_authenticate
from efiling.core.errors import PermissionDenied

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})  # RFC 9110 9.2.1: these change nothing
READ_ONLY_REFUSAL = (
    "This API token is read-only: it can read, not change anything. Create a token with the "
    "'file' scope to file, track cases or mark notices read."
)
SECOND_FACTOR_REFUSAL = (
    "This account must now use a second factor: sign in on the web pages and set it up; its API "
    "tokens work again once it is set up."
)
BAD_BEARER_REFUSAL = (
    "This API token is not valid: it may have been revoked, or its account disabled. "
    "Create a new token on the API tokens page."
)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer efl_...`. A request that presents a bearer token is judged by
    that token alone: a bad one is refused (401), never passed on to the session check. A
    read-only token is refused (403) any request that may change something (every method but
    GET, HEAD and OPTIONS), before anything else of the operation runs, unless the operation
    checks it itself (`read_only_changes=True`, then with `read_only_token_refuse`)."""

    def __init__(self, *, read_only_changes: bool = False):
        super().__init__()
        self.read_only_changes = read_only_changes

    def authenticate(self, request, token):
        api_token = api_token_authenticate(token.strip())
        if api_token is None:
            raise AuthenticationError(401, BAD_BEARER_REFUSAL)
        if second_factor_overdue(api_token.user):  # a token works only while sign-in would
            raise PermissionDenied(SECOND_FACTOR_REFUSAL, code="second_factor_required")
        if (
            api_token.scope == ApiToken.Scope.READ
            and request.method not in SAFE_METHODS
            and not self.read_only_changes
        ):
            raise PermissionDenied(READ_ONLY_REFUSAL, code="read_only_token")
        request.api_token = api_token
        request.user = api_token.user  # so that audit_record names the token's owner
        return api_token.user


class CsrfSessionAuth(SessionAuth):
    """ninja's `django_auth` (the browser session, CSRF-checked on unsafe methods), whose CSRF
    refusal is given in the API's error shape. Without a signed-in session there is nothing to
    protect, so the caller hears "sign in" (401) rather than "CSRF" (403)."""

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def _get_key(self, request):
        try:
            return super()._get_key(request)
        except HttpError as exc:
            raise PermissionDenied(
                "The CSRF check failed: send the csrftoken cookie's value in the X-CSRFToken "
                "header, or use an API token instead of the session.",
                code="csrf_failed",
            ) from exc

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is not None:
            request.api_token = None
        return user


session_auth = CsrfSessionAuth()
token_or_session = [TokenAuth(), session_auth]


def permission_mark(action: Action) -> dict:
    """The permission matrix entry an operation asks, shown in the OpenAPI document and walked
    by tests/accounts/test_permission_matrix.py."""
    return {"x-permission": action.value}


def refuse_tokens(request):
    """Put first in an operation's auth list to keep every API token out of it."""
    if request.headers.get("Authorization", "").split(" ")[0].lower() == "bearer":
        raise PermissionDenied(
            "An API token cannot create API tokens: sign in on the website and create the "
            "token on your API tokens page (or call this operation from that signed-in session).",
            code="token_not_allowed",
        )
    return None


def api_token_of(request) -> ApiToken | None:
    """The token the request came with, or None (session)."""
    return getattr(request, "api_token", None)


def api_user_require(request, action: Action):
    """The signed-in user, when they may do `action`; PermissionDenied otherwise."""
    user = request.auth
    require(user, action)
    return user


def read_only_token_refuse(request) -> None:
    """PermissionDenied when the request came with a read-only token: for the one operation
    whose token check is left to it (RevokeApiToken: a read-only token revokes only itself)."""
    token = api_token_of(request)
    if token is not None and token.scope == ApiToken.Scope.READ:
        raise PermissionDenied(READ_ONLY_REFUSAL, code="read_only_token")
