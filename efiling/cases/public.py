"""THE definition of a publicly visible case (decision 0017). Every public surface (the public
case page and its feed, public search, the judgments index, the public API) starts from
`public_cases()`, so that a hidden case is hidden everywhere at once.

Hidden from the public online: an unnumbered case (not accepted yet); a confidential or sealed
case (security_level); a case of a confidential case type (juvenile, adoption, mental health);
a protection-order case (CaseType.protection_order: 18 U.S.C. 2265(d)(3) forbids publishing on
the internet what would reveal a protected party); a record closed by an expungement order
(Case.expunged_at, RSMo 610.140). A hidden case is answered exactly as a missing one.
"""

from __future__ import annotations

from django.db.models import Q

from efiling.cases.models import Case, SecurityLevel
from efiling.cases.numbering import case_number_typed
from efiling.core.errors import NotFound

PUBLIC_CASE_NOT_FOUND = "There is no public case with this number."


def _public_cases(*, protection_orders_of=None):
    shown = Q(case_type__protection_order=False)
    if protection_orders_of is not None:
        shown |= Q(court=protection_orders_of)
    return Case.objects.select_related("court", "case_type").filter(
        shown,
        number__isnull=False,
        security_level=SecurityLevel.PUBLIC,
        expunged_at__isnull=True,
        case_type__confidential=False,
    )


def public_cases():
    """The cases anyone may see online, as a queryset (court and case type joined)."""
    return _public_cases()


def public_case_get(*, number: str, terminal_court=None) -> Case:
    """The public case numbered `number` (case numbers are unique statewide; typed as a person
    would: any case, spaces and dashes anywhere, cases.numbering.case_number_typed). NotFound
    with PUBLIC_CASE_NOT_FOUND alike for a number that does not exist and for a hidden case.

    `terminal_court` (the Court of the courthouse public terminal the request comes from:
    efiling.public.terminals) widens one rule only: a protection-order case of that court,
    otherwise public, is found by its exact number (never in a list: public_cases() still
    hides it; another court's terminal does not find it). A confidential case type stays
    hidden there too (decision 0017)."""
    cases = _public_cases(protection_orders_of=terminal_court).select_related("assigned_judge")
    typed = case_number_typed(number)
    case = cases.filter(number=typed).first() if typed else None
    if case is None:
        raise NotFound(PUBLIC_CASE_NOT_FOUND)
    return case
