"""A public case's docket as an Atom feed (Django's syndication framework): its public docket
entries, newest first, as the public case page shows them, read from the replica as the page
is. A missing or hidden case: 404, as on the page."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from efiling.accounts.access import public
from efiling.core.db_router import reads_from_replica
from efiling.core.pages import safe_only
from efiling.public.selectors import public_case_open, public_docket_entries

# The newest entries a feed carries.
FEED_ENTRIES = 50


class PlainTextAtomFeed(Atom1Feed):
    """Atom whose entry summaries are text (RFC 4287 section 3.1.1, type="text"): docket text
    carries what filers typed, which a reader must show as characters, never as markup (Django's
    Atom1Feed marks summaries type="html", so "<img onerror=...>" in a docket entry would be
    markup in a feed reader)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class PublicDocketFeed(Feed):
    feed_type = PlainTextAtomFeed

    def get_object(self, request, number: str):
        return public_case_open(number=number)

    def title(self, case):
        return f"{case.number} {case.caption}: docket"

    def subtitle(self, case):
        return f"Public docket entries of {case.number} in the {case.court.name}."

    def link(self, case):
        return reverse("public-case", args=[case.number])

    def feed_guid(self, case):
        """The feed's id: its public page's absolute address from EFILING_SITE_URL, as the
        entries' ids are (never the Host a request happened to send)."""
        return f"{settings.EFILING_SITE_URL.rstrip('/')}{self.link(case)}"

    def feed_url(self, case):
        return reverse("public-case-feed", args=[case.number])

    def items(self, case):
        entries = public_docket_entries(case).select_related("case")
        fields = ("case__number", "number", "kind", "text", "filed_at")
        return entries.only(*fields).order_by("-number")[:FEED_ENTRIES]

    def item_title(self, entry):
        return f"Docket entry {entry.number}"

    def item_description(self, entry):
        return entry.text

    def item_link(self, entry):
        return f"{reverse('public-case', args=[entry.case.number])}#entry-{entry.number}"

    def item_guid(self, entry):
        """The entry's id: an absolute IRI (RFC 4287 section 4.2.6), the entry's public address."""
        return f"{settings.EFILING_SITE_URL.rstrip('/')}{self.item_link(entry)}"

    item_guid_is_permalink = False

    def item_pubdate(self, entry):
        return entry.filed_at

    def item_updateddate(self, entry):
        return entry.filed_at


public_docket_feed = public(safe_only(reads_from_replica(PublicDocketFeed())))
