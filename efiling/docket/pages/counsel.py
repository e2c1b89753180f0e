"""The court's page for who appears in a case: counsel of record, their withdrawals, and pro hac
vice admissions (the rules are in efiling.cases.services)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from efiling.accounts.access import requires
from efiling.accounts.models import Role, User
from efiling.accounts.permissions import Action, require
from efiling.cases.services import (
    counsel_withdraw,
    pro_hac_vice_admit,
    pro_hac_vice_revoke,
)
from efiling.core.errors import DomainError, NotFound
from efiling.core.forms import AccessibleForm, add_domain_error, valid_data
from efiling.core.query import posted_value
from efiling.core.words import REASON_MAX
from efiling.docket.access import case_get_for_user
from efiling.docket.pages.forms import CounselRowForm
from efiling.docket.selectors import clients_by_attorney


class SponsorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name()} ({obj.email})"


class AdmitForm(AccessibleForm):
    """The clerk names the out-of-state attorney by the e-mail address of their account; the
    service decides whether that account may be admitted and the sponsor may sponsor."""

    attorney = forms.EmailField(
        label="Out-of-state attorney's e-mail address",
        max_length=254,
        help_text="The address of their pro hac vice account in this system.",
    )
    sponsor = SponsorChoiceField(
        label="Missouri sponsoring attorney",
        queryset=User.objects.none(),
        help_text="An attorney of record in this case, who receives every notice too.",
        error_messages={"invalid_choice": "Choose a Missouri attorney of record in this case."},
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].queryset = User.objects.filter(
            role=Role.ATTORNEY, appearances__case=case, appearances__withdrawn_at__isnull=True
        )

    def clean_attorney(self):
        email = self.cleaned_data["attorney"]
        attorney = User.objects.filter(email__iexact=email).first()
        if attorney is None:
            raise forms.ValidationError(
                f"No account uses {email}: the attorney registers as an out-of-state "
                "(pro hac vice) attorney first."
            )
        return attorney


def _page(request, case, form, status=200):
    clients = clients_by_attorney(case)
    context = {
        "case": case,
        "counsel": [(c, clients.get(c.user_id, [])) for c in case.counsel.select_related("user")],
        "admissions": case.pro_hac_vice_admissions.select_related(
            "attorney", "sponsor", "admitted_by"
        ).order_by("admitted_at", "pk"),
        "form": form,
        "reason_max": REASON_MAX,
    }
    return render(request, "docket/case_counsel.html", context, status=status)


def _case_row(request, rows, id_field: str, missing: str):
    """The row of this case that a button names, and the button's form: a malformed id, or a
    row of another case, is refused like a missing one."""
    form = CounselRowForm(request.POST)
    form.is_valid()
    row_id = form.cleaned_data.get(id_field)
    row = rows.filter(pk=row_id).first() if row_id else None
    if row is None:
        raise NotFound(missing)
    return row, form


def _admit(request, case):
    """A refused admission shows the form again with its errors, keeping what the clerk typed."""
    form = AdmitForm(request.POST, case=case)
    if not form.is_valid():
        return _page(request, case, form, status=400)
    try:
        admission = pro_hac_vice_admit(
            case=case,
            attorney=form.cleaned_data["attorney"],
            sponsor=form.cleaned_data["sponsor"],
            actor=request.user,
            request=request,
        )
    except DomainError as exc:
        add_domain_error(form, exc)
        return _page(request, case, form, status=exc.status)
    messages.success(
        request,
        f"{admission.attorney.get_full_name()} is admitted pro hac vice, sponsored by "
        f"{admission.sponsor.get_full_name()}; the parties are notified.",
    )
    return redirect("case-counsel", case.pk)


def _revoke(request, case) -> str:
    admission, _ = _case_row(
        request,
        case.pro_hac_vice_admissions.select_related("attorney"),
        "admission",
        "There is no such pro hac vice admission in this case.",
    )
    pro_hac_vice_revoke(admission=admission, actor=request.user, request=request)
    return (
        f"The pro hac vice admission of {admission.attorney.get_full_name()} is revoked; "
        "the parties are notified."
    )


def _withdraw(request, case) -> str:
    counsel, form = _case_row(
        request,
        case.counsel.select_related("user"),
        "counsel",
        "There is no such attorney of record in this case.",
    )
    reason = valid_data(form)["reason"]
    counsel_withdraw(case=case, counsel=counsel, actor=request.user, reason=reason, request=request)
    return (
        f"The withdrawal of {counsel.user.get_full_name()} is recorded; the parties are notified."
    )


ROW_ACTIONS = {"revoke": _revoke, "withdraw": _withdraw}


@requires(Action.ADMIT_PRO_HAC_VICE)
@require_http_methods(["GET", "HEAD", "POST"])
def case_counsel(request, case_id: int):
    """GET shows who appears in the case; POST (`action`: admit, revoke or withdraw) changes it
    through the services and comes back here, with the outcome as a message."""
    case = case_get_for_user(user=request.user, case_id=case_id, request=request)
    require(request.user, Action.ADMIT_PRO_HAC_VICE, court=case.court)
    if request.method != "POST":
        return _page(request, case, AdmitForm(case=case))
    action = posted_value(request, "action", "")
    if action == "admit":
        return _admit(request, case)
    row_action = ROW_ACTIONS.get(action)
    if row_action is None:
        messages.error(request, "Choose to admit, revoke or record a withdrawal.")
        return redirect("case-counsel", case.pk)
    try:
        messages.success(request, row_action(request, case))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("case-counsel", case.pk)
