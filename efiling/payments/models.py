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
