"""The clerk's page to docket a scanned paper filing (service in efiling.docket.paper)."""

from datetime import datetime

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from efiling.accounts.access import requires
from efiling.accounts.permissions import Action
from efiling.core import clock
from efiling.core.errors import DomainError
from efiling.core.forms import AccessibleForm, add_domain_error
from efiling.courts.services import court_policy
from efiling.docket import paper
from efiling.docket.access import case_for_court_action
from efiling.filings.services import refusal_message
from efiling.filings.uploads import install_upload_handler


class PaperFilingForm(AccessibleForm):
    title = forms.CharField(
        label="Document", max_length=paper.NAME_MAX, help_text="As the paper names it, e.g. Answer."
    )
    filer = forms.CharField(
        label="Filed by",
        max_length=paper.NAME_MAX,
        help_text="Who filed the paper, e.g. Jordan Smith, self-represented.",
    )
    received_date = forms.DateField(
        label="Date received", widget=forms.DateInput(attrs={"type": "date"})
    )
    received_time = forms.TimeField(
        label="Time received",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="Court-local time the clerk's office received the paper: its filing time.",
    )
    sealed = forms.BooleanField(
        label="File it under seal (a court order or rule requires it)", required=False
    )
    file = forms.FileField(  # the upload handler receives it; the view checks it is there
        label="The scan (PDF)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def received_at(self, court) -> datetime:
        local = datetime.combine(
            self.cleaned_data["received_date"],
            self.cleaned_data["received_time"],
            tzinfo=clock.zone(court.time_zone),
        )
        return local.astimezone(clock.UTC)


@csrf_exempt
@requires(Action.MANAGE_DOCKET)
@require_http_methods(["GET", "POST"])
def paper_filing(request, case_id: int):
    """The form, and its multipart POST: the upload handler goes in before the body is read,
    so the CSRF check runs afterwards (in _paper_filing_checked). A scan may be as large as a
    whole submission (the court's message size)."""
    case = case_for_court_action(user=request.user, case_id=case_id, action=Action.MANAGE_DOCKET)
    outcome = None
    if request.method == "POST":
        limit = court_policy(court=case.court).maximum_allowed_message_size
        outcome = install_upload_handler(request, max_file_bytes=limit, max_total_bytes=limit)
    return _paper_filing_checked(request, case, outcome)


@csrf_protect
def _paper_filing_checked(request, case, outcome):
    if request.method != "POST":
        now = clock.to_local(clock.now(), case.court.time_zone)
        form = PaperFilingForm(
            initial={"received_date": now.date(), "received_time": now.time().replace(second=0)}
        )
        return _page(request, case, form)
    form = PaperFilingForm(request.POST)
    try:
        upload = next((r for r in outcome.received if r.field_name == "file" and r.size), None)
        valid = form.is_valid()
        for refused in outcome.refused:
            form.add_error("file", refusal_message(refused))
        if upload is None and not outcome.refused:
            form.add_error("file", "Choose the scan to upload, as one PDF file.")
        if outcome.refused or upload is None or not valid:
            return _page(request, case, form, status=413 if outcome.refused else 400)
        try:
            entry = paper.paper_filing_docket(
                clerk=request.user,
                case=case,
                pdf_path=upload.path,
                original_name=upload.original_name,
                title=form.cleaned_data["title"],
                filer=form.cleaned_data["filer"],
                received_at=form.received_at(case.court),
                sealed=form.cleaned_data["sealed"],
                request=request,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
            return _page(request, case, form, status=exc.status)
    finally:
        outcome.discard_all()
    messages.success(
        request,
        f"The paper filing is docket entry {entry.number} in {case.number}, stamped "
        "“Filed on Paper”; the attorneys of record are notified.",
    )
    return redirect("court-case", case.pk)


def _page(request, case, form, status=200):
    return render(request, "docket/paper_filing.html", {"case": case, "form": form}, status=status)
