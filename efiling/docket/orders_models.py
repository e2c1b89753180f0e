"""Orders and judgments the court issues into a case (services in efiling.docket.orders).

Imported at the end of efiling/docket/models.py so Django finds them in the docket app."""

from django.db import models

from efiling.core.words import labelled


class CourtOrder(models.Model):
    class Kind(models.TextChoices):
        ORDER = "order", "Order"
        JUDGMENT = "judgment", "Judgment"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="court_orders")
    docket_entry = models.OneToOneField(
        "docket.DocketEntry", on_delete=models.PROTECT, related_name="court_order"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=200)
    judge = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The judge whose electronic signature the order carries.",
    )
    issued_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who entered it: the judge, or a clerk for the judge.",
    )
    signature = models.CharField(max_length=200, help_text='e.g. "/s/ Dana Whitfield"')
    issued_at = models.DateTimeField()
    document = models.OneToOneField(
        "filings.Document",
        on_delete=models.PROTECT,
        related_name="court_order",
        help_text="The signed PDF (its original and its file-stamped version), on the docket.",
    )

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self):
        return self.heading

    @property
    def heading(self) -> str:
        """ "Order: <title>", or the title alone when it names the kind ("Judgment")."""
        return labelled(self.get_kind_display(), self.title)


class JudgmentLine(models.Model):
    """One award of a judgment: who wins against whom, and how much (for the public index)."""

    order = models.ForeignKey(CourtOrder, on_delete=models.CASCADE, related_name="judgment_lines")
    in_favor_of = models.CharField(max_length=200)
    against = models.CharField(max_length=200)
    amount_cents = models.BigIntegerField()
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.in_favor_of} v. {self.against}"
