"""Notices: the one table where every notice starts; users read theirs in the app (the inbox),
and NoticeDelivery is each e-mail that carries them (efiling.service.delivery)."""

from django.db import models


class Notice(models.Model):
    class Kind(models.TextChoices):
        FILING_SERVED = "filing_served", "Filing served"
        FILING_REVIEWED = "filing_reviewed", "Filing reviewed"
        SERVED_FILING_ENDED = "served_ended", "Served filing rejected or withdrawn"
        DOCKET_ENTRY = "docket_entry", "New docket entry"
        HEARING = "hearing", "Hearing set, changed or cancelled"
        ORDER = "order", "Order"
        JUDGMENT = "judgment", "Judgment"
        DEADLINE = "deadline", "Deadline approaching or passed"
        SUMMONS = "summons", "Summons issued or returned"
        MAINTENANCE = "maintenance", "Planned maintenance"
        INCIDENT = "incident", "Outage (incident)"
        HELP_DESK = "help_desk", "Help desk answer"

    recipient = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="notices"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    entry_number = models.PositiveIntegerField(
        null=True, blank=True, help_text="The docket entry it tells about, if any."
    )
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.subject


class NoticeDelivery(models.Model):
    """One e-mail to one address: a notice at once, a daily digest of several, or a message of
    its own (`subject`, `body`; no notice, and no `recipient` when the address has no account:
    a signed-out requester of the help desk, delivery.message_queue). Written in the
    transaction of what it tells; sent after the commit (efiling.service.delivery).
    Its Message-ID is fixed when the row is made, so every attempt sends the same one. A bounce
    the mail provider reports later marks it bounced (efiling.service.bounces)."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        BOUNCED = "bounced", "Bounced"
        CANCELLED = "cancelled", "Not sent (e-mail turned off)"

    recipient = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="notice_deliveries",
        null=True,
        blank=True,
        help_text="Empty for a message of its own to an address without an account.",
    )
    address = models.EmailField()
    subject = models.CharField(
        max_length=200, blank=True, help_text="A message of its own: its subject (else empty)."
    )
    body = models.TextField(blank=True, help_text="A message of its own: its text (else empty).")
    notices = models.ManyToManyField(Notice, related_name="deliveries")
    digest_due_at = models.DateTimeField(
        null=True, blank=True, help_text="A daily digest's time; empty for a notice sent at once."
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Attempts started.")
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty once sent or given up."
    )
    message_id = models.CharField(max_length=200, unique=True)
    provider_message_id = models.CharField(
        max_length=200,
        blank=True,
        db_index=True,
        help_text="The mail provider's id of the message when its API reported one (anymail); "
        "empty for plain SMTP, whose reports name the Message-ID.",
    )
    last_error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the mail server accepted it."
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "address", "digest_due_at"], name="one_digest_per_slot"
            ),
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | ~models.Q(body=""),
                name="delivery_to_nobody_has_its_message",
            ),
        ]

    def __str__(self):
        kind = "digest" if self.digest_due_at else "message" if self.body else "notice"
        return f"{kind} e-mail #{self.pk} to {self.address} ({self.state})"


class ServiceRecord(models.Model):
    """One person served with one envelope: filing through the system is service on them at
    submission (efiling.service.serving). Written once; one per envelope and person, so a
    resubmission after a return serves nobody twice. Whether the e-mail reached them is the
    state of the notice's deliveries to the address served (`delivery_states`)."""

    class Channel(models.TextChoices):
        ELECTRONIC = "electronic", "Electronic, through this system"

    envelope = models.ForeignKey(
        "filings.Envelope", on_delete=models.PROTECT, related_name="service_records"
    )
    person = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="services_received"
    )
    email = models.EmailField(help_text="The person's address when served.")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    served_at = models.DateTimeField(help_text="The filing time: service is at submission.")
    documents = models.JSONField(
        default=list,
        help_text='The documents served, as submitted: [{"filing", "title", "pages", "sha256"}].',
    )
    notice = models.OneToOneField(
        Notice, on_delete=models.PROTECT, related_name="service_record", null=True, blank=True
    )

    class Meta:
        ordering = ["envelope", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["envelope", "person"], name="served_once_per_envelope")
        ]

    def __str__(self):
        return f"{self.email} served with envelope #{self.envelope_id}"

    def served_address_deliveries(self) -> list[NoticeDelivery]:
        """The e-mails of the notice to the address served (`email`, on the service list): the
        filer may see how they went; the person's extra notice addresses stay theirs."""
        if self.notice is None:
            return []
        return [d for d in self.notice.deliveries.all() if d.address == self.email]

    def delivery_states(self) -> list[str]:
        """The state of each e-mail of the notice to the address served (NoticeDelivery.State
        values)."""
        return [d.state for d in self.served_address_deliveries()]


from efiling.service.summons_models import ReturnOfService, Summons  # noqa: E402,F401
from efiling.service.tracking_models import CaseTracking  # noqa: E402,F401
from efiling.service.webhook_models import WebhookDelivery, WebhookEndpoint  # noqa: E402,F401
