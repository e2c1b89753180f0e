"""The court's list of docket entries to mend: entries whose file-stamped copies could not be
made (efiling.docket.tasks), each with the reason in the clerk's words and a "Try stamping
again" action for once the cause is fixed."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from efiling.accounts.access import requires
from efiling.accounts.permissions import Action, require
from efiling.core.errors import DomainError, NotFound
from efiling.core.paging import page_of
from efiling.core.query import posted_value
from efiling.core.text import parse_int
from efiling.courts.services import court_get
from efiling.docket.tasks import docket_entry_stamp_retry, entries_to_mend

ENTRIES_PER_PAGE = 100


@requires(Action.MANAGE_DOCKET)
@require_http_methods(["GET", "HEAD", "POST"])
def docket_entries_to_mend(request, code: str):
    court = court_get(code=code)
    require(request.user, Action.MANAGE_DOCKET, court=court)
    entries = entries_to_mend(court=court)
    if request.method == "POST":
        try:
            entry_id = parse_int(
                posted_value(request, "entry", ""), field="entry", label="docket entry", minimum=1
            )
            entry = entries.filter(pk=entry_id).first()
            if entry is None:
                raise NotFound("That docket entry is not on the list to mend.")
            docket_entry_stamp_retry(clerk=request.user, entry=entry, request=request)
            messages.success(
                request,
                f"Stamping docket entry {entry.number} in {entry.case.number} again; the "
                "stamped copy is being prepared.",
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("docket-mend", court.code)
    page = page_of(request, entries, per_page=ENTRIES_PER_PAGE)
    return render(request, "docket/mend.html", {"court": court, "page": page})
