"""CaseTracking: a user tracks a case (as Case.net's "track this case") and is told of its new
public docket entries and hearing changes (efiling.service.tracking)."""

from django.db import models


class CaseTracking(models.Model):
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="case_trackings"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="trackings")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "case"], name="one_tracking_per_user_case")
        ]

    def __str__(self):
        return f"{self.user} tracks case {self.case_id}"
