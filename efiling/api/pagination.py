"""One paging contract for every list operation of the API.

A list answers `{"items": [...], "next_cursor": str | null, "next": URL | null}` and, when there
is more, a `Link: <next>; rel="next"` header. The caller passes `limit` (default 50, at most
100: more is refused with 422, never quietly lowered) and the `cursor` of the previous page.
The cursor is opaque and signed (django.core.signing), bound to the operation's path and to
its search: a digest of the operation's other query parameters as it read them (`search_digest`:
filters, kind, order; not `limit`, which may change from page to page). An altered cursor, one
of another list, or one of the same list searched otherwise (next_cursor of last_name=Garcia
sent with last_name=Nguyen) is refused with 422, never answered with a page of another search.
Pages are keyset pages over a stable order (a
column and the primary key), so rows added meanwhile never shift or repeat what follows.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Generic, TypeVar

from django.core import signing
from django.db.models import Q, QuerySet
from django.http import HttpResponse, QueryDict
from ninja import Field, Schema

from efiling.api.schemas import InputSchema, PlainInt, text
from efiling.core.errors import ValidationFailed

DEFAULT_LIMIT, MAX_LIMIT = 50, 100
CURSOR_MAX = 500
SALT = "efiling.api.cursor"
T = TypeVar("T")


class PageQuery(InputSchema):
    limit: PlainInt = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")
    cursor: str | None = text(
        CURSOR_MAX, None, description="next_cursor of the previous page; leave out for the first."
    )


class Page(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        description="Pass as cursor for the next page; null at the end."
    )
    next: str | None = Field(description="The next page's URL; null at the end.")


def _encode(value) -> list:
    return ["dt", value.isoformat()] if isinstance(value, datetime) else ["v", value]


def _decode(pair: list):
    if not isinstance(pair, list) or len(pair) != 2:
        raise ValueError(pair)
    kind, value = pair
    return datetime.fromisoformat(value) if kind == "dt" else value


def search_digest(query: PageQuery) -> str:
    """What the list operation was asked besides the page: a digest (16 hex digits of SHA-256)
    of `query`'s parameters as parsed (defaults filled in, so `sort` left out and
    `sort=filed` are one search) but `limit` and `cursor`. A cursor carries it; a cursor sent
    with other parameters is refused (_cursor_position)."""
    asked = query.model_dump(mode="json", exclude={"limit", "cursor"})
    canonical = json.dumps(asked, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def _cursor_position(cursor: str, path: str, search: str, keys: int = 1) -> tuple:
    """(the values of the `keys` order columns, pk) of the last row of the page before, from
    its signed cursor; ValidationFailed (field "cursor") for one altered, of another list, or
    of another order (a different number of columns), and for one of another `search`
    (search_digest) of the same list."""
    try:
        data = signing.loads(cursor, salt=SALT)
        if data["path"] != path or len(data["key"]) != keys:
            raise ValueError(path)
        position = tuple(_decode(pair) for pair in data["key"]), data["pk"]
        searched = data["search"]
    except (signing.BadSignature, ValueError, KeyError, TypeError) as exc:
        raise ValidationFailed(
            "The cursor is not valid here: pass the next_cursor of the previous page of this "
            "list unchanged, or leave it out for the first page.",
            field="cursor",
        ) from exc
    if searched != search:
        raise ValidationFailed(
            "This cursor belongs to another search: send it with the same parameters as the "
            "page it came from (only limit may change), or ask for the first page again.",
            field="cursor",
        )
    return position


def paginate(
    request,
    response: HttpResponse,
    rows: QuerySet,
    *,
    query: PageQuery,
    key: str | tuple[str, ...],
    descending: bool,
    out,
    on_page=None,
) -> dict:
    """One page of `rows` ordered by (`key`, pk), all descending or all ascending, each item
    turned into its answer by `out`; sets the Link header on `response` when there is more.
    `key` is a column (or annotation), or a tuple of them ordered by in turn (("exact",
    "created_at"): exact matches first, then by date): the cursor holds the last row's value of
    each. `on_page(rows)`, when given, is told which rows the page shows (to audit their
    reading)."""
    keys = (key,) if isinstance(key, str) else key
    sign, after = ("-", "lt") if descending else ("", "gt")
    rows = rows.order_by(*(f"{sign}{k}" for k in keys), f"{sign}pk")
    if query.cursor:
        position, pk = _cursor_position(query.cursor, request.path, search_digest(query), len(keys))
        rows = rows.filter(_after(keys, position, pk, after))
    found = list(rows[: query.limit + 1])
    items, more = found[: query.limit], len(found) > query.limit
    if on_page is not None:
        on_page(items)
    last = items[-1] if more else None
    return _page(
        request,
        response,
        query,
        [out(item) for item in items],
        (tuple(getattr(last, k) for k in keys), last.pk) if last is not None else None,
    )


def _after(keys: tuple[str, ...], position: tuple, pk, after: str) -> Q:
    """The rows after (`after`: "gt" or "lt") the row at `position` (its keys' values) and
    `pk` in the order of (*keys, pk): the first key past it, or equal and the next past it."""
    condition, equal = Q(), Q()
    for name, value in [*zip(keys, position, strict=True), ("pk", pk)]:
        condition |= equal & Q(**{f"{name}__{after}": value})
        equal &= Q(**{name: value})
    return condition


def paginate_sequence(
    request, response: HttpResponse, items: list, *, query: PageQuery, key, out
) -> dict:
    """The same contract for a short list the system holds in memory (not rows: the signing
    keys): ordered by `key(item)`, which is unique, each page the items after the cursor's."""
    ordered = sorted(items, key=key)
    if query.cursor:
        (position,), _ = _cursor_position(query.cursor, request.path, search_digest(query))
        ordered = [item for item in ordered if key(item) > position]
    shown, more = ordered[: query.limit], len(ordered) > query.limit
    return _page(
        request,
        response,
        query,
        [out(item) for item in shown],
        ((key(shown[-1]),), 0) if more else None,
    )


def _page(
    request, response: HttpResponse, query: PageQuery, answers: list, last: tuple | None
) -> dict:
    """The answer of a page: its items, and when `last` (the keys' values and pk of its last
    item) is given, the cursor (bound to the path and to `query`'s search_digest) and URL of
    the next page, also in the Link header."""
    next_cursor = next_url = None
    if last is not None:
        next_cursor = signing.dumps(
            {
                "path": request.path,
                "search": search_digest(query),
                "key": [_encode(v) for v in last[0]],
                "pk": last[1],
            },
            salt=SALT,
        )
        params = QueryDict(mutable=True)
        params.update(request.GET)
        params["cursor"] = next_cursor
        next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
        response["Link"] = f'<{next_url}>; rel="next"'
    return {"items": answers, "next_cursor": next_cursor, "next": next_url}
