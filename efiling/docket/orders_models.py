"""Orders and judgments the court issues into a case (services in efiling.docket.orders), and
the proposed orders that wait for a judge's signature before they become one.

Imported at the end of efiling/docket/models.py so Django finds them in the docket app."""

from django.db import models

from efiling.cases.names import search_words_of
from efiling.core.words import labelled


class CourtOrder(models.Model):
    class Kind(models.TextChoices):
        ORDER = "order", "Order"
        JUDGMENT = "judgment", "Judgment"
        DISMISSAL = "dismissal", "Order of dismissal"
        EXPUNGEMENT = "expungement", "Order of expungement"
        TRANSFER = "transfer", "Order of transfer (change of venue)"

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
        help_text="Who prepared it: the judge, a clerk, or the attorney who filed it as a "
        "proposed order (orders issued before signing by the judge alone: who entered it).",
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
    # The words of both names in their search form (efiling.cases.names.search_words), which
    # the judgments index searches, computed by the database on every write (docket.0010).
    in_favor_of_words = models.GeneratedField(
        expression=search_words_of("in_favor_of"), output_field=models.TextField(), db_persist=True
    )
    against_words = models.GeneratedField(
        expression=search_words_of("against"), output_field=models.TextField(), db_persist=True
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.in_favor_of} v. {self.against}"


class ProposedOrder(models.Model):
    """An order or judgment prepared for a judge's signature: written by the court's staff (a
    clerk, or the judge), or filed by an attorney (a filing whose code is a proposed order, once
    accepted: `filed_document` is its lead document, already on the docket). Its status moves
    only through efiling.docket.orders.proposed_order_transition (TRANSITIONS there)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_SIGNATURE = "awaiting_signature", "Waiting for the judge's signature"
        RETURNED = "returned", "Returned to the preparer"
        ISSUED = "issued", "Signed and issued"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="proposed_orders")
    kind = models.CharField(max_length=16, choices=CourtOrder.Kind.choices)
    title = models.CharField(max_length=200)
    body_text = models.TextField(
        blank=True, help_text="A written order's text (empty for a filed proposed order)."
    )
    judgment_lines = models.JSONField(
        default=list,
        blank=True,
        help_text='A judgment\'s awards: [{"in_favor_of", "against", "amount_cents", '
        '"description"}], the names taken from the case\'s parties.',
    )
    filed_document = models.OneToOneField(
        "filings.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposed_order",
        help_text="The attorney's proposed order as filed (its PDF is signed as it stands).",
    )
    judge = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The judge whose signature it waits for; empty: any judge of the court.",
    )
    prepared_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    return_note = models.CharField(
        max_length=1000, blank=True, help_text="The judge's note when returned."
    )
    created_at = models.DateTimeField()
    submitted_at = models.DateTimeField(
        null=True, blank=True, help_text="When it last went to the judge."
    )
    decided_at = models.DateTimeField(
        null=True, blank=True, help_text="When the judge last signed or returned it."
    )
    order = models.OneToOneField(
        CourtOrder,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposed",
        help_text="The order it became once signed.",
    )

    class Meta:
        ordering = ["submitted_at", "pk"]
        indexes = [models.Index(fields=["status", "judge"])]

    def __str__(self):
        return f"Proposed {self.get_kind_display().lower()}: {self.title}"
