"""The incidents pages (/court-admin/incidents/): the unplanned outages of the administrator's
courts (every one for a system administrator) with the form to open one, and each incident's
page with its updates, the form to add one and the form to close it. The rules (who may manage
which incident, the times allowed) are efiling.availability.incidents'."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from efiling.accounts.access import requires
from efiling.accounts.permissions import Action, is_system_administrator
from efiling.availability import incidents
from efiling.core.errors import DomainError
from efiling.core.forms import add_domain_error
from efiling.core.pages import safe_only
from efiling.courtadmin.forms import IncidentCloseForm, IncidentForm, IncidentUpdateForm
from efiling.courtadmin.maintenance import local_instant
from efiling.courtadmin.views import _list_page
from efiling.courts.selectors import courts_of


@requires(Action.MANAGE_INCIDENTS)
@require_http_methods(["GET", "HEAD", "POST"])
def incidents_page(request):
    form = IncidentForm(
        request.POST or None,
        courts=courts_of(request.user),
        all_courts_allowed=is_system_administrator(request.user),
    )

    def add(data):
        return incidents.incident_open(
            actor=request.user,
            started_at=local_instant(data["start_date"], data["start_time"], field="start_time"),
            courts=list(data["courts"]),
            all_courts=data.get("all_courts", False),
            affects_filing=data["affects_filing"],
            affects_public_search=data["affects_public_search"],
            description=data["description"],
            request=request,
        )

    return _list_page(
        request,
        "courtadmin/incidents.html",
        form=form,
        rows=incidents.incidents_for_administration(request.user),
        add=add,
        context={},
        done=lambda incident: (
            f"The incident {incidents.incident_words(incident)} is open: the status page shows it."
        ),
    )


def _incident_page(request, incident, *, update_form=None, close_form=None, status=200):
    context = {
        "incident": incident,
        "when": incidents.incident_words(incident),
        "update_form": update_form or IncidentUpdateForm(prefix="update"),
        "close_form": close_form or IncidentCloseForm(prefix="close"),
    }
    return render(request, "courtadmin/incident.html", context, status=status)


@requires(Action.MANAGE_INCIDENTS)
@safe_only
def incident_page(request, incident_id: int):
    incident = incidents.incident_get_for_administration(user=request.user, incident_id=incident_id)
    return _incident_page(request, incident)


def _post(request, incident, form, act, done: str, which: str):
    """Validate `form`, call `act(cleaned_data)` (a service), redirect with `done`; a refusal
    shows the incident's page with the form's errors and the refusal's status."""
    status = 400
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
            status = exc.status
        else:
            messages.success(request, done)
            return redirect("courtadmin-incident", incident.pk)
    return _incident_page(request, incident, **{which: form}, status=status)


@requires(Action.MANAGE_INCIDENTS)
@require_POST
def incident_update(request, incident_id: int):
    incident = incidents.incident_get_for_administration(user=request.user, incident_id=incident_id)
    return _post(
        request,
        incident,
        IncidentUpdateForm(request.POST, prefix="update"),
        lambda data: incidents.incident_update(
            actor=request.user, incident=incident, text=data["text"], request=request
        ),
        "The update is posted: the status page shows it.",
        "update_form",
    )


@requires(Action.MANAGE_INCIDENTS)
@require_POST
def incident_close(request, incident_id: int):
    incident = incidents.incident_get_for_administration(user=request.user, incident_id=incident_id)

    def close(data):
        ended_at = None
        if data.get("end_date"):
            ended_at = local_instant(data["end_date"], data["end_time"], field="end_time")
        incidents.incident_close(
            actor=request.user,
            incident=incident,
            ended_at=ended_at,
            text=data["text"],
            request=request,
        )

    return _post(
        request,
        incident,
        IncidentCloseForm(request.POST, prefix="close"),
        close,
        "The incident is closed.",
        "close_form",
    )
