"""Users of the system. A person signs in with an e-mail address; their role decides what they
may do (efiling.accounts.permissions will hold the one role -> permission matrix)."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models

from efiling.accounts.counties import county_problem


class Role(models.TextChoices):
    ATTORNEY = "attorney", "Attorney"
    PRO_HAC_VICE = "pro_hac_vice", "Pro hac vice attorney"
    STAFF = "staff", "Staff (paralegal)"
    CLERK = "clerk", "Clerk"
    JUDGE = "judge", "Judge"
    COURT_ADMINISTRATOR = "court_administrator", "Court administrator"
    HELP_DESK = "help_desk", "Help desk"
    SELF_REPRESENTED = "self_represented", "Self-represented litigant"
    SHERIFF = "sheriff", "Sheriff's office"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **fields):
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        fields.setdefault("role", Role.COURT_ADMINISTRATOR)
        return self._create(email, password, **fields)


class BarStatus(models.TextChoices):
    GOOD_STANDING = "good_standing", "Good standing"
    INACTIVE = "inactive", "Inactive"
    SUSPENDED = "suspended", "Suspended"
    DISBARRED = "disbarred", "Disbarred"
    DECEASED = "deceased", "Deceased"


class BarMember(models.Model):
    """One row of the Missouri bar roster, as imported by a court administrator."""

    bar_number = models.CharField("Missouri bar number", max_length=10, unique=True)
    first_name = models.CharField(max_length=60)
    middle_name = models.CharField(max_length=60, blank=True)
    last_name = models.CharField(max_length=60)
    suffix = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=16, choices=BarStatus.choices)
    admitted_on = models.DateField("admission date", null=True, blank=True)
    phone = models.CharField(
        max_length=30,
        blank=True,
        help_text="The roster's phone number: the help desk calls it back to check an "
        "attorney's identity (efiling.helpdesk.tools).",
    )
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["last_name", "first_name", "bar_number"]

    def __str__(self):
        status = self.get_status_display()
        return f"{self.first_name} {self.last_name} (bar no. {self.bar_number}, {status})"

    @property
    def in_good_standing(self) -> bool:
        return self.status == BarStatus.GOOD_STANDING


class RosterImport(models.Model):
    """One import of the roster file, with its report (rows added, changed, refused and why)."""

    imported_by = models.ForeignKey("User", null=True, blank=True, on_delete=models.SET_NULL)
    imported_at = models.DateTimeField()
    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self):
        return f"Roster import {self.file_name} at {self.imported_at:%Y-%m-%d %H:%M}"


class NoticeMail(models.TextChoices):
    """How a user's notices reach them by e-mail (they are always in the app's inbox)."""

    AT_ONCE = "at_once", "Each notice by e-mail at once"
    DIGEST = "digest", "One e-mail a day listing the day's notices"
    IN_APP = "in_app", "No e-mail: notices in the app only"


class User(AbstractUser):
    username = None
    email = models.EmailField("e-mail address", unique=True)
    role = models.CharField(max_length=32, choices=Role.choices)
    phone = models.CharField(max_length=30, blank=True)
    address_line1 = models.CharField("address", max_length=100, blank=True)
    address_line2 = models.CharField("address (line 2)", max_length=100, blank=True)
    city = models.CharField(max_length=60, blank=True)
    state = models.CharField(max_length=2, blank=True)
    postal_code = models.CharField("ZIP code", max_length=10, blank=True)
    bar_member = models.OneToOneField(
        BarMember,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="user",
        help_text="Missouri attorneys: their roster row, whose status decides filing rights.",
    )
    home_state = models.CharField(
        "home state (pro hac vice)", max_length=2, blank=True, help_text="Two-letter code."
    )
    home_bar_number = models.CharField("home state bar number", max_length=20, blank=True)
    county = models.CharField(
        "county (sheriff's office)",
        max_length=60,
        blank=True,
        help_text="A sheriff's office account: the county it serves process in, as the circuit "
        "courts name it (e.g. St. Louis County). It sees the summonses to serve there, "
        "whichever court issued them.",
    )
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    # Bumped to end every session of the user at once ("sign out everywhere").
    session_epoch = models.PositiveIntegerField(default=0)
    # Encrypted (efiling.core.secrets_at_rest): a database copy alone cannot make codes.
    totp_secret = models.CharField(max_length=255, blank=True)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)
    totp_last_step = models.BigIntegerField(default=0)
    second_factor_due_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="A filer without a second factor may sign in without one until then (the "
        "grace period of an account that existed when filers' second factor became required); "
        "empty: from the first sign-in.",
    )
    notice_mail = models.CharField(
        "notices by e-mail", max_length=10, choices=NoticeMail.choices, default=NoticeMail.AT_ONCE
    )
    notice_digest_hour = models.PositiveSmallIntegerField(
        "hour of the daily digest",
        default=7,
        help_text="0-23, Central time (EFILING_DEFAULT_TIME_ZONE).",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name", "role"]

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return f"{self.get_full_name() or self.email} ({self.get_role_display()})"

    def clean(self):
        """Model validation (the admin, ModelForms): a sheriff's office account names one of
        Missouri's counties, another account none (efiling.accounts.counties)."""
        super().clean()
        problem = county_problem(self.county, sheriff=self.role == Role.SHERIFF)
        if problem:
            raise ValidationError({"county": problem})

    def get_session_auth_hash(self):
        """Sessions carry this hash; it changes with the password and with session_epoch."""
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "efiling.accounts.User.session",
            f"{self.password}:{self.session_epoch}",
            algorithm="sha256",
        ).hexdigest()

    @property
    def has_two_factor(self) -> bool:
        return self.totp_confirmed_at is not None

    @property
    def signature_block(self) -> str:
        """The block under "/s/ Name" on a filing (domain.md, Filing)."""
        lines = [f"/s/ {self.get_full_name()}", self.get_full_name()]
        if self.bar_member_id:
            lines.append(f"Missouri Bar No. {self.bar_member.bar_number}")
        elif self.home_bar_number:
            lines.append(f"{self.home_state} Bar No. {self.home_bar_number} (pro hac vice)")
        address = ", ".join(p for p in [self.address_line1, self.address_line2] if p)
        place = " ".join(
            p for p in [f"{self.city}," if self.city else "", self.state, self.postal_code] if p
        )
        lines += [line for line in [address, place.strip(), self.phone, self.email] if line]
        return "\n".join(lines)


class NoticeEmail(models.Model):
    """An extra address that receives copies of the user's notices, once confirmed."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notice_emails")
    email = models.EmailField()
    created_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "email"], name="one_notice_email_per_user")
        ]

    def __str__(self):
        return self.email


class RecoveryCode(models.Model):
    """A one-time code that replaces the authenticator app once; stored hashed."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"recovery code of {self.user_id}"


class StaffDelegation(models.Model):
    """An attorney lets a staff account prepare and submit filings under the attorney's name."""

    attorney = models.ForeignKey(User, on_delete=models.CASCADE, related_name="staff_delegations")
    staff = models.ForeignKey(User, on_delete=models.CASCADE, related_name="delegations_received")
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["attorney", "staff"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_delegation_per_pair",
            )
        ]

    def __str__(self):
        return f"{self.staff} for {self.attorney}"


class CourtAssignment(models.Model):
    """Which courts a clerk or judge works in."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="court_assignments")
    court = models.ForeignKey("courts.Court", on_delete=models.CASCADE, related_name="assignments")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "court"], name="one_assignment_per_court")
        ]

    def __str__(self):
        return f"{self.user} at {self.court.code}"


class ApiToken(models.Model):
    """A personal token for the JSON API; only its SHA-256 is stored, the token is shown once."""

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        FILE = "file", "Read and file"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    scope = models.CharField(max_length=8, choices=Scope.choices)
    prefix = models.CharField(max_length=12, help_text="The first characters, to recognise it.")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}...)"


class SignInFailure(models.Model):
    """A failed sign-in, counted per account and per address to slow down and lock guessing."""

    key = models.CharField(max_length=200, db_index=True)
    at = models.DateTimeField(db_index=True)
    # The account tried (lower-case e-mail), so that unlocking an account also clears the
    # failures its attempts counted against their address (efiling.accounts.signin).
    account = models.CharField(max_length=254, blank=True, default="", db_index=True)

    def __str__(self):
        return f"{self.key} at {self.at:%Y-%m-%d %H:%M:%S}"
