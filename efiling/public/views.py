"""The public case page and its Atom feed: anyone, signed in or not (@public); a hidden case
answers exactly as a missing one (efiling.cases.public)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from efiling.accounts.access import public
from efiling.cases.public import public_case_get
from efiling.public.selectors import public_case_overview


@public
@require_safe
def public_case(request, number: str):
    """A public case: caption, court, type, status and disposition, judge, parties, attorneys,
    public docket entries, hearings and judgments. 404 for a missing or hidden case alike."""
    case = public_case_get(number=number)
    return render(request, "public/case.html", public_case_overview(case))
