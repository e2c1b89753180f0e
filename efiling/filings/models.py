"""Envelopes (one submission), their filings (a lead document with attachments) and documents.
Statuses are written only by efiling.filings.workflow."""

import uuid

from django.db import models
from django.db.models import Q

from efiling.courts.models import ServiceManner


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    ACCEPTED = "accepted", "Accepted"
    PARTIALLY_ACCEPTED = "partially_accepted", "Partly accepted"
    REJECTED = "rejected", "Rejected"
    RETURNED = "returned", "Returned for correction"
    CANCELLED = "cancelled", "Cancelled"
    SERVED = "served", "Served (not filed)"


class Envelope(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="envelopes")
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="envelopes",
        help_text="Existing case, when the filer may see it (linked for the others when the "
        "clerk accepts their entry of appearance); empty for a new case.",
    )
    case_number = models.CharField(
        max_length=20,
        blank=True,
        help_text="The number of the existing case the filer named, as they typed it "
        "(normalised); empty for a new case.",
    )
    case_type = models.ForeignKey(
        "courts.CaseType",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="envelopes",
        help_text="A new case's type; for a case named only by its number, the type the "
        "number carries.",
    )
    caption = models.CharField(
        max_length=300, blank=True, help_text="New case only, e.g. Smith v. Jones."
    )
    prepared_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="prepared_envelopes",
        help_text="Who assembled and submitted it (an attorney, or staff for one).",
    )
    signer = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="signed_envelopes",
        help_text="The attorney (or self-represented party) whose signature it bears.",
    )
    serve_only = models.BooleanField(
        default=False,
        help_text="Served on the parties, not filed with the court (discovery): an existing "
        "case's serve-only filing codes only; no fees, no clerk, no docket (decision 0014).",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    status_changed_at = models.DateTimeField()
    created_at = models.DateTimeField()
    submitted_at = models.DateTimeField(
        null=True, blank=True, help_text="The filing time: when the system acknowledged receipt."
    )
    confirmation_number = models.CharField(max_length=20, unique=True, null=True, blank=True)
    service_at_submission = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="Who the filing served and how, fixed at its first submission "
        "(filings.service_list): never recomputed.",
    )
    idempotency_key = models.CharField(max_length=100, blank=True)
    signature = models.CharField(max_length=200, blank=True, help_text='e.g. "/s/ Avery Lawson"')
    signature_block = models.TextField(blank=True)
    fee_waiver_requested = models.BooleanField(default=False)
    fee_waiver_decision = models.CharField(
        max_length=8,
        choices=[("granted", "Granted"), ("denied", "Denied")],
        blank=True,
        help_text="The clerk's decision on the fee waiver request; empty until decided.",
    )
    fee_total_cents = models.PositiveIntegerField(default=0)
    fee_hold = models.OneToOneField(
        "payments.LedgerEntry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="envelope",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["prepared_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="one_envelope_per_idempotency_key",
            ),
            models.CheckConstraint(
                condition=Q(case__isnull=False) | Q(case_type__isnull=False),
                name="envelope_has_case_or_case_type",
            ),
        ]

    def __str__(self):
        return self.confirmation_number or f"draft {self.public_id}"

    @property
    def awaits_fee_payment(self) -> bool:
        """The clerk denied the fee waiver and the filer has not paid yet: the envelope waits
        for the filer's payment or withdrawal, and no filing of it can be accepted."""
        return (
            self.fee_waiver_decision == "denied"
            and self.fee_hold_id is None
            and self.fee_total_cents > 0
        )

    @property
    def is_new_case(self) -> bool:
        return self.case_id is None and not self.case_number

    @property
    def names_unseen_case(self) -> bool:
        """Filed into a case by number only: a case the filer may not see, or none at all."""
        return self.case_id is None and bool(self.case_number)

    @property
    def non_public_reason(self) -> str:
        """Why what is shown of this envelope (its caption, parties, case) is not public: it
        files into a confidential or sealed case, or opens a case of a confidential type; ""
        when it is public."""
        if self.case_id is not None:
            level = self.case.security_level
            return "" if level == "public" else f"{level} case"
        if self.case_type is not None and self.case_type.confidential:
            return "new case of a confidential type"
        return ""

    @property
    def case_label(self) -> str:
        """What the filer's pages, receipts and API say the envelope is filed into: a new case's
        caption, a visible case's number and caption, or only the number the filer typed."""
        if self.is_new_case:
            return f"New case: {self.caption} ({self.case_type.name})"
        if self.case_id is None:
            return f"Case {self.case_number}"
        return f"{self.case.number} {self.case.caption}"


class Filing(models.Model):
    """One lead document and its attachments, docketed as one entry when accepted."""

    envelope = models.ForeignKey(Envelope, on_delete=models.CASCADE, related_name="filings")
    position = models.PositiveSmallIntegerField()
    filing_code = models.ForeignKey(
        "courts.FilingCode", on_delete=models.PROTECT, related_name="filings"
    )
    description = models.CharField(max_length=200, blank=True)
    responds_to = models.ForeignKey(
        "docket.DocketEntry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responses",
        help_text="The earlier docket entry of the case this filing responds to, if any.",
    )
    appearing_for = models.ManyToManyField(
        "cases.Party",
        blank=True,
        related_name="appearance_filings",
        help_text="An entry of appearance: the parties of the case it is made for (represented "
        "by the signer once accepted).",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    status_changed_at = models.DateTimeField()
    fee_cents = models.PositiveIntegerField(default=0)
    review_reason = models.TextField(blank=True, help_text="Why it was rejected or returned.")

    class Meta:
        ordering = ["envelope", "position"]
        constraints = [
            models.UniqueConstraint(fields=["envelope", "position"], name="filing_position")
        ]

    def __str__(self):
        return f"{self.filing_code.name} in {self.envelope}"


class Document(models.Model):
    """A stored PDF: uploaded into a filing by its filer, or put straight on a docket by the
    court (a scanned paper filing, an order). Once docketed it belongs to its docket entry."""

    class Kind(models.TextChoices):
        LEAD = "lead", "Lead document"
        ATTACHMENT = "attachment", "Attachment (exhibit)"
        CONFIDENTIAL_SHEET = "confidential_sheet", "Confidential information sheet"

    filing = models.ForeignKey(
        Filing,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
        help_text="Empty for a document the court put on the docket itself.",
    )
    docket_entry = models.ForeignKey(
        "docket.DocketEntry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        help_text="Set once the document is on a docket.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    original_name = models.CharField(
        max_length=255, help_text="As the filer named it; display only."
    )
    storage_name = models.CharField(max_length=300, unique=True, help_text="Chosen by the server.")
    size = models.PositiveBigIntegerField(help_text="Bytes of the file the court keeps.")
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the file the court keeps.")
    received_size = models.PositiveBigIntegerField(help_text="Bytes of the file as received.")
    received_sha256 = models.CharField(
        max_length=64,
        help_text="SHA-256 of the file as received: differs from sha256 when the court keeps a "
        "cleaned copy.",
    )
    page_count = models.PositiveIntegerField()
    text_searchable = models.BooleanField()
    cleaned = models.BooleanField(default=False, help_text="Active content was removed on upload.")
    notes = models.JSONField(
        default=list, help_text="What the checks found and did, for the filer."
    )
    redaction_findings = models.JSONField(default=list)
    redaction_confirmed = models.BooleanField(
        default=False, help_text="The filer confirmed the document is properly redacted."
    )
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()
    stamped_storage_name = models.CharField(
        max_length=300, blank=True, help_text="The file-stamped version made on acceptance."
    )
    stamped_sha256 = models.CharField(max_length=64, blank=True)

    stored_file_fields = ("storage_name", "stamped_storage_name")  # for the storage sweep

    class Meta:
        ordering = ["filing", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(filing__isnull=False) | Q(docket_entry__isnull=False),
                name="document_in_filing_or_on_docket",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def kept_differs(self) -> bool:
        """True when the court keeps other bytes than it received (a cleaned copy)."""
        return self.received_sha256 != self.sha256


class StatusChange(models.Model):
    """The history of every status an envelope or filing took, written with the change."""

    envelope = models.ForeignKey(Envelope, on_delete=models.CASCADE, related_name="status_changes")
    filing = models.ForeignKey(
        Filing, null=True, blank=True, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status} -> {self.to_status}"


class ServiceRequest(models.Model):
    """With a new case's envelope: how one of its parties is to be served with a summons
    (issue 14): by the sheriff of a county, by a named special process server (with the
    request to appoint them), by certified mail or by publication. Written by
    efiling.filings.service_requests; once the clerk accepts the case, the service app issues
    a summons for it (efiling.service.summons)."""

    envelope = models.ForeignKey(
        Envelope, on_delete=models.CASCADE, related_name="service_requests"
    )
    party = models.OneToOneField(
        "cases.Party", on_delete=models.CASCADE, related_name="service_request"
    )
    manner = models.CharField(max_length=24, choices=ServiceManner.choices)
    county = models.CharField(
        max_length=60, blank=True, help_text="Service by sheriff: the county whose sheriff serves."
    )
    process_server = models.CharField(
        "special process server", max_length=120, blank=True, help_text="Their full name."
    )
    appointment_request = models.CharField(
        max_length=1000,
        blank=True,
        help_text="Service by special process server: why the filer asks that they be appointed "
        "(their qualification, Rule 54.13(a)).",
    )
    fee_cents = models.PositiveIntegerField(
        default=0, help_text="The court's fee for this service, fixed at submission."
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["envelope", "pk"]

    def __str__(self):
        return f"Service by {self.get_manner_display().lower()} on {self.party}"
