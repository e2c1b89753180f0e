"""Requests to the help desk (tickets) with their messages, and second-factor resets waiting
for a second person's approval."""

from django.db import models


class HelpTicket(models.Model):
    """One request to the help desk: from an account (`requester`) or from someone signed out
    (`name`, `email`, who follow the thread with the link e-mailed to them: a token signed
    with the site's secret, efiling.helpdesk.services.ticket_token). The thread is its
    messages, oldest first."""

    class Status(models.TextChoices):
        AWAITING_HELP_DESK = "awaiting_help_desk", "Waiting for the help desk"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"

    public_id = models.UUIDField(unique=True, editable=False)
    requester = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=120)
    email = models.EmailField()
    subject = models.CharField(max_length=200)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.AWAITING_HELP_DESK
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["status", "updated_at"], name="ticket_status_idx")]

    def __str__(self):
        return f"Help request {self.public_id}: {self.subject}"


class TicketMessage(models.Model):
    ticket = models.ForeignKey(HelpTicket, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_help_desk = models.BooleanField(default=False)
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Message {self.pk} of help request {self.ticket_id}"


class SecondFactorReset(models.Model):
    """A request to clear a user's lost second factor: who asked, the identity check they
    recorded (what was checked; for an attorney, the bar roster's phone number called), and
    who approved it: a second person, never the requester (the two-person rule, also a
    database constraint). Done at the approval; never deleted."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        DONE = "done", "Approved and cleared"
        REFUSED = "refused", "Refused"

    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    identity_check = models.TextField(max_length=1000)
    roster_phone_called = models.CharField(max_length=30, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by")),
                name="second_factor_reset_two_people",
            )
        ]

    def __str__(self):
        return f"Second-factor reset of user {self.user_id} ({self.status})"
