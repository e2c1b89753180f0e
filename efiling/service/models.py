"""Notices: the one table where every notice starts. Delivery (e-mail, digests, electronic
service records) reads from here in a later issue; users read theirs in the app now."""

from django.db import models


class Notice(models.Model):
    class Kind(models.TextChoices):
        FILING_REVIEWED = "filing_reviewed", "Filing reviewed"
        DOCKET_ENTRY = "docket_entry", "New docket entry"
        HEARING = "hearing", "Hearing set, changed or cancelled"
        ORDER = "order", "Order"
        JUDGMENT = "judgment", "Judgment"

    recipient = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="notices"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.subject


from efiling.service.webhook_models import WebhookDelivery, WebhookEndpoint  # noqa: E402,F401
