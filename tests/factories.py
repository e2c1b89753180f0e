"""Small builders for test data; every field has a sensible default that a test can override."""

import itertools
from datetime import timedelta

from efiling.accounts.models import BarMember, BarStatus, Role, StaffDelegation, User
from efiling.accounts.permissions import FILERS
from efiling.core import clock

_numbers = itertools.count(50001)
PASSWORD = "correct horse battery staple"


def bar_member(**fields) -> BarMember:
    values = {
        "bar_number": str(next(_numbers)),
        "first_name": "Avery",
        "last_name": "Lawson",
        "status": BarStatus.GOOD_STANDING,
        "updated_at": clock.now(),
    }
    values.update(fields)
    return BarMember.objects.create(**values)


def in_grace():
    """A second-factor due date 30 days ahead: an existing filer account in its grace period,
    which signs in without one (the tests whose subject is not the second factor)."""
    return clock.now() + timedelta(days=30)


def user(role: Role = Role.ATTORNEY, *, confirmed: bool = True, **fields) -> User:
    n = next(_numbers)
    values = {
        "first_name": "Avery",
        "last_name": "Lawson",
        "role": role,
        "email_confirmed_at": clock.now() if confirmed else None,
        "phone": "573-555-0100",
        "address_line1": "1 Main Street",
        "city": "Jefferson City",
        "state": "MO",
        "postal_code": "65101",
    }
    if role == Role.ATTORNEY and "bar_member" not in fields:
        values["bar_member"] = bar_member()
    if role == Role.PRO_HAC_VICE:
        values.update(home_state="KS", home_bar_number=f"KS{n}")
    if role in FILERS:
        values["second_factor_due_at"] = in_grace()
    values.update(fields)
    email = values.pop("email", f"{role.value.replace('_', '.')}{n}@example.test")
    return User.objects.create_user(email, PASSWORD, **values)


def staff_for(attorney: User, **fields) -> User:
    staff = user(Role.STAFF, **fields)
    StaffDelegation.objects.create(attorney=attorney, staff=staff, created_at=clock.now())
    return staff


def case(court, *, counsel=(), case_type="CC", **fields):
    from efiling.cases.models import Case, CounselOfRecord
    from efiling.courts.models import CaseType

    values = {"caption": "Lawson v. Example Corp.", "created_at": clock.now()}
    values.update(fields)
    new = Case.objects.create(court=court, case_type=CaseType.objects.get(code=case_type), **values)
    for person in counsel:
        CounselOfRecord.objects.create(case=new, user=person, since=clock.now())
    return new


def court_staff(role: Role, court, **fields) -> User:
    from efiling.accounts.models import CourtAssignment

    person = user(role, **fields)
    CourtAssignment.objects.create(user=person, court=court, created_at=clock.now())
    return person


def client_for(user):
    """A test client signed in as `user` (for tests whose subject is not signing in)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def pro_hac_vice_attorney(**fields) -> User:
    """An out-of-state attorney's account (Kansas bar), to be admitted case by case."""
    values = {
        "first_name": "Peter",
        "last_name": "Hacvice",
        "home_state": "KS",
        "home_bar_number": "KS-1",
    }
    values.update(fields)
    return user(Role.PRO_HAC_VICE, **values)


def judgment(case, judge, *, in_favor_of: str, against: str, amount_cents: int, number: int = 1):
    """A public judgment entry of `case` with one judgment line (rows only: no PDF is made)."""
    from efiling.docket.models import DocketEntry
    from efiling.docket.orders_models import CourtOrder, JudgmentLine
    from efiling.filings.models import Document

    now = clock.now()
    entry = DocketEntry.objects.create(
        case=case,
        number=number,
        kind="judgment",
        text="Judgment.",
        filed_at=now,
        entered_by=judge,
        created_at=now,
    )
    document = Document.objects.create(
        docket_entry=entry,
        kind="lead",
        position=1,
        title="Judgment",
        storage_name=f"x/judgment-{entry.pk}.pdf",
        original_name="judgment.pdf",
        size=1,
        sha256="0" * 64,
        received_size=1,
        received_sha256="0" * 64,
        page_count=1,
        text_searchable=True,
        uploaded_by=judge,
        uploaded_at=now,
    )
    order = CourtOrder.objects.create(
        case=case,
        docket_entry=entry,
        kind="judgment",
        title="Judgment",
        judge=judge,
        signed_by=judge,
        issued_by=judge,
        signature=f"/s/ {judge.get_full_name()}",
        issued_at=now,
        document=document,
    )
    return JudgmentLine.objects.create(
        order=order, in_favor_of=in_favor_of, against=against, amount_cents=amount_cents
    )


def hearing(case, judge, starts_at, *, room: str = "Division 1", minutes: int = 60, **fields):
    """A scheduled hearing of `case` before `judge` in the court's courtroom `room` (made if
    missing), `minutes` long (rows only: nobody is noticed). `fields` override the rest
    (created_by: the judge; created_at: now)."""
    from efiling.scheduling.models import Courtroom, Hearing

    courtroom, _ = Courtroom.objects.get_or_create(court=case.court, name=room)
    values = {"created_by": judge, "created_at": clock.now(), **fields}
    return Hearing.objects.create(
        case=case,
        courtroom=courtroom,
        judge=judge,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        **values,
    )
