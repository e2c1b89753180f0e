"""Hearings and trials on a court's calendar, the courtrooms they are held in, and follow-up
deadlines of a case. Instants are stored in UTC; dates are in the court's own zone."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from efiling.core.words import REASON_MAX


class Courtroom(models.Model):
    court = models.ForeignKey("courts.Court", on_delete=models.CASCADE, related_name="courtrooms")
    name = models.CharField(
        max_length=80, help_text="As posted at the courthouse, e.g. Division 3."
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["court", "name"]
        constraints = [
            models.UniqueConstraint(fields=["court", "name"], name="one_courtroom_name_per_court")
        ]

    def __str__(self):
        return f"{self.name} ({self.court.code})"


class Hearing(models.Model):
    class Kind(models.TextChoices):
        HEARING = "hearing", "Hearing"
        TRIAL = "trial", "Trial"
        STATUS_CONFERENCE = "status_conference", "Status conference"
        MOTION_HEARING = "motion_hearing", "Motion hearing"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="hearings")
    courtroom = models.ForeignKey(Courtroom, on_delete=models.PROTECT, related_name="hearings")
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="hearings_presided"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.HEARING)
    starts_at = models.DateTimeField(help_text="UTC.")
    ends_at = models.DateTimeField(help_text="UTC.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="hearings_scheduled"
    )
    created_at = models.DateTimeField()
    note = models.CharField(max_length=REASON_MAX, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=REASON_MAX, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["judge", "status", "starts_at"]),
            models.Index(fields=["courtroom", "status", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="hearing_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} in {self.case.number or self.case_id}"


class Deadline(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="deadlines")
    title = models.CharField(max_length=120)
    due_date = models.DateField(help_text="A date in the court's zone.")
    source = models.CharField(max_length=200, help_text="e.g. Answer due 30 days after service.")
    created_at = models.DateTimeField()
    satisfied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self):
        return f"{self.title}: {self.due_date:%Y-%m-%d}"
