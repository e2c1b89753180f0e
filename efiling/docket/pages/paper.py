"""The clerk's pages for paper: docket a scanned paper filing in a case, or open a case from a
paper petition (services in efiling.docket.paper)."""

from datetime import datetime

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from efiling.accounts.access import requires
from efiling.accounts.permissions import Action, require
from efiling.cases.models import Party
from efiling.core import clock
from efiling.core.errors import DomainError
from efiling.core.forms import AccessibleForm, DatePicker, TimePicker, add_domain_error
from efiling.courts.models import CaseType
from efiling.courts.services import court_get, court_policy
from efiling.docket import paper
from efiling.docket.access import case_for_court_action
from efiling.filings.documents import refusal_message
from efiling.filings.uploads import discarding_uploads, install_upload_handler


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
        label="Date received", widget=DatePicker(), help_text="mm/dd/yyyy."
    )
    received_time = forms.TimeField(
        label="Time received",
        widget=TimePicker(),
        help_text="Court-local time the clerk's office received the paper (its filing time), "
        "for example 2:30pm or 14:30.",
    )
    sealed = forms.BooleanField(
        label="File it under seal (a court order or rule requires it)", required=False
    )
    dismissal = forms.BooleanField(
        label="It is the parties' dismissal of the whole case",
        required=False,
        help_text="The case is then disposed: dismissed by the parties, as of the time received.",
    )
    file = forms.FileField(  # the upload handler receives it; the view checks it is there
        label="The scan (PDF)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    needed_when = {"file": ""}  # the upload handler reads it; the view says when it is missing

    def received_at(self, court) -> datetime:
        """When the paper was received, from the court's local date and time (UTC, aware;
        ValidationFailed on received_time for a time the clocks skip)."""
        return clock.local_instant(
            self.cleaned_data["received_date"],
            self.cleaned_data["received_time"],
            court.time_zone,
            field="received_time",
        )


@discarding_uploads
@csrf_exempt
@requires(Action.MANAGE_DOCKET)
@require_http_methods(["GET", "HEAD", "POST"])
def paper_filing(request, case_id: int):
    """The form, and its multipart POST: the upload handler goes in before the body is read,
    so the CSRF check runs afterwards (in _paper_filing_checked)."""
    case = case_for_court_action(
        user=request.user, case_id=case_id, action=Action.MANAGE_DOCKET, request=request
    )
    outcome = None
    if request.method == "POST":
        outcome = _scan_upload_limits(request, case.court)
    return _paper_filing_checked(request, case, outcome)


def _scan_upload_limits(request, court):
    """A scan may be as large as a whole submission (the court's message size)."""
    limit = court_policy(court=court).maximum_allowed_message_size
    return install_upload_handler(request, max_file_bytes=limit, max_total_bytes=limit)


def _received_now(court) -> dict:
    """The form's default receipt time: now, in the court's time."""
    now = clock.to_local(clock.now(), court.time_zone)
    return {"received_date": now.date(), "received_time": now.time().replace(second=0)}


def _received_scan(form, outcome, *, valid: bool = True):
    """The uploaded scan when the form is valid and the file arrived within the limit, else
    (None, the status to answer with) with the errors on the form."""
    upload = next((r for r in outcome.received if r.field_name == "file" and r.size), None)
    valid = form.is_valid() and valid
    for refused in outcome.refused:
        form.add_error("file", refusal_message(refused))
    if upload is None and not outcome.refused:
        form.add_error("file", "Choose the scan to upload, as one PDF file.")
    if outcome.refused:
        return None, 413
    if upload is None or not valid:
        return None, 400
    return upload, 200


@csrf_protect
def _paper_filing_checked(request, case, outcome):
    if request.method != "POST":
        return _page(request, case, PaperFilingForm(initial=_received_now(case.court)))
    form = PaperFilingForm(request.POST)
    upload, refused_status = _received_scan(form, outcome)
    if upload is None:
        return _page(request, case, form, status=refused_status)
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
            dismissal=form.cleaned_data["dismissal"],
            request=request,
        )
    except DomainError as exc:
        add_domain_error(form, exc)
        return _page(request, case, form, status=exc.status)
    disposed = ""
    if form.cleaned_data["dismissal"]:
        disposed = f" The case is disposed: {entry.case.get_disposition_display().lower()}."
    messages.success(
        request,
        f"The paper filing is docket entry {entry.number} in {case.number}, stamped "
        f"“Filed on Paper”; the attorneys of record are notified.{disposed}",
    )
    return redirect("court-case", case.pk)


def _page(request, case, form, status=200):
    return render(request, "docket/paper_filing.html", {"case": case, "form": form}, status=status)


class PaperCaseForm(PaperFilingForm):
    case_type = forms.ModelChoiceField(
        label="Case type", queryset=CaseType.objects.none(), empty_label="Choose a case type"
    )
    caption = forms.CharField(
        label="Caption", max_length=paper.CAPTION_MAX, help_text="For example: Smith v. Jones."
    )
    dismissal = None  # a new case is not dismissed by the paper that opens it
    field_order = ["case_type", "caption", "title", "filer", "received_date", "received_time"]

    def __init__(self, *args, court, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_type"].queryset = court.case_types.order_by("name")
        self.fields["title"].initial = "Petition"


class PartiesForm(AccessibleForm):
    """Up to PARTY_ROWS parties of a paper case; rows left empty are ignored. A row in use
    needs its role and a last name (a person) or an organization name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        roles = [("", "Choose a role"), *Party.PartyRole.choices]
        for n in range(1, PARTY_ROWS + 1):
            self.fields[f"role_{n}"] = forms.ChoiceField(
                label=f"Party {n}: role", choices=roles, required=False
            )
            self.fields[f"kind_{n}"] = forms.ChoiceField(
                label=f"Party {n}: person or organization",
                choices=Party.Kind.choices,
                initial=Party.Kind.PERSON,
            )
            self.fields[f"first_name_{n}"] = forms.CharField(
                label=f"Party {n}: first name",
                max_length=Party._meta.get_field("first_name").max_length,
                required=False,
            )
            self.fields[f"last_name_{n}"] = forms.CharField(
                label=f"Party {n}: last name",
                max_length=Party._meta.get_field("last_name").max_length,
                required=False,
            )
            self.fields[f"organization_name_{n}"] = forms.CharField(
                label=f"Party {n}: organization name",
                max_length=Party._meta.get_field("organization_name").max_length,
                required=False,
            )
        self.needed_when = {
            f"{name}_{n}": when
            for n in range(1, PARTY_ROWS + 1)
            for name, when in (
                ("role", "for a party listed"),
                ("last_name", "for a person"),
                ("organization_name", "for an organization"),
            )
        }
        self.describe_fields()

    def parties(self) -> list[dict]:
        data, found = self.cleaned_data, []
        for n in range(1, PARTY_ROWS + 1):
            names = [data.get(f"{name}_{n}") for name in PARTY_NAMES]
            if not data.get(f"role_{n}") and not any(names):
                continue
            found.append(
                {
                    "role": data.get(f"role_{n}"),
                    "kind": data.get(f"kind_{n}"),
                    **{name: data.get(f"{name}_{n}") for name in PARTY_NAMES},
                }
            )
        return found


PARTY_ROWS = 4
PARTY_NAMES = ("first_name", "last_name", "organization_name")


@discarding_uploads
@csrf_exempt
@requires(Action.MANAGE_DOCKET)
@require_http_methods(["GET", "HEAD", "POST"])
def paper_case(request, code: str):
    """Open a case from a paper petition: the form, and its multipart POST (the upload handler
    goes in before the body is read; CSRF is checked in _paper_case_checked)."""
    court = court_get(code=code)
    require(request.user, Action.MANAGE_DOCKET, court=court)
    outcome = None
    if request.method == "POST":
        outcome = _scan_upload_limits(request, court)
    return _paper_case_checked(request, court, outcome)


@csrf_protect
def _paper_case_checked(request, court, outcome):
    if request.method != "POST":
        form = PaperCaseForm(court=court, initial=_received_now(court))
        return _case_page(request, court, form, PartiesForm(prefix="parties"))
    form = PaperCaseForm(request.POST, court=court)
    parties_form = PartiesForm(request.POST, prefix="parties")
    upload, refused_status = _received_scan(form, outcome, valid=parties_form.is_valid())
    if upload is None:
        return _case_page(request, court, form, parties_form, status=refused_status)
    data = form.cleaned_data
    try:
        entry = paper.paper_case_open(
            clerk=request.user,
            court=court,
            case_type=data["case_type"],
            caption=data["caption"],
            parties=parties_form.parties(),
            pdf_path=upload.path,
            original_name=upload.original_name,
            title=data["title"],
            filer=data["filer"],
            received_at=form.received_at(court),
            sealed=data["sealed"],
            request=request,
        )
    except DomainError as exc:
        add_domain_error(parties_form if exc.field in (None, "parties") else form, exc)
        return _case_page(request, court, form, parties_form, status=exc.status)
    messages.success(
        request,
        f"Case {entry.case.number} is open; the paper petition is docket entry {entry.number}, "
        "stamped “Filed on Paper”.",
    )
    return redirect("court-case", entry.case.pk)


def _case_page(request, court, form, parties_form, status=200):
    context = {"court": court, "form": form, "parties_form": parties_form}
    return render(request, "docket/paper_case.html", context, status=status)
