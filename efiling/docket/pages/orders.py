"""Court pages for orders and judgments: prepare one (a clerk for a judge, or the judge), the
judge's queue of orders waiting for signature, the review page where the judge signs and
issues or returns with a note, and the issued order. Rules are in efiling.docket.orders
and efiling.docket.signing."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from efiling.accounts.access import requires
from efiling.accounts.models import Role
from efiling.accounts.permissions import Action, can
from efiling.cases.models import Party
from efiling.core import clock
from efiling.core.errors import DomainError, NotFound, ValidationFailed
from efiling.core.forms import AccessibleForm, add_domain_error
from efiling.core.pages import safe_only
from efiling.core.paging import page_of
from efiling.core.query import posted_value
from efiling.docket import orders, selectors, signing
from efiling.docket.access import case_for_court_action
from efiling.docket.orders_models import CourtOrder, ProposedOrder

JUDGMENT_LINES = 3
QUEUE_PER_PAGE = 25
# The buttons of the preparation form: keep a draft, or send it to the judge's queue.
THEN_DRAFT, THEN_SUBMIT = "draft", "submit"


class OrderForm(AccessibleForm):
    kind = forms.ChoiceField(
        label="Kind", choices=CourtOrder.Kind.choices, widget=forms.RadioSelect, initial="order"
    )
    title = forms.CharField(
        label="Title",
        max_length=orders.TITLE_MAX,
        help_text="For example: Order on motion to compel.",
    )
    judge = forms.ChoiceField(label="Judge", help_text="The judge who signs it.")
    body = forms.CharField(
        label="Text of the order",
        max_length=orders.ORDER_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=(
            'Separate paragraphs with an empty line. "SO ORDERED.", the judge\'s signature and '
            "the date are added when the judge signs."
        ),
    )

    def __init__(self, *args, judges=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].choices = [("", "Choose a judge")] + [
            (str(j.pk), j.get_full_name()) for j in judges
        ]
        self.describe_fields()


class JudgmentLinesForm(AccessibleForm):
    """Up to JUDGMENT_LINES awards of a judgment, each between two parties of the case; blank
    rows are ignored."""

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a party")] + [
            (str(p.pk), f"{p.display_name} ({p.get_role_display().lower()})") for p in parties
        ]
        for n in range(1, JUDGMENT_LINES + 1):
            self.fields[f"in_favor_of_{n}"] = forms.ChoiceField(
                label=f"Line {n}: in favor of", choices=choices, required=False
            )
            self.fields[f"against_{n}"] = forms.ChoiceField(
                label=f"Line {n}: against", choices=choices, required=False
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
        """[{"in_favor_of": party id, "against": party id, "amount_cents"}] of the rows filled
        in; a row with parties and no amount is ValidationFailed naming the amount's field."""
        data, result = self.cleaned_data, []
        for n in range(1, JUDGMENT_LINES + 1):
            favor, against = data.get(f"in_favor_of_{n}"), data.get(f"against_{n}")
            amount = data.get(f"amount_{n}")
            if not (favor or against or amount is not None):
                continue
            if amount is None:
                raise ValidationFailed(
                    f"Line {n}: give the amount in dollars.", field=f"amount_{n}"
                )
            result.append(
                {
                    "in_favor_of": int(favor) if favor else None,
                    "against": int(against) if against else None,
                    "amount_cents": int(amount * 100),
                }
            )
        return result

    @classmethod
    def initial_from(cls, proposed: ProposedOrder, parties) -> dict:
        """The form's rows for a proposed order's lines (kept by party name)."""
        by_name = {p.display_name: str(p.pk) for p in parties}
        initial = {}
        for n, line in enumerate(proposed.judgment_lines[:JUDGMENT_LINES], start=1):
            initial[f"in_favor_of_{n}"] = by_name.get(line["in_favor_of"], "")
            initial[f"against_{n}"] = by_name.get(line["against"], "")
            initial[f"amount_{n}"] = Decimal(line["amount_cents"]) / 100
        return initial


class SignForm(AccessibleForm):
    signature = forms.CharField(
        label="Your electronic signature",
        max_length=200,
        help_text='Type "/s/" and your full name, e.g. /s/ Dana Whitfield.',
    )


class ReturnForm(AccessibleForm):
    note = forms.CharField(
        label="Note to the preparer",
        max_length=orders.RETURN_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What to change before you sign it.",
    )


def _judges_for(user, court) -> list:
    """Whom the user may prepare for: a judge, themselves; a clerk, the court's judges."""
    if user.role == Role.JUDGE:
        return [user]
    return list(orders.judges_of(court))


def _parties(case) -> list[Party]:
    return list(Party.objects.filter(case=case).order_by("pk"))


def _form_page(request, case, form, lines_form, *, proposed=None, status=200):
    context = {
        "case": case,
        "form": form,
        "lines_form": lines_form,
        "proposed": proposed,
        "is_judge": request.user.role == Role.JUDGE,
    }
    return render(request, "docket/order_prepare.html", context, status=status)


def _prepared(request, case, *, proposed=None):
    """The preparation form's GET and POST, for a new order or a revision of `proposed`."""
    judges, parties = _judges_for(request.user, case.court), _parties(case)
    if request.method != "POST":
        if proposed is not None:
            initial = {
                "kind": proposed.kind,
                "title": proposed.title,
                "judge": str(proposed.judge_id or ""),
                "body": proposed.body_text,
            }
            lines_initial = JudgmentLinesForm.initial_from(proposed, parties)
        else:
            judge = judges[0] if len(judges) == 1 else orders.case_judge(case)
            initial, lines_initial = {"judge": str(judge.pk) if judge else ""}, {}
        form = OrderForm(judges=judges, initial=initial)
        lines_form = JudgmentLinesForm(parties=parties, prefix="lines", initial=lines_initial)
        return _form_page(request, case, form, lines_form, proposed=proposed)
    form = OrderForm(request.POST, judges=judges)
    lines_form = JudgmentLinesForm(request.POST, parties=parties, prefix="lines")
    if not (form.is_valid() and lines_form.is_valid()):
        return _form_page(request, case, form, lines_form, proposed=proposed, status=400)
    data = form.cleaned_data
    values = {
        "actor": request.user,
        "judge": next((j for j in judges if str(j.pk) == data["judge"]), None),
        "kind": data["kind"],
        "title": data["title"],
        "body_text": data["body"],
        "submit": posted_value(request, "then") == THEN_SUBMIT,
        "request": request,
    }
    try:
        values["judgment_lines"] = lines_form.lines() if data["kind"] == "judgment" else ()
        if proposed is None:
            proposed = orders.proposed_order_prepare(case=case, **values)
        else:
            proposed = orders.proposed_order_revise(proposed=proposed, **values)
    except DomainError as exc:
        if exc.field == "judgment_lines" or (exc.field or "") in lines_form.fields:
            add_domain_error(lines_form, exc)
        else:
            add_domain_error(form, exc)
        return _form_page(request, case, form, lines_form, proposed=proposed, status=exc.status)
    messages.success(request, _prepared_message(proposed))
    return redirect("proposed-order", proposed.pk)


def _prepared_message(proposed: ProposedOrder) -> str:
    label = proposed.get_kind_display().lower()
    if proposed.status == ProposedOrder.Status.DRAFT:
        return f"The {label} is saved as a draft; submit it to the judge when it is ready."
    if proposed.judge_id and proposed.judge_id == proposed.prepared_by_id:
        return f"The {label} waits for your signature."
    who = f"Judge {proposed.judge.get_full_name()}" if proposed.judge_id else "the judges"
    return f"The {label} is submitted to {who} for signature."


@requires(Action.PREPARE_ORDERS)
@require_http_methods(["GET", "HEAD", "POST"])
def order_prepare(request, case_id: int):
    case = case_for_court_action(
        user=request.user, case_id=case_id, action=Action.PREPARE_ORDERS, request=request
    )
    return _prepared(request, case)


@requires(Action.PREPARE_ORDERS)
@require_http_methods(["GET", "HEAD", "POST"])
def proposed_order_edit(request, proposed_order_id: int):
    proposed = selectors.proposed_order_get(
        user=request.user, proposed_order_id=proposed_order_id, request=request
    )
    return _prepared(request, proposed.case, proposed=proposed)


def _review_page(request, proposed, *, sign_form=None, return_form=None, status=200):
    user, waiting = request.user, proposed.status == ProposedOrder.Status.AWAITING_SIGNATURE
    may_sign = (
        waiting
        and can(user, Action.SIGN_ORDERS, court=proposed.case.court)
        and proposed.judge_id in (None, user.pk)
    )
    editable = proposed.status in (ProposedOrder.Status.DRAFT, ProposedOrder.Status.RETURNED)
    context = {
        "proposed": proposed,
        "case": proposed.case,
        "paragraphs": [p for p in proposed.body_text.split("\n\n") if p.strip()],
        "may_sign": may_sign,
        "may_revise": editable and not proposed.filed_document_id,
        "sign_form": sign_form or SignForm(),
        "return_form": return_form or ReturnForm(),
        "zone": proposed.case.court.time_zone,
        "submitted_local": clock.to_local(proposed.submitted_at, proposed.case.court.time_zone)
        if proposed.submitted_at
        else None,
    }
    return render(request, "docket/proposed_order.html", context, status=status)


@requires(Action.PREPARE_ORDERS)
@safe_only
def proposed_order_detail(request, proposed_order_id: int):
    proposed = selectors.proposed_order_get(
        user=request.user, proposed_order_id=proposed_order_id, request=request
    )
    return _review_page(request, proposed)


@requires(Action.PREPARE_ORDERS)
@require_POST
def proposed_order_submit(request, proposed_order_id: int):
    proposed = selectors.proposed_order_get(
        user=request.user, proposed_order_id=proposed_order_id, request=request
    )
    try:
        proposed = orders.proposed_order_submit(
            actor=request.user, proposed=proposed, request=request
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return _review_page(request, proposed, status=exc.status)
    messages.success(request, _prepared_message(proposed))
    return redirect("proposed-order", proposed.pk)


@requires(Action.SIGN_ORDERS)
@require_POST
def proposed_order_sign(request, proposed_order_id: int):
    proposed = selectors.proposed_order_get(
        user=request.user, proposed_order_id=proposed_order_id, request=request
    )
    form = SignForm(request.POST)
    if not form.is_valid():
        return _review_page(request, proposed, sign_form=form, status=400)
    try:
        order = signing.proposed_order_sign(
            judge=request.user,
            proposed=proposed,
            signature=form.cleaned_data["signature"],
            request=request,
        )
    except DomainError as exc:
        add_domain_error(form, exc)
        return _review_page(request, proposed, sign_form=form, status=exc.status)
    messages.success(
        request,
        f"{order.get_kind_display()} signed and entered as docket entry "
        f"{order.docket_entry.number} in {order.case.number}; the attorneys of record are "
        "notified.",
    )
    return redirect("order-detail", order.case_id, order.pk)


@requires(Action.SIGN_ORDERS)
@require_POST
def proposed_order_return(request, proposed_order_id: int):
    proposed = selectors.proposed_order_get(
        user=request.user, proposed_order_id=proposed_order_id, request=request
    )
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _review_page(request, proposed, return_form=form, status=400)
    try:
        signing.proposed_order_return(
            judge=request.user, proposed=proposed, note=form.cleaned_data["note"], request=request
        )
    except DomainError as exc:
        add_domain_error(form, exc)
        return _review_page(request, proposed, return_form=form, status=exc.status)
    messages.success(request, f"Returned to {proposed.prepared_by.get_full_name()} with your note.")
    return redirect("judge-orders-queue")


@requires(Action.SIGN_ORDERS)
@safe_only
def judge_orders_queue(request):
    """Orders waiting for the signed-in judge's signature, oldest first (paged)."""
    page = page_of(
        request, selectors.orders_awaiting_signature(request.user), per_page=QUEUE_PER_PAGE
    )
    rows = [
        {
            "proposed": proposed,
            "submitted_local": clock.to_local(proposed.submitted_at, proposed.case.court.time_zone),
        }
        for proposed in page.object_list
    ]
    return render(request, "docket/judge_orders_queue.html", {"page": page, "rows": rows})


@requires(Action.PREPARE_ORDERS)
@safe_only
def order_detail(request, case_id: int, order_id: int):
    case = case_for_court_action(
        user=request.user, case_id=case_id, action=Action.PREPARE_ORDERS, request=request
    )
    order = selectors.orders_of(case).filter(pk=order_id).first()
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
