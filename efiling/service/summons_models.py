"""Service of process (issue 14): the summons issued for each party a new case's filer asked to
have served (filings.ServiceRequest), alias summonses, and the returns of service. Written only
by efiling.service.summons (one writer of a summons' status: `summons_transition`)."""

from django.db import models

from efiling.core.words import REASON_MAX
from efiling.courts.models import ServiceManner


class Summons(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Being issued"
        ISSUED = "issued", "Issued"
        SERVED = "served", "Served"
        NOT_FOUND = "not_found", "Not found"
        REISSUED = "reissued", "Reissued (alias summons)"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="summonses")
    party = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="summonses")
    service_request = models.ForeignKey(
        "filings.ServiceRequest", on_delete=models.PROTECT, related_name="summonses"
    )
    alias_of = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="alias",
        help_text="The summons this alias summons reissues.",
    )
    manner = models.CharField(max_length=24, choices=ServiceManner.choices)
    county = models.CharField(
        max_length=60, blank=True, db_index=True, help_text="By sheriff: the county serving it."
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    issued_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="summonses_issued"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    return_by = models.DateField(
        null=True,
        blank=True,
        help_text="Set at issue: the court's date by which it is served and returned (Rule "
        "54.21; CourtPolicy.summons_return_days). Unserved after it, it has expired.",
    )
    address = models.JSONField(
        default=dict,
        blank=True,
        help_text="Where it is to be served, as issued ({address_line1, address_line2, city, "
        "state, postal_code}): the party's address, or the one an alias summons gives.",
    )
    docket_entry = models.OneToOneField(
        "docket.DocketEntry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="summons",
    )
    document = models.ForeignKey(
        "filings.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_date = models.DateField(
        null=True,
        blank=True,
        help_text="Associate circuit: the day the party must appear (courts.return_dates), set "
        "when the summons is issued.",
    )
    return_time = models.TimeField(
        null=True, blank=True, help_text="With a return date: the court-local time, if given."
    )
    return_division = models.CharField(
        max_length=60, blank=True, help_text="With a return date: where, if the court names it."
    )
    answer_deadline = models.OneToOneField(
        "scheduling.Deadline",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="summons",
        help_text="Set by a served return: the answer due, or the appearance on the return date.",
    )
    created_at = models.DateTimeField()
    status_changed_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "pk"]
        verbose_name_plural = "summonses"

    def __str__(self):
        return f"Summons to {self.party} in {self.case.number}"


class ReturnOfService(models.Model):
    class Outcome(models.TextChoices):
        SERVED = "served", "Served"
        NOT_FOUND = "not_found", "Not found"

    class HowServed(models.TextChoices):
        PERSONAL = "personal", "Delivered to the party personally"
        DWELLING = "dwelling", "Left at the party's dwelling with a household member over 15"
        AGENT = "agent", "Delivered to an officer or agent of the organization"
        MAIL = "mail", "Certified mail, return receipt signed"
        PUBLICATION = "publication", "Published (first publication on the date served)"

    summons = models.OneToOneField(Summons, on_delete=models.PROTECT, related_name="service_return")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    served_on = models.DateField(
        null=True, blank=True, help_text="Served: the date (for publication, the first one)."
    )
    served_time = models.TimeField(null=True, blank=True, help_text="Served: court-local time.")
    how_served = models.CharField(
        max_length=12, choices=HowServed.choices, blank=True, help_text="Served: how."
    )
    person_served = models.CharField(
        max_length=120, blank=True, help_text="Served: to whom the papers were handed."
    )
    reason = models.CharField(
        max_length=REASON_MAX, blank=True, help_text="Not found: why it could not be served."
    )
    new_address = models.JSONField(
        default=dict,
        blank=True,
        help_text="Not found: where the party may be found, if the server learned it "
        "({address_line1, address_line2, city, state, postal_code}; empty otherwise).",
    )
    filed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="service_returns"
    )
    filed_at = models.DateTimeField()
    docket_entry = models.OneToOneField(
        "docket.DocketEntry", on_delete=models.PROTECT, related_name="service_return"
    )

    def __str__(self):
        return f"Return of service: {self.get_outcome_display()} ({self.summons})"


_H = ReturnOfService.HowServed
# The one table of how a party may be served under each manner of service ordered: a sheriff
# or special process server hands the papers over (Rule 54.13), certified mail comes back with
# its signed receipt, publication is published.
HOW_SERVED_BY_MANNER: dict[str, tuple[str, ...]] = {
    ServiceManner.SHERIFF: (_H.PERSONAL, _H.DWELLING, _H.AGENT),
    ServiceManner.SPECIAL_PROCESS_SERVER: (_H.PERSONAL, _H.DWELLING, _H.AGENT),
    ServiceManner.CERTIFIED_MAIL: (_H.MAIL,),
    ServiceManner.PUBLICATION: (_H.PUBLICATION,),
}


def how_served_choices(manner: str) -> list[tuple[str, str]]:
    """(value, label) of the ways of service that fit the manner ordered
    (HOW_SERVED_BY_MANNER), in the table's order."""
    return [(value, _H(value).label) for value in HOW_SERVED_BY_MANNER[manner]]
