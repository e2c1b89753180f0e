"""The caller's notices (ECF-style names): GetNotices (the inbox, newest first, with the state of
each e-mail that carries a notice), MarkNoticesRead, and TrackCase / UntrackCase (be told of a
case's new public docket entries and hearings, efiling.service.tracking)."""

from datetime import datetime

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema

from efiling.accounts.permissions import Action
from efiling.api.auth import api_user_require, permission_mark, token_or_session
from efiling.api.idempotency import header_parameter, idempotent_operation
from efiling.api.pagination import MAX_LIMIT, Page, PageQuery, paginate
from efiling.api.schemas import BodySchema, PlainBool, PlainInt, choices, errors
from efiling.service import tracking
from efiling.service.delivery import site_link
from efiling.service.models import Notice, NoticeDelivery
from efiling.service.services import notices_for, notices_mark_read

router = Router(tags=["Notifications"], auth=token_or_session)
READ = permission_mark(Action.EDIT_OWN_PROFILE)
TRACK = {**permission_mark(Action.VIEW_CASES), **header_parameter(required=False)}


class DeliveryOut(Schema):
    address: str
    state: choices(NoticeDelivery.State)
    digest: bool = Field(description="Carried by a daily digest rather than its own e-mail.")
    attempts: int
    sent_at: datetime | None = Field(description="When the mail server accepted it.")
    last_error: str = Field(
        description="The last failure or the bounce, in the mail server's or provider's words; "
        "for a sent e-mail, a spam complaint."
    )


class NoticeOut(Schema):
    id: int
    kind: choices(Notice.Kind)
    subject: str
    body: str = Field(description="Never text of confidential or sealed material.")
    case_id: int | None
    case_number: str | None
    link: str | None = Field(description="Where to read it (signing in is required).")
    created_at: datetime
    read_at: datetime | None
    deliveries: list[DeliveryOut] = Field(description="The e-mails that carry it, per address.")


class NoticesQuery(PageQuery):
    unread: PlainBool = Field(False, description="Only notices not yet read.")
    case: PlainInt | None = Field(None, ge=1, description="Only the notices of this case (id).")


class MarkReadIn(BodySchema):
    notice_ids: list[int] | None = Field(
        None,
        max_length=MAX_LIMIT,
        description="The notices to mark read (others' ids are ignored); leave out for all.",
    )
    case: int | None = Field(None, ge=1, description="Only the notices of this case (id).")


class MarkReadOut(Schema):
    marked: int = Field(description="How many of them were unread.")


def _out(notice: Notice) -> dict:
    return {
        "id": notice.pk,
        "kind": notice.kind,
        "subject": notice.subject,
        "body": notice.body,
        "case_id": notice.case_id,
        "case_number": notice.case.number if notice.case_id else None,
        "link": site_link(notice.link) if notice.link else None,
        "created_at": notice.created_at,
        "read_at": notice.read_at,
        "deliveries": [
            {
                "address": d.address,
                "state": d.state,
                "digest": d.digest_due_at is not None,
                "attempts": d.attempts,
                "sent_at": d.sent_at,
                "last_error": d.last_error,
            }
            for d in notice.deliveries.all()
        ],
    }


@router.get(
    "/notices",
    response={200: Page[NoticeOut], **errors(401, 403)},
    operation_id="GetNotices",
    url_name="GetNotices",
    openapi_extra=READ,
    summary="Your notices, newest first, with each e-mail's delivery state",
)
def get_notices(request, response: HttpResponse, query: Query[NoticesQuery]):
    user = api_user_require(request, Action.EDIT_OWN_PROFILE)
    rows = notices_for(user, unread_only=query.unread, case_id=query.case)
    return paginate(
        request, response, rows, query=query, key="created_at", descending=True, out=_out
    )


@router.post(
    "/notices/read",
    response={200: MarkReadOut, **errors(401, 403, 409, 415)},
    operation_id="MarkNoticesRead",
    url_name="MarkNoticesRead",
    openapi_extra={**READ, **header_parameter(required=False)},
    summary="Mark your notices read: those named, those of one case, or all",
)
@idempotent_operation("MarkNoticesRead", action=Action.EDIT_OWN_PROFILE)
def mark_notices_read(request, payload: MarkReadIn):
    user = api_user_require(request, Action.EDIT_OWN_PROFILE)
    marked = notices_mark_read(user=user, notice_ids=payload.notice_ids, case_id=payload.case)
    return {"marked": marked}


class TrackingOut(Schema):
    case_id: int
    case_number: str | None
    since: datetime = Field(description="When the caller began tracking the case.")


@router.post(
    "/cases/{case_id}/tracking",
    response={200: TrackingOut, 201: TrackingOut, **errors(401, 403, 404, 409)},
    operation_id="TrackCase",
    url_name="TrackCase",
    openapi_extra=TRACK,
    summary="Track a case you may see: be told of its new public docket entries and hearings",
)
@idempotent_operation("TrackCase", action=Action.VIEW_CASES)
def track_case(request, case_id: PlainInt):
    """201 when the case is newly tracked, 200 when it already was; 404 for a case the caller
    may not see, as for one that does not exist."""
    user = api_user_require(request, Action.VIEW_CASES)
    tracked, created = tracking.case_track(user=user, case_id=case_id, request=request)
    out = {
        "case_id": tracked.case_id,
        "case_number": tracked.case.number,
        "since": tracked.created_at,
    }
    return (201 if created else 200), out


@router.delete(
    "/cases/{case_id}/tracking",
    response={204: None, **errors(401, 403, 404, 409)},
    operation_id="UntrackCase",
    url_name="UntrackCase",
    openapi_extra=TRACK,
    summary="Stop tracking a case (204 also when it was not tracked; 404 for a case neither "
    "tracked nor visible to you)",
)
@idempotent_operation("UntrackCase", action=Action.VIEW_CASES)
def untrack_case(request, case_id: PlainInt):
    user = api_user_require(request, Action.VIEW_CASES)
    tracking.case_untrack(user=user, case_id=case_id, request=request)
    return 204, None
