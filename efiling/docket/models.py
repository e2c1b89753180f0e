"""The docket: numbered entries of a case. Accepted lead documents become entries (their
attachments ride on them); clerks add minute entries; corrections keep the old text. An entry
with documents is file-stamped by background work after it is recorded (efiling.docket.tasks);
its stamping state says how far that got."""

from django.db import models
from django.db.models import Q

from efiling.cases.models import SecurityLevel
from efiling.core.words import REASON_MAX

STAMP_PROBLEM_MAX = 500


class StampState(models.TextChoices):
    """Where the file-stamped copies of an entry's documents stand. An entry without documents
    (a minute entry) has none."""

    NONE = "", "No documents"
    PENDING = "pending", "Stamped copy being prepared"
    STAMPED = "stamped", "Stamped"
    FAILED = "failed", "Stamp failed"


class DocketEntry(models.Model):
    class Kind(models.TextChoices):
        FILING = "filing", "Filing"
        MINUTE = "minute", "Minute entry"
        SCANNED = "scanned", "Scanned paper filing"
        ORDER = "order", "Order"
        JUDGMENT = "judgment", "Judgment"
        SERVICE = "service", "Service of process"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="docket_entries")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.TextField()
    filed_at = models.DateTimeField(
        help_text="For a filing, the time it was submitted (the filing time)."
    )
    filing = models.OneToOneField(
        "filings.Filing",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="docket_entry",
    )
    paper_filer = models.CharField(
        max_length=200,
        blank=True,
        help_text="For a scanned paper filing: who filed the paper (a filer without an account).",
    )
    entered_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    security_level = models.CharField(
        max_length=16, choices=SecurityLevel.choices, default=SecurityLevel.PUBLIC
    )
    stamp_state = models.CharField(
        max_length=10, choices=StampState.choices, default=StampState.NONE, blank=True
    )
    stamp_attempts = models.PositiveSmallIntegerField(
        default=0, help_text="Stamping attempts since the entry was recorded or last retried."
    )
    stamp_next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="While pending: when the next attempt is due."
    )
    stamp_problem = models.CharField(
        max_length=STAMP_PROBLEM_MAX,
        blank=True,
        help_text="Why the last attempt failed, in the clerk's words.",
    )

    class Meta:
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="one_docket_number_per_case")
        ]
        indexes = [
            # Only the few entries still in work: the mend list and the resumption of lost tasks.
            models.Index(
                fields=["stamp_state"],
                condition=Q(stamp_state__in=[StampState.PENDING, StampState.FAILED]),
                name="docket_entry_stamp_open",
            )
        ]
        verbose_name_plural = "docket entries"

    def __str__(self):
        return f"{self.case.number} #{self.number}"


class DocketCorrection(models.Model):
    entry = models.ForeignKey(DocketEntry, on_delete=models.CASCADE, related_name="corrections")
    old_text = models.TextField()
    new_text = models.TextField()
    reason = models.CharField(max_length=REASON_MAX)
    corrected_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    corrected_at = models.DateTimeField()

    def __str__(self):
        return f"correction of {self.entry}"


class RejectionReason(models.Model):
    """The reasons a court's clerks choose from (the court edits the list)."""

    court = models.ForeignKey(
        "courts.Court",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rejection_reasons",
        help_text="Empty: offered in every court.",
    )
    text = models.CharField(max_length=200)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["text"]

    def __str__(self):
        return self.text


from efiling.docket.orders_models import CourtOrder, JudgmentLine, ProposedOrder  # noqa: E402,F401
