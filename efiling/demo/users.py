"""Demo users, one per role and a system administrator, for the embedded mode. Passwords are
random per installation, printed on start and kept in <data>/demo-users.txt (readable by the
owner only)."""

from __future__ import annotations

import os
import secrets
from datetime import time
from pathlib import Path

from django.conf import settings
from django.db import transaction

from efiling.accounts.models import BarMember, CourtAssignment, Role, StaffDelegation, User
from efiling.accounts.roster import roster_import
from efiling.accounts.signin import second_factor_grace_start
from efiling.audit.services import audit_record
from efiling.cases.disposition import case_judge_assign
from efiling.cases.models import Case, CounselOfRecord, Party
from efiling.cases.numbering import case_number_assign
from efiling.core import clock
from efiling.courts.models import CaseType, Court
from efiling.docket.services import minute_entry_add

DEMO_DOMAIN = "demo.efiling.test"
DEMO_ROSTER = Path(__file__).resolve().parent / "data" / "demo_roster.csv"
DEMO_ATTORNEY_BAR_NUMBER = "61001"
# Opposing counsel in the demo case: the other side that filing through the system serves.
DEMO_OPPOSING_COUNSEL = "opposing.counsel"
DEMO_BAR_NUMBERS = {"attorney": DEMO_ATTORNEY_BAR_NUMBER, DEMO_OPPOSING_COUNSEL: "61005"}
DEMO_CASE_CAPTION = "Lawson v. Acme Roofing, LLC"
DEMO_COURT = "SL"
# The demo courtrooms and their hours (weekday: opens, closes; court-local): Division 2 sits
# mornings only on Fridays.
_WEEKDAYS_8_TO_5 = {day: (time(8, 0), time(17, 0)) for day in range(5)}
DEMO_COURTROOMS = {
    "Division 1": _WEEKDAYS_8_TO_5,
    "Division 2": {**_WEEKDAYS_8_TO_5, 4: (time(8, 0), time(12, 0))},
}
DEMO_DEPOSIT_CENTS = 100_000  # $1,000 in the demo attorney's payment account
# (the e-mail address's local part, role, first name, last name): one user per role, and a
# system administrator, the one demo user with the whole system's reach and the Django admin
# (efiling.accounts.permissions.is_system_administrator: a court administrator account that
# is a superuser).
DEMO_SYSTEM_ADMINISTRATOR = "system.administrator"
DEMO_PEOPLE = [
    ("attorney", Role.ATTORNEY, "Alice", "Attorney"),
    (DEMO_OPPOSING_COUNSEL, Role.ATTORNEY, "Oliver", "Opposing"),
    ("pro.hac.vice", Role.PRO_HAC_VICE, "Peter", "Hacvice"),
    ("staff", Role.STAFF, "Sam", "Staff"),
    ("clerk", Role.CLERK, "Clara", "Clerk"),
    ("judge", Role.JUDGE, "Jude", "Judge"),
    ("court.administrator", Role.COURT_ADMINISTRATOR, "Ada", "Administrator"),
    (DEMO_SYSTEM_ADMINISTRATOR, Role.COURT_ADMINISTRATOR, "Sid", "Sysadmin"),
    ("help.desk", Role.HELP_DESK, "Hal", "Helpdesk"),
    ("self.represented", Role.SELF_REPRESENTED, "Sally", "Selfrep"),
    ("sheriff", Role.SHERIFF, "Shelby", "Sheriff"),
]
# Who works in the demo court: its clerk, judge and court administrator (the system
# administrator reaches every court without an assignment).
DEMO_COURT_PEOPLE = ("clerk", "judge", "court.administrator")


def demo_credentials_path() -> Path:
    return Path(settings.DATA_DIR) / "demo-users.txt"


def _demo_password() -> str:
    return "-".join(secrets.token_hex(3) for _ in range(4))


def demo_users_ensure() -> list[tuple[str, str, str]]:
    """Create the demo users that are missing; return (role, e-mail, password) for every demo
    user whose password is known (those created now or recorded at an earlier start)."""
    path = demo_credentials_path()
    known = {}
    if path.exists():
        for line in path.read_text().splitlines():
            role, email, password = line.split("\t")
            known[email] = (role, email, password)
    with transaction.atomic():
        roster_import(data=DEMO_ROSTER.read_bytes(), file_name=DEMO_ROSTER.name, channel="cli")
        for local, role, first, last in DEMO_PEOPLE:
            email = f"{local}@{DEMO_DOMAIN}"
            if User.objects.filter(email=email).exists():
                continue
            password = _demo_password()
            system = local == DEMO_SYSTEM_ADMINISTRATOR
            user = User.objects.create_user(
                email,
                password,
                first_name=first,
                last_name=last,
                role=role,
                is_staff=system,
                is_superuser=system,
                email_confirmed_at=clock.now(),
                bar_member=BarMember.objects.get(bar_number=DEMO_BAR_NUMBERS[local])
                if role == Role.ATTORNEY
                else None,
                home_state="KS" if role == Role.PRO_HAC_VICE else "",
                home_bar_number="KS-20417" if role == Role.PRO_HAC_VICE else "",
                county=_demo_county() if role == Role.SHERIFF else "",
            )
            audit_record(action="user.created", target=user, channel="cli", details={"demo": True})
            known[email] = ("System administrator" if system else role.label, email, password)
        # The demo's filers are existing accounts: they sign in with a reminder to set up
        # their second factor (court staff set theirs up at the first sign-in).
        second_factor_grace_start(users=User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}"))
        _demo_relations()
        _demo_case()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write("".join("\t".join(row) + "\n" for row in known.values()))
    return list(known.values())


def _demo_county() -> str:
    """The demo court's county: the demo sheriff's office serves there."""
    court = Court.objects.filter(code=DEMO_COURT).first()
    return court.county if court else ""


def _demo_relations() -> None:
    """The demo clerk, judge and court administrator work in one court; the demo staff files
    for the demo attorney, so every role's home shows something."""
    users = {
        u.email.split("@")[0]: u for u in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")
    }
    court = Court.objects.filter(code=DEMO_COURT).first()
    if court is not None:
        from efiling.scheduling.models import Courtroom, CourtroomHours

        for name, hours in DEMO_COURTROOMS.items():
            room, _ = Courtroom.objects.get_or_create(court=court, name=name)
            if not room.hours.exists():
                CourtroomHours.objects.bulk_create(
                    CourtroomHours(courtroom=room, weekday=day, opens=opens, closes=closes)
                    for day, (opens, closes) in hours.items()
                )
        for local in DEMO_COURT_PEOPLE:
            if local in users:
                CourtAssignment.objects.get_or_create(
                    user=users[local], court=court, defaults={"created_at": clock.now()}
                )
    attorney, staff = users.get("attorney"), users.get("staff")
    if attorney is not None:
        from efiling.payments.models import LedgerEntry
        from efiling.payments.services import deposit, payment_account_for

        account = payment_account_for(attorney)
        if not LedgerEntry.objects.filter(account=account, kind=LedgerEntry.Kind.DEPOSIT).exists():
            deposit(account=account, amount_cents=DEMO_DEPOSIT_CENTS, reference="demo deposit")
    if (
        attorney
        and staff
        and not StaffDelegation.objects.filter(attorney=attorney, staff=staff).exists()
    ):
        StaffDelegation.objects.create(attorney=attorney, staff=staff, created_at=clock.now())


def _demo_case() -> None:
    """A case of the demo court with counsel on both sides, so that filing into it shows
    electronic service: Alice Attorney for the plaintiff, Oliver Opposing for Acme Roofing,
    and a co-defendant without counsel, whom the filer serves conventionally. Numbered as an
    accepted case is, its judge assigned by the clerk; the people give their years of birth;
    its first docket entry is the clerk's minute entry opening it."""
    users = {
        u.email.split("@")[0]: u for u in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")
    }
    court = Court.objects.filter(code=DEMO_COURT).first()
    alice, oliver = users.get("attorney"), users.get(DEMO_OPPOSING_COUNSEL)
    clerk, judge = users.get("clerk"), users.get("judge")
    if (
        None in (court, alice, oliver, clerk, judge)
        or Case.objects.filter(court=court, caption=DEMO_CASE_CAPTION).exists()
    ):
        return
    case = Case.objects.create(
        court=court,
        case_type=CaseType.objects.get(code="CC"),
        caption=DEMO_CASE_CAPTION,
        created_at=clock.now(),
    )
    case_number_assign(case=case)
    now = clock.now()
    for counsel in (alice, oliver):
        CounselOfRecord.objects.create(case=case, user=counsel, since=now)
    address = {"city": "St. Louis", "state": "MO", "postal_code": "63105"}
    plaintiff = Party.objects.create(
        case=case,
        kind=Party.Kind.PERSON,
        role=Party.PartyRole.PLAINTIFF,
        first_name="Avery",
        last_name="Lawson",
        birth_year=1979,
        address_line1="12 Elm Street",
        **address,
    )
    plaintiff.represented_by.add(alice)
    acme = Party.objects.create(
        case=case,
        kind=Party.Kind.ORGANIZATION,
        role=Party.PartyRole.DEFENDANT,
        organization_name="Acme Roofing, LLC",
        address_line1="400 Market Street",
        **address,
    )
    acme.represented_by.add(oliver)
    Party.objects.create(
        case=case,
        kind=Party.Kind.PERSON,
        role=Party.PartyRole.DEFENDANT,
        first_name="Dana",
        last_name="Bell",
        birth_year=1988,
        address_line1="9 Oak Lane",
        **address,
    )
    audit_record(action="case.created", target=case, channel="cli", details={"demo": True})
    case_judge_assign(case=case, judge=judge, actor=clerk)
    minute_entry_add(
        clerk=clerk,
        case=case,
        text="Case opened for the demonstration. Counsel of record: Alice Attorney for the "
        "plaintiff, Oliver Opposing for Acme Roofing, LLC; Dana Bell has no counsel.",
    )
