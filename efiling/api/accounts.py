"""The caller's own account and personal API tokens.

Software authenticates with a token (`Authorization: Bearer efl_...`); a signed-in browser with
its session (CSRF header required on changes). A token can never create tokens: that needs the
person, signed in.
"""

from datetime import datetime
from typing import Literal

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema

from efiling.accounts.models import ApiToken, Role
from efiling.accounts.permissions import Action, check
from efiling.accounts.tokens import api_token_create, api_token_revoke, api_tokens_of
from efiling.api.auth import (
    TokenAuth,
    api_token_of,
    api_user_require,
    permission_mark,
    read_only_token_refuse,
    refuse_tokens,
    session_auth,
    token_or_session,
)
from efiling.api.idempotency import header_parameter, idempotent_operation
from efiling.api.pagination import Page, PageQuery, paginate
from efiling.api.schemas import BodySchema, PlainInt, choices, column, errors

router = Router(tags=["Accounts"])

session_only = [refuse_tokens, session_auth]


SHOWN_ONCE = (
    "Copy this token now and keep it secret, like a password: it is shown only once and "
    "cannot be recovered. If it is lost or exposed, revoke it and create a new one."
)


class AccountOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str
    full_name: str
    role: choices(Role)
    role_label: str
    phone: str
    address_line1: str
    address_line2: str
    city: str
    state: str
    postal_code: str
    bar_number: str | None = Field(description="Missouri bar number (attorneys).")
    bar_status: str | None = Field(
        description="good_standing, inactive, suspended, disbarred or deceased (attorneys)."
    )
    home_state: str | None = Field(description="Home state (pro hac vice attorneys).")
    home_bar_number: str | None = Field(description="Home state bar number (pro hac vice).")
    email_confirmed: bool
    two_factor: bool
    can_file: bool = Field(description="Whether the account may file a new case now.")
    cannot_file_reason: str | None = Field(description="Why not, when can_file is false.")
    authenticated_by: Literal["token", "session"]
    token_scope: choices(ApiToken.Scope) | None = Field(
        description="The scope of the API token used for this request, if one was."
    )


class TokenOut(Schema):
    id: int
    name: str
    scope: choices(ApiToken.Scope)
    prefix: str = Field(description="The token's first characters, to recognise it.")
    created_at: datetime
    last_used_at: datetime | None = Field(description="Updated at most once a minute.")
    revoked_at: datetime | None
    active: bool


class TokenCreateIn(BodySchema):
    name: str = column(ApiToken, "name", description="Unique among your active tokens.")
    scope: choices(ApiToken.Scope) = Field(
        description="'read' (read only) or 'file' (read and file)."
    )


class TokenCreatedOut(TokenOut):
    token: str = Field(description="The secret, shown this once only.")
    warning: str


def _token_out(token) -> dict:
    return {
        "id": token.pk,
        "name": token.name,
        "scope": token.scope,
        "prefix": token.prefix,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
        "active": token.revoked_at is None,
    }


@router.get(
    "/me",
    response={200: AccountOut, **errors(401, 403)},
    auth=token_or_session,
    operation_id="GetMyAccount",
    openapi_extra=permission_mark(Action.EDIT_OWN_PROFILE),
    url_name="GetMyAccount",
    summary="Get the signed-in account, and whether it may file now",
)
def get_my_account(request):
    user = api_user_require(request, Action.EDIT_OWN_PROFILE)
    member = user.bar_member if user.role == Role.ATTORNEY else None
    pro_hac_vice = user.role == Role.PRO_HAC_VICE
    token = api_token_of(request)
    reason = check(user, Action.FILE_NEW_CASE)
    return {
        "id": user.pk,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "full_name": user.get_full_name(),
        "role": user.role,
        "role_label": user.get_role_display(),
        "phone": user.phone,
        "address_line1": user.address_line1,
        "address_line2": user.address_line2,
        "city": user.city,
        "state": user.state,
        "postal_code": user.postal_code,
        "bar_number": member.bar_number if member else None,
        "bar_status": member.status if member else None,
        "home_state": user.home_state if pro_hac_vice else None,
        "home_bar_number": user.home_bar_number if pro_hac_vice else None,
        "email_confirmed": user.email_confirmed_at is not None,
        "two_factor": user.has_two_factor,
        "can_file": reason is None,
        "cannot_file_reason": reason,
        "authenticated_by": "token" if token else "session",
        "token_scope": token.scope if token else None,
    }


@router.get(
    "/me/tokens",
    response={200: Page[TokenOut], **errors(401, 403)},
    auth=token_or_session,
    operation_id="ListApiTokens",
    openapi_extra=permission_mark(Action.MANAGE_OWN_API_TOKENS),
    url_name="ListApiTokens",
    summary="List your API tokens, newest first (the secrets are never shown again)",
)
def list_api_tokens(request, response: HttpResponse, query: Query[PageQuery]):
    user = api_user_require(request, Action.MANAGE_OWN_API_TOKENS)
    return paginate(
        request,
        response,
        api_tokens_of(user=user),
        query=query,
        key="created_at",
        descending=True,
        out=_token_out,
    )


# Changing operations take an optional Idempotency-Key (efiling.api.idempotency).
MANAGE_ONCE = {
    **permission_mark(Action.MANAGE_OWN_API_TOKENS),
    **header_parameter(required=False),
}


@router.post(
    "/me/tokens",
    response={201: TokenCreatedOut, **errors(401, 403, 409, 415)},
    auth=session_only,
    operation_id="CreateApiToken",
    openapi_extra=MANAGE_ONCE,
    url_name="CreateApiToken",
    summary="Create an API token (signed-in session only; the secret is returned once)",
)
@idempotent_operation("CreateApiToken", action=Action.MANAGE_OWN_API_TOKENS, sealed=True)
def create_api_token(request, payload: TokenCreateIn, response: HttpResponse):
    """A retry with the same Idempotency-Key shows the same token again (the answer is kept
    encrypted for that), instead of creating a second one."""
    user = api_user_require(request, Action.MANAGE_OWN_API_TOKENS)
    token, raw = api_token_create(
        user=user, name=payload.name, scope=payload.scope, request=request
    )
    return 201, {**_token_out(token), "token": raw, "warning": SHOWN_ONCE}


@router.delete(
    "/me/tokens/{token_id}",
    response={204: None, **errors(401, 403, 404, 409)},
    auth=[TokenAuth(read_only_changes=True), session_auth],
    operation_id="RevokeApiToken",
    openapi_extra=MANAGE_ONCE,
    url_name="RevokeApiToken",
    summary="Revoke one of your API tokens (a read-only token may revoke only itself)",
)
@idempotent_operation("RevokeApiToken", action=Action.MANAGE_OWN_API_TOKENS)
def revoke_api_token(request, token_id: PlainInt):
    current = api_token_of(request)
    revoking_itself = current is not None and current.pk == token_id
    user = api_user_require(request, Action.MANAGE_OWN_API_TOKENS)
    if not revoking_itself:
        read_only_token_refuse(request)
    api_token_revoke(user=user, token_id=token_id, request=request)
    return 204, None
