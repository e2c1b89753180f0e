"""The court administrator's bar roster import: upload a CSV file, read the report."""

from django import forms
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from efiling.accounts import roster as roster_service
from efiling.accounts.access import requires
from efiling.accounts.models import BarStatus, RosterImport
from efiling.accounts.permissions import Action
from efiling.accounts.roster import MAX_ROSTER_BYTES
from efiling.core.errors import DomainError
from efiling.core.forms import AccessibleForm
from efiling.core.pages import safe_only

RECENT_IMPORTS = 20
FIELD_LABELS = {
    "first_name": "First name",
    "middle_name": "Middle name",
    "last_name": "Last name",
    "suffix": "Suffix",
    "status": "Status",
    "admitted_on": "Admission date",
}


class RosterUploadForm(AccessibleForm):
    file = forms.FileField(
        label="Roster file (CSV)",
        help_text=(
            'A CSV file saved as UTF-8 ("CSV UTF-8" in a spreadsheet), at most '
            f"{MAX_ROSTER_BYTES // (1024 * 1024)} MB, with a header row and the columns "
            "bar_number, last_name, first_name, status and admission_date, and optionally "
            "middle_name and suffix. Status is one of: good standing, inactive, suspended, "
            "disbarred, deceased. Dates are YYYY-MM-DD or MM/DD/YYYY."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={
            "required": "Choose the roster CSV file to import.",
            "empty": "The file is empty: it has no header row and no roster rows.",
            "invalid": "Choose the roster CSV file to import.",
        },
    )


def _past_imports():
    return RosterImport.objects.select_related("imported_by")[:RECENT_IMPORTS]


@requires(Action.IMPORT_ROSTER)
@require_http_methods(["GET", "HEAD", "POST"])
def roster_import(request):
    status = 200
    if request.method == "POST":
        form = RosterUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > MAX_ROSTER_BYTES:
                    form.add_error(
                        "file",
                        f"The file is {upload.size / (1024 * 1024):.1f} MB; a roster file can be "
                        f"at most {MAX_ROSTER_BYTES // (1024 * 1024)} MB.",
                    )
                else:
                    result = roster_service.roster_import(
                        data=upload.read(), file_name=upload.name, request=request
                    )
                    return redirect("roster-import-report", pk=result.pk)
            except DomainError as exc:
                form.add_error("file", exc.message)
            finally:
                upload.close()  # a temporary upload file is deleted when closed: never kept
        status = 400
    else:
        form = RosterUploadForm()
    return render(
        request,
        "accounts/roster_import.html",
        {"form": form, "imports": _past_imports()},
        status=status,
    )


def _changed_rows(report: dict) -> list[dict]:
    rows = []
    for entry in report.get("changed", []):
        changes = []
        for name, change in entry.get("fields", {}).items():
            before, after = change.get("from"), change.get("to")
            if name == "status":
                before = BarStatus(before).label if before in BarStatus.values else before
                after = BarStatus(after).label if after in BarStatus.values else after
            changes.append(
                {
                    "label": FIELD_LABELS.get(name, name),
                    "from": before if before not in (None, "") else "(blank)",
                    "to": after if after not in (None, "") else "(blank)",
                }
            )
        stopped = entry.get("fields", {}).get("status", {}).get("from") == BarStatus.GOOD_STANDING
        restored = entry.get("fields", {}).get("status", {}).get("to") == BarStatus.GOOD_STANDING
        rows.append(
            {
                "bar_number": entry.get("bar_number", ""),
                "changes": changes,
                "filing": "stopped" if stopped else "restored" if restored else "",
            }
        )
    return rows


@requires(Action.IMPORT_ROSTER)
@safe_only
def roster_import_report(request, pk: int):
    record = get_object_or_404(RosterImport.objects.select_related("imported_by"), pk=pk)
    report = record.report or {}
    return render(
        request,
        "accounts/roster_report.html",
        {
            "record": record,
            "refused_rows": report.get("refused", []),
            "refused_not_listed": report.get("refused_not_listed", 0),
            "changed_rows": _changed_rows(report),
            "changed_not_listed": report.get("changed_not_listed", 0),
        },
    )
