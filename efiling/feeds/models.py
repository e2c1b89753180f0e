"""A user's personal calendar feed: the secret address calendar programs poll."""

from django.conf import settings
from django.db import models


class CalendarFeed(models.Model):
    """One address of a user's iCalendar feed. Only the SHA-256 of its secret is kept (the
    address is shown once, when made); a revoked address answers as one that never existed.
    At most one live address per user (efiling.feeds.services)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    secret_sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_live_calendar_feed",
            )
        ]

    def __str__(self):
        state = "revoked" if self.revoked_at else "live"
        return f"calendar feed #{self.pk} of user {self.user_id} ({state})"
