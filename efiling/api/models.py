from django.db import models


class IdempotencyRecord(models.Model):
    """The first answer to a request sent with an Idempotency-Key, kept to replay it: written
    in the transaction of the operation's own changes (a rollback leaves no record; a crash
    after commit leaves one to replay). An operation that works outside transactions (an
    upload's PDF checks, a webhook's address check) first claims the key in a short committed
    transaction: the record then has no answer yet (status_code None) and names the claim,
    until the transaction of the change completes it. See efiling.api.idempotency."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255, help_text="As the client sent it, never trimmed.")
    operation = models.CharField(max_length=64, help_text="The operation id, e.g. ReviewFiling.")
    fingerprint = models.CharField(
        max_length=64, help_text="SHA-256 of the method, path, canonical query and body."
    )
    status_code = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="None while the first request is still running."
    )
    response_body = models.JSONField(
        null=True,
        blank=True,
        help_text="The answer; encrypted (EFILING_FIELD_KEY) when sealed: it shows a secret.",
    )
    sealed = models.BooleanField(default=False)
    claim = models.CharField(
        max_length=32,
        blank=True,
        default="",
        help_text="While in flight: the token of the request that claimed the key.",
    )
    created_at = models.DateTimeField(help_text="When the key was claimed or first answered.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_record_per_idempotency_key")
        ]

    def __str__(self):
        return f"{self.operation} {self.key}"
