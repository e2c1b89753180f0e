from django.db import models


class IdempotencyRecord(models.Model):
    """The first answer to a request sent with an Idempotency-Key, kept to replay it: written
    in the transaction of the operation's own changes (a rollback leaves no record; a crash
    after commit leaves one to replay). See efiling.api.idempotency."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255, help_text="As the client sent it, never trimmed.")
    operation = models.CharField(max_length=64, help_text="The operation id, e.g. ReviewFiling.")
    fingerprint = models.CharField(
        max_length=64, help_text="SHA-256 of the method, path, canonical query and body."
    )
    status_code = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_record_per_idempotency_key")
        ]

    def __str__(self):
        return f"{self.operation} {self.key}"
