"""Reads of envelopes for pages that gather a filer's work (homes)."""

from __future__ import annotations

from efiling.core.paging import FirstRows, first_rows
from efiling.filings.models import Status
from efiling.filings.services import envelopes_visible_to

UNDER_REVIEW = (Status.SUBMITTED, Status.UNDER_REVIEW)


def envelopes_drafts(*, user, limit: int) -> FirstRows:
    """The drafts `user` may open (their own; for staff, also their attorneys'), most recently
    started first, at most `limit`."""
    rows = envelopes_visible_to(user).filter(status=Status.DRAFT).order_by("-created_at", "-pk")
    return first_rows(rows, limit=limit)


def envelopes_returned(*, user, limit: int) -> FirstRows:
    """Envelopes of `user` (or their attorneys) that the clerk returned for correction, the
    longest waiting first, at most `limit`: the filer corrects and resubmits, or withdraws."""
    rows = envelopes_visible_to(user).filter(status=Status.RETURNED)
    return first_rows(rows.order_by("status_changed_at", "pk"), limit=limit)


def envelopes_under_review(*, user, limit: int) -> FirstRows:
    """Submitted envelopes of `user` (or their attorneys) that the clerk has not decided yet,
    oldest submission first (the longest waiting), at most `limit`."""
    rows = envelopes_visible_to(user).filter(status__in=UNDER_REVIEW)
    return first_rows(rows.order_by("submitted_at", "pk"), limit=limit)
