"""The maintenance page (/court-admin/maintenance/): the planned maintenance windows of the
administrator's courts (every window for a system administrator) with the form to post one, and
the cancel button of each window not yet ended. The rules (notice of three business days,
emergencies, who may post for which courts) are efiling.availability.maintenance's."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from efiling.accounts.access import requires
from efiling.accounts.permissions import Action, is_system_administrator
from efiling.availability import maintenance
from efiling.core import clock
from efiling.courtadmin.forms import MaintenanceWindowForm
from efiling.courtadmin.views import _list_page
from efiling.courts.selectors import courts_of


def local_instant(day, at, *, field: str) -> datetime:
    """A local date and time of the courts (Central) as an aware UTC instant (clock.local_instant:
    ValidationFailed on `field` for a time the clocks skip)."""
    return clock.local_instant(day, at, settings.EFILING_DEFAULT_TIME_ZONE, field=field)


@requires(Action.SCHEDULE_MAINTENANCE)
@require_http_methods(["GET", "HEAD", "POST"])
def maintenance_page(request):
    form = MaintenanceWindowForm(
        request.POST or None,
        courts=courts_of(request.user),
        all_courts_allowed=is_system_administrator(request.user),
    )

    def add(data):
        return maintenance.maintenance_post(
            actor=request.user,
            starts_at=local_instant(data["start_date"], data["start_time"], field="start_time"),
            ends_at=local_instant(data["end_date"], data["end_time"], field="end_time"),
            courts=list(data["courts"]),
            all_courts=data.get("all_courts", False),
            affects_filing=data["affects_filing"],
            affects_public_search=data["affects_public_search"],
            message=data["message"],
            emergency=data["emergency"],
            emergency_reason=data["emergency_reason"],
            request=request,
        )

    return _list_page(
        request,
        "courtadmin/maintenance.html",
        form=form,
        rows=maintenance.windows_for_administration(request.user),
        add=add,
        context={"now": clock.now()},
        done=lambda window: (
            f"The maintenance of {maintenance.window_words(window)} is posted: the banner "
            "shows it and registered users are notified."
        ),
    )


@requires(Action.SCHEDULE_MAINTENANCE)
@require_POST
def maintenance_cancel(request, window_id: int):
    window = maintenance.maintenance_get_for_administration(user=request.user, window_id=window_id)
    window = maintenance.maintenance_cancel(actor=request.user, window=window, request=request)
    done = "is cancelled" if window.cancelled_at else "ended now: it stays in the history"
    messages.success(request, f"The maintenance of {maintenance.window_words(window)} {done}.")
    return redirect("courtadmin-maintenance")
