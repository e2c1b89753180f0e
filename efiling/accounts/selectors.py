"""Reads about users and the courts they serve."""

from __future__ import annotations

from efiling.accounts.models import CourtAssignment, User
from efiling.accounts.permissions import is_system_administrator
from efiling.courts.models import Court


def courts_of(user: User):
    """The courts `user` works in: their court assignments; every court for a system
    administrator. A queryset of Court ordered by name."""
    courts = Court.objects.order_by("name", "pk")
    if is_system_administrator(user):
        return courts
    return courts.filter(pk__in=CourtAssignment.objects.filter(user=user).values("court_id"))
