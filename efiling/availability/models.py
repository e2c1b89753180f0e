"""Hours as data: when the help desk answers and the best hours to use the system (the seed:
help desk 7:30 a.m. to 5 p.m., best use 7 a.m. to 11:59 p.m., Monday to Friday)."""

from django.core.exceptions import ValidationError
from django.db import models


class ServiceHours(models.Model):
    class Kind(models.TextChoices):
        HELP_DESK = "help_desk", "Help desk"
        BEST_USE = "best_use", "Best hours of use"

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField(
        help_text="Last moment of service, included (23:59:59 for 'until 11:59 p.m.')."
    )
    closed_on_state_holidays = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "weekday", "opens"]
        verbose_name_plural = "service hours"

    def __str__(self):
        window = f"{self.opens:%H:%M}-{self.closes:%H:%M}"
        return f"{self.get_kind_display()}: {self.get_weekday_display()} {window}"

    def clean(self):
        if self.opens is not None and self.closes is not None and self.closes <= self.opens:
            raise ValidationError("The closing time must be after the opening time.")


class MaintenanceWindow(models.Model):
    """A planned stop of some functions of the system (efiling.availability.maintenance): from
    `starts_at` to `ends_at` (UTC), in every court (`all_courts`) or in `courts`. Posted at
    least three business days ahead in every covered court's calendar, or as an emergency with
    a reason the public reads. Cancelled, never deleted."""

    class Function(models.TextChoices):
        FILING = "filing", "Filing and other changes (reading stays up)"
        PUBLIC_SEARCH = "public_search", "Public case search and case pages"

    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    all_courts = models.BooleanField(default=False)
    courts = models.ManyToManyField("courts.Court", blank=True, related_name="+")
    affects_filing = models.BooleanField(default=True)
    affects_public_search = models.BooleanField(default=False)
    message = models.TextField(max_length=1000)
    emergency = models.BooleanField(default=False)
    emergency_reason = models.TextField(max_length=1000, blank=True)
    posted_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True
    )
    posted_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["ends_at"], name="maintenance_ends_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="maintenance_ends_after_start",
            )
        ]

    def __str__(self):
        return f"Maintenance {self.starts_at:%Y-%m-%d %H:%M} to {self.ends_at:%Y-%m-%d %H:%M} UTC"


class FilingAttempt(models.Model):
    """A filing attempt that did not end in a receipt (Rule 103.06), or whose answer was lost
    (efiling.availability.attempts): who tried, when (UTC), in which court and case, which
    envelope, and what went wrong in the filer's words. Known by its `reference`
    ("FA-7K3M-Q9XD"), which the filer is shown at once. Insert-only."""

    class Kind(models.TextChoices):
        REFUSED = "refused", "Refused"
        MAINTENANCE = "maintenance", "Planned maintenance"
        SERVER_ERROR = "server_error", "Server error"
        DATABASE_DOWN = "database_down", "Database unavailable"
        LOST_RESPONSE = "lost_response", "Answer lost"

    reference = models.CharField(max_length=16, unique=True)
    occurred_at = models.DateTimeField()
    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    court = models.ForeignKey(
        "courts.Court", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    case_number = models.CharField(max_length=40, blank=True)
    envelope_public_id = models.UUIDField(null=True, blank=True)
    operation = models.CharField(
        max_length=40, help_text="What was tried: the API operation, or the page (submit)."
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    status_code = models.PositiveSmallIntegerField()
    what_went_wrong = models.TextField(max_length=2000)
    journaled = models.BooleanField(
        default=False, help_text="Written to the local journal while the database was down."
    )

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["user", "occurred_at"], name="attempt_user_time_idx")]

    def __str__(self):
        return f"Filing attempt {self.reference}"


class Incident(models.Model):
    """An unplanned outage (efiling.availability.incidents): from `started_at` until `ended_at`
    (UTC; open while empty), in every court (`all_courts`) or in `courts`, of the functions
    marked. Opened, updated and closed by an administrator, or by the health monitor for a
    failing check (`failed_check`: "database" or "storage"; `opened_by` empty). Kept for
    years, never deleted; `description` and the updates are public (the status page)."""

    class Check(models.TextChoices):
        DATABASE = "database", "Database"
        STORAGE = "storage", "Document storage"

    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    all_courts = models.BooleanField(default=False)
    courts = models.ManyToManyField("courts.Court", blank=True, related_name="+")
    affects_filing = models.BooleanField(default=True)
    affects_public_search = models.BooleanField(default=False)
    description = models.TextField(max_length=1000)
    failed_check = models.CharField(
        max_length=16,
        choices=Check.choices,
        blank=True,
        help_text="The health check whose failure opened it (the health monitor); empty when an "
        "administrator opened it.",
    )
    opened_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    opened_at = models.DateTimeField(help_text="When it was recorded (at or after the start).")
    closed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    journal_entry = models.CharField(
        max_length=36,
        null=True,
        blank=True,
        unique=True,
        help_text="The health monitor's journal entry that opened it (imports are idempotent).",
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["started_at"], name="incident_started_idx"),
            models.Index(fields=["ended_at"], name="incident_ended_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True)
                | models.Q(ended_at__gte=models.F("started_at")),
                name="incident_ends_after_start",
            )
        ]

    def __str__(self):
        return f"Incident from {self.started_at:%Y-%m-%d %H:%M} UTC"

    @property
    def by_monitor(self) -> bool:
        return bool(self.failed_check)


class IncidentUpdate(models.Model):
    """A public line of an incident's story ("opened", "cause found", "resolved"), by an
    administrator or the health monitor (`posted_by` empty)."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="updates")
    posted_at = models.DateTimeField()
    posted_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    text = models.TextField(max_length=1000)

    class Meta:
        ordering = ["posted_at", "pk"]

    def __str__(self):
        return f"Update of {self.incident} at {self.posted_at:%Y-%m-%d %H:%M} UTC"
