"""Hearings and trials on a court's calendar, the courtrooms they are held in, and follow-up
deadlines of a case. Instants are stored in UTC; dates are in the court's own zone."""

from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from efiling.core.words import REASON_MAX, WEEKDAYS

# The hours a courtroom keeps until its court sets its own (rows of CourtroomHours): Monday to
# Friday, 8:00 a.m. to 5:00 p.m. A courtroom with any row of its own uses its rows only.
STANDARD_HOURS = {weekday: (time(8, 0), time(17, 0)) for weekday in range(5)}


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


class CourtroomHours(models.Model):
    """When a courtroom sits on one day of the week (court-local times). A weekday without a
    row is a day the courtroom does not sit; a courtroom without rows keeps STANDARD_HOURS."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, WEEKDAYS[0]
        TUESDAY = 1, WEEKDAYS[1]
        WEDNESDAY = 2, WEEKDAYS[2]
        THURSDAY = 3, WEEKDAYS[3]
        FRIDAY = 4, WEEKDAYS[4]
        SATURDAY = 5, WEEKDAYS[5]
        SUNDAY = 6, WEEKDAYS[6]

    courtroom = models.ForeignKey(Courtroom, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField(help_text="Court-local time, e.g. 08:00.")
    closes = models.TimeField(help_text="Court-local time, e.g. 17:00; after the opening time.")

    class Meta:
        ordering = ["courtroom", "weekday"]
        verbose_name_plural = "courtroom hours"
        constraints = [
            models.UniqueConstraint(
                fields=["courtroom", "weekday"], name="one_hours_row_per_courtroom_weekday"
            ),
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")), name="courtroom_closes_after_opening"
            ),
        ]

    def __str__(self):
        return f"{self.courtroom.name}: {self.get_weekday_display()}"


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
    outside_hours_reason = models.CharField(
        max_length=REASON_MAX,
        blank=True,
        help_text="Why a judge or clerk set it outside the courtroom's hours (empty: within).",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=REASON_MAX, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["judge", "status", "starts_at"]),
            models.Index(fields=["courtroom", "status", "starts_at"]),
            # A day's hearings in every court (the public search of hearings).
            models.Index(fields=["starts_at"], name="hearing_starts"),
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
    satisfied_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a filing answering the docket entry that set it was submitted (for a "
        "party's deadline: filed, once the clerk accepted it).",
    )
    set_by_entry = models.PositiveIntegerField(
        null=True, blank=True, help_text="Number of the docket entry whose filing set it."
    )
    party = models.ForeignKey(
        "cases.Party",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deadlines",
        help_text="A served party's answer deadline: only an accepted response filed by or for "
        "this party answers it. Empty for a deadline of the case.",
    )
    reminded_at = models.DateTimeField(
        null=True, blank=True, help_text="When counsel were reminded that it approaches."
    )
    passed_noticed_at = models.DateTimeField(
        null=True, blank=True, help_text="When counsel were told it passed unanswered."
    )

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["satisfied_at", "due_date"])]

    def __str__(self):
        return f"{self.title}: {self.due_date:%Y-%m-%d}"
