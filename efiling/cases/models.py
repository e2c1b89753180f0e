"""Cases and who represents whom in them. The filing issue adds parties and the new-case path;
the court side adds numbering and the docket. Rows here are the base both build on."""

from django.db import models
from django.db.models import Q

from efiling.cases.names import search_name_of


class SecurityLevel(models.TextChoices):
    PUBLIC = "public", "Public"
    CONFIDENTIAL = "confidential", "Confidential"
    SEALED = "sealed", "Sealed"


class CaseStatus(models.TextChoices):
    """Case.net's two states of a case: pending, or disposed (by a judgment or a dismissal)."""

    OPEN = "open", "Open"
    DISPOSED = "disposed", "Disposed"


class Disposition(models.TextChoices):
    """How a case was disposed, in Case.net's disposition words; blank while it is open."""

    NONE = "", "Not disposed"
    JUDGMENT = "judgment", "Judgment"
    DISMISSED_BY_COURT = "dismissed_by_court", "Dismissed by the court"
    DISMISSED_BY_PARTIES = "dismissed_by_parties", "Dismissed by the parties (voluntary)"
    TRANSFERRED = "transferred", "Transferred to another court"


class Case(models.Model):
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="cases")
    case_type = models.ForeignKey("courts.CaseType", on_delete=models.PROTECT, related_name="cases")
    number = models.CharField(
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text="Assigned when the clerk accepts the case (e.g. 26SL-CC00001).",
    )
    caption = models.CharField(max_length=300, help_text="Short title, e.g. Smith v. Jones.")
    security_level = models.CharField(
        max_length=16, choices=SecurityLevel.choices, default=SecurityLevel.PUBLIC
    )
    created_at = models.DateTimeField()
    assigned_judge = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
        help_text="A judge of the case's court, assigned by its clerk.",
    )
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    disposition = models.CharField(
        max_length=24, choices=Disposition.choices, default=Disposition.NONE, blank=True
    )
    disposed_at = models.DateTimeField(null=True, blank=True)
    expunged_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Closed by an expungement order (RSMo 610.140): on no public surface.",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["court", "created_at"], name="case_court_created"),
            models.Index(fields=["created_at"], name="case_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="open") & Q(disposition="") & Q(disposed_at__isnull=True))
                | (Q(status="disposed") & ~Q(disposition="") & Q(disposed_at__isnull=False)),
                name="case_disposition_matches_status",
            )
        ]

    def __str__(self):
        return f"{self.number or 'unnumbered case'} {self.caption}"


class CounselOfRecord(models.Model):
    """A Missouri attorney of record in a case, or a self-represented litigant appearing for
    themselves. Notices go to them until they withdraw."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="counsel")
    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="appearances")
    since = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["since"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_active_appearance_per_case",
            )
        ]

    def __str__(self):
        return f"{self.user} in {self.case}"


class ProHacViceAdmission(models.Model):
    """The court admits an out-of-state attorney for one case, in coordination with a Missouri
    attorney of record there, who receives every notice too."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pro_hac_vice_admissions")
    attorney = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="pro_hac_vice_admissions"
    )
    sponsor = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="pro_hac_vice_sponsorships",
        help_text="The Missouri attorney of record the admission is linked to.",
    )
    admitted_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="pro_hac_vice_admitted"
    )
    admitted_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "attorney"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_admission_per_case",
            )
        ]

    def __str__(self):
        return f"{self.attorney} pro hac vice in {self.case}"


class Party(models.Model):
    """A party to a case. A new case's parties are written with its envelope (proposed_in) and
    join the case when the clerk accepts it. Addresses are confidential: only the court and the
    parties' attorneys see them, never the public."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organization"

    class PartyRole(models.TextChoices):
        PETITIONER = "petitioner", "Petitioner"
        RESPONDENT = "respondent", "Respondent"
        PLAINTIFF = "plaintiff", "Plaintiff"
        DEFENDANT = "defendant", "Defendant"
        APPELLANT = "appellant", "Appellant"
        APPELLEE = "appellee", "Appellee"
        INTERESTED_PARTY = "interested_party", "Interested party"

    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="parties"
    )
    proposed_in = models.ForeignKey(
        "filings.Envelope", null=True, blank=True, on_delete=models.CASCADE, related_name="parties"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    role = models.CharField(max_length=20, choices=PartyRole.choices)
    first_name = models.CharField(max_length=60, blank=True)
    middle_name = models.CharField(max_length=60, blank=True)
    last_name = models.CharField(max_length=60, blank=True)
    organization_name = models.CharField(max_length=60, blank=True)
    address_line1 = models.CharField(max_length=100, blank=True)
    address_line2 = models.CharField(max_length=100, blank=True)
    city = models.CharField(max_length=60, blank=True)
    state = models.CharField(max_length=2, blank=True)
    postal_code = models.CharField(max_length=10, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="A person's year of birth (optional): all of a birth date the public sees.",
    )
    represented_by = models.ManyToManyField(
        "accounts.User", blank=True, related_name="represented_parties"
    )
    # The search forms (efiling.cases.names) that a name search reads, computed by the database
    # on every write: the name (an organization's, or a person's last name) and the first name.
    # On PostgreSQL one btree index holds both, the year of birth and the case (cases.0007).
    name_key = models.GeneratedField(
        expression=search_name_of(
            models.Case(
                models.When(kind="organization", then=models.F("organization_name")),
                default=models.F("last_name"),
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
    )
    first_name_key = models.GeneratedField(
        expression=search_name_of("first_name"),
        output_field=models.TextField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=False) | Q(proposed_in__isnull=False),
                name="party_belongs_to_case_or_envelope",
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == self.Kind.ORGANIZATION:
            return self.organization_name
        return " ".join(p for p in [self.first_name, self.middle_name, self.last_name] if p)
