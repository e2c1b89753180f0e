"""Webhooks (ECF NotifyFilingReviewComplete): a filer's system registers one HTTPS endpoint and
receives a signed POST when a filing it signed or prepared is reviewed. Each POST is one
WebhookDelivery row, retried with exponential backoff (efiling.service.webhooks)."""

from django.db import models


class WebhookEndpoint(models.Model):
    user = models.OneToOneField(
        "accounts.User", on_delete=models.CASCADE, related_name="webhook_endpoint"
    )
    url = models.URLField(max_length=500)
    secret = models.CharField(
        max_length=100, help_text="HMAC-SHA256 key; shown to the user once, when set."
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    def __str__(self):
        return self.url


class WebhookDelivery(models.Model):
    class Event(models.TextChoices):
        FILING_REVIEW_COMPLETE = "NotifyFilingReviewComplete", "Filing review complete"

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=40, choices=Event.choices)
    payload = models.JSONField()
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty once delivered or given up."
    )
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The HTTP status of the last attempt, if any."
    )
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.event} #{self.pk} to {self.endpoint}"
