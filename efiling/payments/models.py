"""Payment accounts and their ledger. Money is whole cents. A fee is held when a filing is
submitted, charged when the clerk accepts it and released when it is rejected or cancelled."""

from django.db import models


class PaymentAccount(models.Model):
    owner = models.OneToOneField(
        "accounts.User", on_delete=models.PROTECT, related_name="payment_account"
    )
    created_at = models.DateTimeField()

    def __str__(self):
        return f"Payment account of {self.owner}"


class LedgerEntry(models.Model):
    """Append-only. The balance, holds and charges are sums of entries, never stored totals."""

    class Kind(models.TextChoices):
        DEPOSIT = "deposit", "Deposit"
        HOLD = "hold", "Hold"
        RELEASE = "release", "Release of a hold"
        CHARGE = "charge", "Charge of a hold"

    account = models.ForeignKey(PaymentAccount, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    amount_cents = models.PositiveBigIntegerField()
    reference = models.CharField(
        max_length=80, help_text="What the money is for, e.g. an envelope."
    )
    hold = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="settlements",
        help_text="For a release or charge: the hold it settles.",
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["hold"], condition=models.Q(hold__isnull=False), name="a_hold_settles_once"
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.amount_cents} for {self.reference}"


class Deposit(models.Model):
    """Money a filer adds through the payment provider's hosted checkout. Pending until the
    provider confirms it (its callback, or the signed confirmation of the return): then, once,
    a deposit entry of the ledger (`entry`). `session_id` is the provider's checkout session and
    `event_id` the provider's confirmation that completed it: both unique, so no confirmation is
    ever recorded twice."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the payment"
        COMPLETED = "completed", "Paid"
        DECLINED = "declined", "Declined or abandoned"
        FAILED = "failed", "The payment provider could not be reached"

    reference = models.CharField(max_length=32, unique=True, help_text="e.g. D-7K3M9Q2XW4")
    account = models.ForeignKey(PaymentAccount, on_delete=models.PROTECT, related_name="deposits")
    started_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="deposits_started",
        help_text="Who started it: the account's owner, or staff for their attorney.",
    )
    amount_cents = models.PositiveBigIntegerField()
    provider = models.CharField(max_length=16, help_text="demo or stripe")
    session_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    checkout_url = models.CharField(max_length=2000, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    event_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    entry = models.OneToOneField(
        LedgerEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="deposit"
    )
    created_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Deposit {self.reference}"
