"""The filer's pages after submission: the receipt (page and PDF), the certificate of service,
paying the fees after a denied waiver, cancelling (ECF CancelFiling); and deleting a draft."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from efiling.accounts.access import requires
from efiling.accounts.permissions import Action
from efiling.core.errors import DomainError
from efiling.core.pages import safe_only
from efiling.core.text import content_disposition
from efiling.filings import closing
from efiling.filings.certificate import certificate_data, certificate_pdf
from efiling.filings.models import Status
from efiling.filings.receipt import receipt_pdf
from efiling.filings.receipt_data import receipt_data, receipt_history
from efiling.filings.views import envelope_for_request
from efiling.payments.services import balance, payment_account_for


def _pdf_attachment(data: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(file_name, disposition="attachment")
    return response


@requires(Action.VIEW_OWN_FILINGS)
@safe_only
def receipt(request, public_id):
    envelope = envelope_for_request(request, public_id)
    if envelope.submitted_at is None:
        return redirect("filing-review", envelope.public_id)
    return render(
        request,
        "filings/receipt.html",
        {
            "envelope": envelope,
            "receipt": receipt_data(envelope),
            "history": receipt_history(envelope),
            "cancellable": envelope.status in (Status.SUBMITTED, Status.RETURNED),
            "returned": envelope.status == Status.RETURNED,
            "available_cents": balance(payment_account_for(envelope.signer)).available
            if envelope.awaits_fee_payment
            else 0,
        },
    )


@requires(Action.VIEW_OWN_FILINGS)
@require_POST
def pay_fees(request, public_id):
    """After a denied fee waiver: hold the fees from the payment account."""
    return _acted_on_receipt(
        request,
        public_id,
        closing.envelope_fee_pay,
        "The fees are held from the payment account; the clerk can now accept the filing.",
    )


@requires(Action.VIEW_OWN_FILINGS)
@safe_only
def receipt_download(request, public_id):
    envelope = envelope_for_request(request, public_id)
    if envelope.submitted_at is None:
        return redirect("filing-review", envelope.public_id)
    return _pdf_attachment(
        receipt_pdf(receipt_data(envelope)), f"receipt-{envelope.confirmation_number}.pdf"
    )


@requires(Action.VIEW_OWN_FILINGS)
@safe_only
def certificate_download(request, public_id):
    """The certificate of service (PDF), made from the service kept at submission."""
    envelope = envelope_for_request(request, public_id)
    if envelope.submitted_at is None:
        return redirect("filing-review", envelope.public_id)
    return _pdf_attachment(
        certificate_pdf(certificate_data(envelope)),
        f"certificate-of-service-{envelope.confirmation_number}.pdf",
    )


@requires(Action.VIEW_OWN_FILINGS)
@require_POST
def cancel(request, public_id):
    return _acted_on_receipt(
        request,
        public_id,
        closing.envelope_cancel,
        "The envelope is cancelled; the fee hold is released.",
    )


def _acted_on_receipt(request, public_id, act, done: str):
    """Run the receipt page's button `act` (a service taking envelope, user, request) on the
    envelope, then back to the receipt with `done` or the refusal's words."""
    envelope = envelope_for_request(request, public_id)
    try:
        act(envelope=envelope, user=request.user, request=request)
        messages.success(request, done)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("filing-receipt", envelope.public_id)


@requires(Action.VIEW_OWN_FILINGS)
@require_POST
def delete_draft(request, public_id):
    envelope = envelope_for_request(request, public_id)
    try:
        closing.draft_delete(envelope=envelope, user=request.user, request=request)
        messages.success(request, "The draft is deleted.")
        return redirect("my-filings")
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("filing-documents", envelope.public_id)
