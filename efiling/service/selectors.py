"""Reads of notices for pages that gather a user's work."""

from __future__ import annotations

from efiling.core.paging import FirstRows, first_rows
from efiling.service.models import Notice


def notices_recent(*, recipients, limit: int) -> FirstRows:
    """The newest notices of `recipients` (users), at most `limit`, with the total of unread
    ones counted separately by the caller's page header. Notices never carry non-public text
    (service.services.notice_body), so showing them is no audited read."""
    rows = (
        Notice.objects.filter(recipient__in=[r.pk for r in recipients])
        .select_related("case", "recipient")
        .order_by("-created_at", "-pk")
    )
    return first_rows(rows, limit=limit)
