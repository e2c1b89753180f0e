"""Users of the system. A person signs in with an e-mail address; their role decides what they
may do (efiling.accounts.permissions will hold the one role -> permission matrix)."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models


class Role(models.TextChoices):
    ATTORNEY = "attorney", "Attorney"
    PRO_HAC_VICE = "pro_hac_vice", "Pro hac vice attorney"
    STAFF = "staff", "Staff (paralegal)"
    CLERK = "clerk", "Clerk"
    JUDGE = "judge", "Judge"
    COURT_ADMINISTRATOR = "court_administrator", "Court administrator"
    HELP_DESK = "help_desk", "Help desk"
    SELF_REPRESENTED = "self_represented", "Self-represented litigant"


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


class User(AbstractUser):
    username = None
    email = models.EmailField("e-mail address", unique=True)
    role = models.CharField(max_length=32, choices=Role.choices)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name", "role"]

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return f"{self.get_full_name() or self.email} ({self.get_role_display()})"
