"""The payment account pages: the account (balance, available money, ledger, receipts), adding
funds through the hosted checkout, a deposit's return page and receipt; and the provider's side
of the checkout: the callback (webhook) and the demo checkout page."""

import contextlib

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from efiling.accounts.access import public, requires
from efiling.accounts.permissions import Action
from efiling.core.errors import DomainError, error_body
from efiling.core.forms import add_domain_error
from efiling.core.pages import safe_only
from efiling.core.paging import page_of
from efiling.core.query import query_value
from efiling.core.text import content_disposition
from efiling.payments import deposits
from efiling.payments.forms import AddFundsForm, DemoCardForm
from efiling.payments.models import Deposit
from efiling.payments.providers import demo
from efiling.payments.providers.demo import demo_payment, demo_session_read
from efiling.payments.receipt import deposit_receipt_pdf, receipt_lines
from efiling.payments.services import balance

LEDGER_PER_PAGE = 25


@requires(Action.MANAGE_PAYMENT_ACCOUNT)
@safe_only
def payment_accounts(request):
    """A filer's own account; staff choose among their attorneys' accounts."""
    owners = deposits.payment_account_owners(request.user)
    if len(owners) == 1:
        return redirect("payment-account", owners[0].pk)
    rows = []
    for owner in owners:
        account = deposits.payment_account_get_for_user(user=request.user, owner_id=owner.pk)
        rows.append({"owner": owner, "balance": balance(account)})
    return render(request, "payments/accounts.html", {"rows": rows})


@requires(Action.MANAGE_PAYMENT_ACCOUNT)
@safe_only
def payment_account(request, owner_id: int):
    account = deposits.payment_account_get_for_user(user=request.user, owner_id=owner_id)
    page = page_of(request, deposits.ledger_of(account), per_page=LEDGER_PER_PAGE)
    return render(
        request,
        "payments/account.html",
        {
            "account": account,
            "owner": account.owner,
            "money": balance(account),
            "page": page,
            "several": len(deposits.payment_account_owners(request.user)) > 1,
        },
    )


@requires(Action.MANAGE_PAYMENT_ACCOUNT)
@require_http_methods(["GET", "HEAD", "POST"])
def add_funds(request):
    owners = deposits.payment_account_owners(request.user)
    initial = {"account": query_value(request, "account") or (owners[0].pk if owners else None)}
    form = AddFundsForm(request.POST or None, owners=owners, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                account = deposits.payment_account_get_for_user(
                    user=request.user, owner_id=form.cleaned_data["account"]
                )
                deposit = deposits.deposit_start(
                    user=request.user,
                    account=account,
                    amount_cents=form.cleaned_data["amount"],
                    site_url=request.build_absolute_uri("/"),
                    request=request,
                )
            except DomainError as exc:
                if exc.field == "amount_cents":
                    exc.field = "amount"
                add_domain_error(form, exc)
                status = exc.status
            else:
                return redirect(deposit.checkout_url)
        else:
            status = 400
    return render(
        request,
        "payments/add_funds.html",
        {"form": form, "owners": owners, "provider": settings.EFILING_PAYMENT_PROVIDER},
        status=status,
    )


@requires(Action.MANAGE_PAYMENT_ACCOUNT)
@safe_only
def deposit_page(request, reference: str):
    """Where the checkout sends the payer back: what the return proves is recorded, and the
    deposit's state is shown."""
    deposit = deposits.deposit_get_for_user(user=request.user, reference=reference)
    problem, status = "", 200
    try:
        deposit = deposits.deposit_return(deposit=deposit, params=request.GET, request=request)
    except DomainError as exc:
        problem, status = exc.message, exc.status
    return render(
        request,
        "payments/deposit.html",
        {
            "deposit": deposit,
            "receipt": receipt_lines(deposit) if deposit.entry_id else [],
            "problem": problem,
            "left": query_value(request, "left") == "1",
        },
        status=status,
    )


@requires(Action.MANAGE_PAYMENT_ACCOUNT)
@safe_only
def deposit_receipt(request, reference: str):
    deposit = deposits.deposit_get_for_user(user=request.user, reference=reference)
    if deposit.status != Deposit.Status.COMPLETED:
        return redirect("payment-deposit", deposit.reference)
    response = HttpResponse(deposit_receipt_pdf(deposit), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(
        f"receipt-{deposit.reference}.pdf", disposition="attachment"
    )
    return response


@public
@csrf_exempt
@require_POST
def provider_callback(request, provider: str):
    """The payment provider's callback (webhook): 200 once recorded (or when it says nothing
    about a payment), 400 when refused (nothing recorded; audited), 404 for a provider this
    system does not use."""
    if provider != settings.EFILING_PAYMENT_PROVIDER:
        raise Http404("No such payment provider here.")
    try:
        deposit = deposits.deposit_callback(
            provider_name=provider, body=request.body, headers=request.headers, request=request
        )
    except DomainError as exc:
        return JsonResponse(error_body(exc), status=exc.status)
    if deposit is None:
        return JsonResponse({"received": True, "deposit": None, "status": None})
    return JsonResponse({"received": True, "deposit": deposit.reference, "status": deposit.status})


@public
@require_http_methods(["GET", "HEAD", "POST"])
def demo_checkout(request, session_id: str):
    """The demo processor's hosted checkout page (embedded mode only)."""
    if settings.EFILING_PAYMENT_PROVIDER != "demo":
        raise Http404("The demo checkout is off.")
    try:
        session = demo_session_read(session_id, query_value(request, "s", ""))
    except DomainError as exc:
        return render(
            request,
            "core/error.html",
            {"title": "Checkout link not valid", "message": exc.message},
            status=exc.status,
        )
    form = DemoCardForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            number = form.cleaned_data["number"]
            if number not in (demo.APPROVED_CARD, demo.DECLINED_CARD):
                form.add_error("number", "This demo checkout takes only its test card numbers.")
                status = 422
            else:
                body, headers, back = demo_payment(session, paid=number == demo.APPROVED_CARD)
                # The processor's callback, signed, read as any webhook is; a refusal is
                # audited, and the return page shows the deposit's state.
                with contextlib.suppress(DomainError):
                    deposits.deposit_callback(
                        provider_name="demo", body=body, headers=headers, request=request
                    )
                return redirect(back)
        else:
            status = 400
    return render(
        request,
        "payments/demo_checkout.html",
        {
            "session": session,
            "form": form,
            "cancel_url": session.cancel_url,
            "account_url": reverse("payment-accounts"),
        },
        status=status,
    )
