"""Courts, the case types they accept, their filing policy and their calendar, all as data."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

MEGABYTE = 1024 * 1024

location_code_validator = RegexValidator(
    r"^[A-Z0-9]{2,3}$", "A location code is two or three capital letters or digits."
)


class CaseType(models.Model):
    class Level(models.TextChoices):
        CIRCUIT = "circuit", "Circuit"
        APPELLATE = "appellate", "Appellate"

    code = models.CharField(
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", "A case type code is two capital letters.")],
    )
    name = models.CharField(max_length=80)
    level = models.CharField(max_length=16, choices=Level.choices, default=Level.CIRCUIT)
    confidential = models.BooleanField(
        default=False,
        help_text="Cases of this type are hidden from public search (juvenile, adoption, ...).",
    )
    protection_order = models.BooleanField(
        default=False,
        help_text="Protection-order cases: never shown to the public online (18 U.S.C. "
        "2265(d)(3)).",
    )
    file_digest = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="SHA-256 of the values the data file last gave this row: a row that no longer "
        "matches it was edited by an administrator, and a reload leaves it alone.",
    )

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Court(models.Model):
    class Kind(models.TextChoices):
        SUPREME = "supreme", "Supreme Court"
        APPEALS = "appeals", "Court of Appeals"
        CIRCUIT = "circuit", "Circuit court"

    class District(models.TextChoices):
        EASTERN = "eastern", "Eastern District"
        WESTERN = "western", "Western District"
        SOUTHERN = "southern", "Southern District"

    code = models.CharField(
        "location code", max_length=3, unique=True, validators=[location_code_validator]
    )
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    circuit = models.PositiveSmallIntegerField("judicial circuit", null=True, blank=True)
    county = models.CharField(max_length=60, blank=True)
    seat = models.CharField("seat", max_length=60, blank=True)
    appellate_district = models.CharField(max_length=16, choices=District.choices, blank=True)
    time_zone = models.CharField(max_length=64, default="America/Chicago")
    efiling_participating = models.BooleanField("participates in e-filing", default=False)
    efiling_since = models.DateField("e-filing since", null=True, blank=True)
    case_types = models.ManyToManyField(CaseType, related_name="courts", blank=True)
    file_digest = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="SHA-256 of the values the data file last gave this row: a row that no longer "
        "matches it was edited by an administrator, and a reload leaves it alone.",
    )

    class Meta:
        ordering = ["circuit", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="circuit", circuit__isnull=False) | ~Q(kind="circuit"),
                name="circuit_court_has_circuit",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def clean(self):
        from django.core.exceptions import ValidationError

        from efiling.core import clock

        try:
            clock.zone(self.time_zone)
        except ValueError as exc:
            raise ValidationError({"time_zone": str(exc)}) from exc


# Missouri Supreme Court Rule 54.21 (Time for Service and Return): process that cannot be served
# "shall be returned to the court within thirty days after the date of issue ...; provided,
# however, that the time for service thereof may be extended up to ninety days from the date of
# issue by order of the court." The default of CourtPolicy.summons_return_days, and its bound.
SUMMONS_RETURN_DAYS = 30
SUMMONS_RETURN_DAYS_MAX = 90


def default_accepted_formats() -> list[str]:
    return ["application/pdf"]


class CourtPolicy(models.Model):
    """A court's filing policy in OASIS ECF terms (GetPolicy). Every limit is read from here."""

    court = models.OneToOneField(Court, on_delete=models.CASCADE, related_name="policy")
    maximum_allowed_attachment_size = models.PositiveBigIntegerField(
        "maximum attachment size (bytes)",
        default=7 * MEGABYTE,
        validators=[MinValueValidator(1)],
        help_text="ECF MaximumAllowedAttachmentSize: the largest single document.",
    )
    maximum_allowed_message_size = models.PositiveBigIntegerField(
        "maximum submission size (bytes)",
        default=21 * MEGABYTE,
        validators=[MinValueValidator(1)],
        help_text="ECF MaximumAllowedMessageSize: all documents of one submission together.",
    )
    accepted_document_formats = models.JSONField(
        default=default_accepted_formats,
        help_text='Media types accepted, e.g. ["application/pdf"].',
    )
    maximum_documents_per_submission = models.PositiveSmallIntegerField(
        default=50, validators=[MinValueValidator(1)]
    )
    maximum_party_name_length = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(1)]
    )
    maximum_page_count = models.PositiveIntegerField(
        "maximum pages per document",
        default=2_000,
        validators=[MinValueValidator(1)],
        help_text="The most pages one document may have. Counted at upload from the page tree, "
        "before anything else is read, so a file that declares more is refused at once.",
    )
    text_searchable_required = models.BooleanField(
        default=False,
        help_text="Refuse documents without a text layer (otherwise the filer is only warned).",
    )
    fee_waiver_requests_accepted = models.BooleanField(
        default=True, help_text="Filers may ask the clerk to waive fees (in forma pauperis)."
    )
    redaction_check = models.BooleanField(
        default=True, help_text="Warn filers of apparent unredacted personal data (Rule 55.025)."
    )
    deadline_reminder_business_days = models.PositiveSmallIntegerField(
        default=3,
        validators=[MaxValueValidator(30)],
        help_text="Counsel of record are reminded of a deadline this many business days before "
        "it (0: no reminder before it; they are still told when it passes unanswered).",
    )

    summons_return_days = models.PositiveSmallIntegerField(
        "summons return period (days)",
        default=SUMMONS_RETURN_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(SUMMONS_RETURN_DAYS_MAX)],
        help_text="A summons is served and returned within this many days after its issue, "
        "counted under Rule 44.01(a); unserved after it, it has expired and the clerk may issue "
        "an alias summons (Rule 54.21: 30 days; a court's order may extend it up to 90).",
    )

    class Meta:
        verbose_name_plural = "court policies"

    def __str__(self):
        return f"Policy of {self.court}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.maximum_allowed_attachment_size > self.maximum_allowed_message_size:
            raise ValidationError(
                "The attachment limit cannot be larger than the submission limit."
            )
        if not self.accepted_document_formats:
            raise ValidationError({"accepted_document_formats": "Accept at least one format."})


class Holiday(models.Model):
    """A day a court does not count (Rule 44.01(a)): a statewide legal holiday (no court) or a
    closure day of one court, which counts as a legal holiday for that court."""

    class Kind(models.TextChoices):
        LEGAL = "legal", "Legal holiday (RSMo 9.010)"
        CLOSURE = "closure", "Court closure"

    date = models.DateField()
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.CLOSURE)
    court = models.ForeignKey(
        Court,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="holidays",
        help_text="Empty: every court (statewide). Set: that court only.",
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"],
                condition=Q(court__isnull=True),
                name="one_statewide_holiday_per_day",
            ),
            models.UniqueConstraint(
                fields=["court", "date"],
                condition=Q(court__isnull=False),
                name="one_closure_per_court_day",
            ),
        ]

    def __str__(self):
        where = self.court.code if self.court_id else "statewide"
        return f"{self.date.isoformat()} {self.name} ({where})"


class HolidayYear(models.Model):
    """Marks a year whose statutory holidays were generated, so edits and deletions stick."""

    year = models.PositiveSmallIntegerField(unique=True)
    generated_at = models.DateTimeField()

    def __str__(self):
        return str(self.year)


class ServiceManner(models.TextChoices):
    """How a party is served with a summons (service of process, issue 14). The manners are
    the law's; what each costs and the answer period it starts are court data
    (FilingCode.service_of_process)."""

    SHERIFF = "sheriff", "Sheriff"
    SPECIAL_PROCESS_SERVER = "special_process_server", "Special process server"
    CERTIFIED_MAIL = "certified_mail", "Certified mail"
    PUBLICATION = "publication", "Publication"


class FilingCode(models.Model):
    """A kind of document a court accepts (ECF filing code), for one case type or all of the
    court's types, with its fee and the docket text its acceptance writes."""

    court = models.ForeignKey(Court, on_delete=models.CASCADE, related_name="filing_codes")
    case_type = models.ForeignKey(
        CaseType,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="filing_codes",
        help_text="Empty: every case type of the court.",
    )
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=120)
    initiating = models.BooleanField(
        default=False, help_text="Starts a new case (a petition); otherwise files into a case."
    )
    fee_cents = models.PositiveIntegerField("fee (cents)", default=0)
    docket_text_template = models.CharField(
        max_length=300,
        help_text="Docket text on acceptance; may use {filer}, {parties}, {description}.",
    )
    follow_up_deadlines = models.JSONField(
        default=list,
        blank=True,
        help_text=(
            'Deadlines this filing sets once served, e.g. [{"title": "Response to motion due", '
            '"days": 10}]: days after service, counted under Rule 44.01(a).'
        ),
    )
    service_of_process = models.JSONField(
        default=dict,
        blank=True,
        help_text=(
            "For a petition: the manners of service of process the court offers with it, each "
            'with its fee and the answer period it starts, e.g. {"sheriff": {"fee_cents": 5000, '
            '"answer_days": 30}, "publication": {"fee_cents": 0, "answer_days": 45, "runs_from": '
            '"first publication"}}: days counted under Rule 44.01(a) from the service date the '
            "return records (for publication, the date of first publication)."
        ),
    )
    proposed_order = models.BooleanField(
        default=False,
        help_text="A proposed order: once accepted, its lead document waits in the judge's "
        "queue for signature.",
    )
    served = models.BooleanField(
        default=True,
        help_text="Filing it serves the other side (domain.md, Service). Off for ex parte filings "
        "and motions for leave to file under seal: they reach only the court, and set no "
        "follow-up deadlines.",
    )
    serve_only = models.BooleanField(
        default=False,
        help_text="Served on the parties, not filed with the court (in Missouri, discovery: "
        "interrogatories, requests for production or admissions, notices of deposition): "
        "only a serve-only envelope takes it, and it never reaches the clerk or the docket.",
    )
    active = models.BooleanField(default=True)
    file_digest = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="SHA-256 of the values the data file last gave this row: a row that no longer "
        "matches it was edited by an administrator, and a reload leaves it alone.",
    )

    class Meta:
        ordering = ["court", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["court", "case_type", "code"], name="one_filing_code_per_court_type"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"


class PublicTerminal(models.Model):
    """A courthouse public terminal (efiling.courts.terminals): a machine in a court's building
    on which anyone may read the stamped documents of public cases. It is recognised by the
    client's address falling in one of `networks` (CIDR texts, IPv4 or IPv6), or by a device
    cookie whose SHA-256 is `device_token_sha256` (the token itself is never kept). Revoking
    sets `active` off: an inactive terminal is recognised by nothing."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="public_terminals")
    name = models.CharField(max_length=120)
    location = models.CharField(
        max_length=200, help_text="Where in the courthouse, as the public case page says it."
    )
    networks = models.JSONField(
        default=list, blank=True, help_text="CIDR networks, e.g. ['192.0.2.0/28']."
    )
    device_token_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    device_enrolled_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["court", "name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.court.code})"
