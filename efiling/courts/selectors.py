"""Which courts a user works in. Here, not in accounts: courts sit above accounts (a court's
administration checks the permission matrix), so accounts never reads Court."""

from __future__ import annotations

from efiling.accounts.models import CourtAssignment, User
from efiling.accounts.permissions import is_system_administrator
from efiling.courts.models import Court


def courts_assigned(user: User):
    """The courts of `user`'s court assignments: a queryset of Court ordered by name."""
    assigned = CourtAssignment.objects.filter(user=user).values("court_id")
    return Court.objects.filter(pk__in=assigned).order_by("name", "pk")


def courts_of(user: User):
    """The courts `user` works in: their court assignments; every court for a system
    administrator. A queryset of Court ordered by name."""
    if is_system_administrator(user):
        return Court.objects.order_by("name", "pk")
    return courts_assigned(user)


def counties() -> list[str]:
    """Missouri's counties as the circuit courts name them (the City of St. Louis included),
    by name: where a sheriff's office serves process (User.county, a service request's
    county)."""
    return sorted(
        set(
            Court.objects.filter(kind=Court.Kind.CIRCUIT)
            .exclude(county="")
            .values_list("county", flat=True)
        )
    )
