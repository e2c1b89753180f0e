"""The public status page (/status/, no sign-in): the state now (per court or for all), the
windows to come, the history of planned windows and incidents (paged), and the public signing
keys the records of filing attempts are signed with; its history as CSV (every row) and as an
Atom feed (the latest FEED_ENTRIES). Outside /public/, so that a window that stops the public
search never stops it. The rules are efiling.availability.status'."""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from efiling.availability.status import Event, status_history, system_status
from efiling.core.pages import public, safe_only
from efiling.core.paging import page_of
from efiling.core.signing import signing_keys
from efiling.public.feeds import FEED_ENTRIES, PlainTextAtomFeed

HISTORY_PER_PAGE = 25
CSV_COLUMNS = (
    "kind",
    "starts_at_utc",
    "ends_at_utc",
    "starts_central",
    "ends_central",
    "courts",
    "unavailable",
    "description",
    "emergency_reason",
)


@public
@safe_only
def status_page(request):
    context = {
        "status": system_status(),
        "page": page_of(request, status_history(), per_page=HISTORY_PER_PAGE),
        "keys": signing_keys(),
    }
    return render(request, "public/status.html", context)


def _csv_row(event: Event) -> list[str]:
    return [
        event.kind,
        event.starts_at.isoformat(),
        event.ends_at.isoformat() if event.ends_at else "",
        event.starts_words,
        event.ends_words if event.ends_at else "",
        "all" if event.courts is None else " ".join(event.court_codes),
        event.unavailable_words,
        event.description,
        event.emergency_reason,
    ]


@public
@safe_only
def status_csv(request):
    """The whole history as CSV (RFC 4180, UTF-8, a header row): one row per window or
    incident, latest start first; times in UTC (ISO 8601) and in Central time's words; an
    incident still open has empty ends."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="efiling-status-history.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for event in status_history():
        writer.writerow(_csv_row(event))
    return response


class StatusFeed(Feed):
    """The windows to come and the history, latest start first, as Atom (Django's syndication
    framework; summaries as text)."""

    feed_type = PlainTextAtomFeed
    title = "Missouri e-filing system status"
    subtitle = "Planned maintenance and unplanned incidents of the e-filing system."

    def link(self):
        return reverse("status")

    def feed_url(self):
        return reverse("status-feed")

    def feed_guid(self):
        return f"{settings.EFILING_SITE_URL.rstrip('/')}{self.link()}"

    def items(self):
        events = system_status().upcoming[::-1] + status_history()
        return events[:FEED_ENTRIES]

    def item_title(self, event: Event):
        first = event.local_times[0]  # the default zone's, or the courts' own zone
        end = f" to {first.ends_words}" if event.ends_at else " (in progress)"
        return f"{event.kind_words}: {first.starts_words}{end} ({first.zone_words})"

    def item_description(self, event: Event):
        lines = [
            f"Courts: {event.court_names}.",
            f"Unavailable: {event.unavailable_words}.",
            event.description,
        ]
        if event.emergency_reason:
            lines.append(f"Emergency maintenance: {event.emergency_reason}")
        lines += [f"Update, {when.isoformat()}: {text}" for when, text in event.updates]
        return "\n".join(lines)

    def item_link(self, event: Event):
        return f"{reverse('status')}#{event.kind}-{event.pk}"

    def item_guid(self, event: Event):
        return f"{settings.EFILING_SITE_URL.rstrip('/')}{self.item_link(event)}"

    item_guid_is_permalink = False

    def item_pubdate(self, event: Event):
        """When the event was made known: a window's posting, an incident's opening (never a
        window's start, which may lie ahead)."""
        return event.published_at or event.starts_at

    def item_updateddate(self, event: Event):
        """The last change the public was told of: the publication, an update, an incident's
        end (none lies ahead of now)."""
        times = [self.item_pubdate(event), *(when for when, _ in event.updates)]
        if event.ends_at is not None and event.kind == "incident":
            times.append(event.ends_at)
        return max(times)


status_feed = public(safe_only(StatusFeed()))
