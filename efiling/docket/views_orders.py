"""Court pages for orders and judgments: issue one into a case, see it, read its stamped PDF."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from efiling.accounts.access import requires
from efiling.accounts.models import Role
from efiling.accounts.permissions import Action
from efiling.core import clock
from efiling.core.errors import DomainError, NotFound, ValidationFailed
from efiling.core.forms import AccessibleForm, add_domain_error
from efiling.courts.services import court_policy
from efiling.docket import orders
from efiling.docket.access import case_for_court_action
from efiling.docket.orders_models import CourtOrder
from efiling.filings.services import refusal_message
from efiling.filings.uploads import discarding_uploads, install_upload_handler

JUDGMENT_LINES = 3
# The text of an order is drawn into its PDF, not kept in a column: a bound for the form only.
ORDER_TEXT_MAX = 50_000


class OrderForm(AccessibleForm):
    kind = forms.ChoiceField(
        label="Kind", choices=CourtOrder.Kind.choices, widget=forms.RadioSelect, initial="order"
    )
    title = forms.CharField(
        label="Title",
        max_length=orders.TITLE_MAX,
        help_text="For example: Order on motion to compel.",
    )
    judge = forms.ChoiceField(label="Judge")
    body = forms.CharField(
        label="Text of the order",
        required=False,
        max_length=ORDER_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=(
            'Separate paragraphs with an empty line. "SO ORDERED.", the signature and the date '
            "are added. Leave empty when you upload the PDF instead."
        ),
    )
    pdf = forms.FileField(
        label="Or the signed order as a PDF",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    signature = forms.CharField(
        label="Electronic signature",
        max_length=200,
        help_text='Type "/s/" and the judge\'s full name, e.g. /s/ Dana Whitfield.',
    )

    def __init__(self, *args, judges=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].choices = [("", "Choose a judge")] + [
            (str(j.pk), j.get_full_name()) for j in judges
        ]


class JudgmentLinesForm(AccessibleForm):
    """Up to JUDGMENT_LINES awards of a judgment; blank rows are ignored."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, JUDGMENT_LINES + 1):
            self.fields[f"in_favor_of_{n}"] = forms.CharField(
                label=f"Line {n}: in favor of", max_length=200, required=False
            )
            self.fields[f"against_{n}"] = forms.CharField(
                label=f"Line {n}: against", max_length=200, required=False
            )
            self.fields[f"amount_{n}"] = forms.DecimalField(
                label=f"Line {n}: amount in dollars",
                required=False,
                min_value=Decimal("0"),
                max_digits=14,
                decimal_places=2,
            )
        self.describe_fields()

    def lines(self) -> list[dict]:
        data, result = self.cleaned_data, []
        for n in range(1, JUDGMENT_LINES + 1):
            favor, against = data.get(f"in_favor_of_{n}") or "", data.get(f"against_{n}") or ""
            amount = data.get(f"amount_{n}")
            if not (favor.strip() or against.strip() or amount is not None):
                continue
            if amount is None:
                raise ValidationFailed(
                    f"Line {n}: give the amount in dollars.", field=f"amount_{n}"
                )
            result.append(
                {"in_favor_of": favor, "against": against, "amount_cents": int(amount * 100)}
            )
        return result


@discarding_uploads
@csrf_exempt
@requires(Action.ISSUE_ORDERS)
@require_http_methods(["GET", "POST"])
def order_issue(request, case_id: int):
    """The form, and its multipart POST: the upload handler goes in before the body is read,
    so the CSRF check runs afterwards (in _order_issue_checked)."""
    case = case_for_court_action(
        user=request.user, case_id=case_id, action=Action.ISSUE_ORDERS, request=request
    )
    outcome = None
    if request.method == "POST":
        policy = court_policy(court=case.court)
        outcome = install_upload_handler(
            request,
            max_file_bytes=policy.maximum_allowed_attachment_size,
            max_total_bytes=policy.maximum_allowed_message_size,
        )
    return _order_issue_checked(request, case, outcome)


@csrf_protect
def _order_issue_checked(request, case, outcome):
    judges = list(orders.judges_of(case.court))
    if request.method != "POST":
        initial = {}
        if request.user.role == Role.JUDGE:
            initial["judge"] = str(request.user.pk)
        form = OrderForm(judges=judges, initial=initial)
        return _form_page(request, case, form, JudgmentLinesForm(prefix="lines"))
    form = OrderForm(request.POST, judges=judges)
    lines_form = JudgmentLinesForm(request.POST, prefix="lines")
    for refused in outcome.refused:
        form.add_error("pdf", refusal_message(refused))
    valid = form.is_valid() and lines_form.is_valid()
    if not valid or outcome.refused:
        return _form_page(request, case, form, lines_form, status=413 if outcome.refused else 400)
    received = [r for r in outcome.received if r.field_name == "pdf" and r.size > 0]
    data = form.cleaned_data
    judge = next((j for j in judges if str(j.pk) == data["judge"]), None)
    try:
        order = orders.order_issue(
            actor=request.user,
            case=case,
            judge=judge,
            kind=data["kind"],
            title=data["title"],
            body_text=data["body"] or None,
            pdf_path=received[0].path if received else None,
            judgment_lines=lines_form.lines() if data["kind"] == "judgment" else (),
            signature=data["signature"],
            request=request,
        )
    except DomainError as exc:
        if exc.field == "judgment_lines" or (exc.field or "") in lines_form.fields:
            add_domain_error(lines_form, exc)
        else:
            add_domain_error(form, exc)
        return _form_page(request, case, form, lines_form, status=exc.status)
    messages.success(
        request,
        f"{order.get_kind_display()} entered as docket entry {order.docket_entry.number} "
        f"in {case.number}; the attorneys of record are notified.",
    )
    return redirect("order-detail", case.pk, order.pk)


def _form_page(request, case, form, lines_form, status=200):
    context = {"case": case, "form": form, "lines_form": lines_form}
    return render(request, "docket/order_issue.html", context, status=status)


@requires(Action.ISSUE_ORDERS)
@require_GET
def order_detail(request, case_id: int, order_id: int):
    case = case_for_court_action(
        user=request.user, case_id=case_id, action=Action.ISSUE_ORDERS, request=request
    )
    order = orders.orders_of(case).filter(pk=order_id).first()
    if order is None:
        raise NotFound("There is no such order in this case.")
    context = {
        "case": case,
        "order": order,
        "lines": order.judgment_lines.all(),
        "entry": order.docket_entry,
        "issued_local": clock.to_local(order.issued_at, case.court.time_zone),
    }
    return render(request, "docket/order_detail.html", context)
