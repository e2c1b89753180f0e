"""The payment account through the API: GetPaymentAccount (balance, holds, available money),
GetLedger (its ledger, paged by the one paging contract), StartDeposit (adding funds: answers
the hosted checkout's address, where the payer goes to pay; the deposit is recorded when the
payment provider confirms it) and GetDeposit (its state). A submission refused for
insufficient funds names the add-funds page in its error body (`add_funds_url`)."""

from datetime import datetime

from django.http import HttpResponse
from ninja import Field, Path, Query, Router, Schema

from efiling.accounts.permissions import Action
from efiling.api.auth import api_user_require, permission_mark, token_or_session
from efiling.api.idempotency import (
    claimed_operation,
    header_parameter,
    idempotency_key_of,
    request_fingerprint,
)
from efiling.api.pagination import Page, PageQuery, paginate
from efiling.api.schemas import BodySchema, InputSchema, PlainInt, choices, errors, text
from efiling.payments import deposits
from efiling.payments.models import Deposit, LedgerEntry
from efiling.payments.services import balance

router = Router(tags=["Payments"], auth=token_or_session)
MANAGE = permission_mark(Action.MANAGE_PAYMENT_ACCOUNT)
OWNER = Field(
    None,
    description=(
        "Staff: the id of the attorney whose account (one who authorized you); others leave "
        "it out (their own account)."
    ),
)


class LedgerEntryOut(Schema):
    id: int
    kind: choices(LedgerEntry.Kind)
    amount_cents: int = Field(description="Always positive; the kind says which way it goes.")
    reference: str = Field(description='What it is for, e.g. "envelope E26-0000042".')
    hold_id: int | None = Field(description="For a charge or release: the hold it settles.")
    deposit_reference: str | None = Field(description="For a deposit: its reference.")
    created_at: datetime


class PaymentAccountOut(Schema):
    owner_id: int
    owner_name: str
    balance_cents: int = Field(description="Deposited less charged: the money in the account.")
    held_cents: int = Field(description="Fees held for filings not yet decided.")
    available_cents: int = Field(description="Balance less holds: what new filings can use.")
    ledger_url: str = Field(description="GetLedger of this account: every movement, paged.")
    add_funds_url: str = Field(description="The page where the owner adds funds.")


class OwnerQuery(InputSchema):
    owner_id: PlainInt | None = OWNER


class AccountQuery(PageQuery):
    owner_id: PlainInt | None = OWNER


class DepositIn(BodySchema):
    amount_cents: int = Field(description="Whole cents, within the system's bounds.")
    owner_id: int | None = OWNER


class DepositPath(InputSchema):
    reference: str = text(32, description='The deposit\'s reference, e.g. "D-7K3M9Q2XW4".')


class DepositOut(Schema):
    reference: str
    status: choices(Deposit.Status)
    amount_cents: int
    owner_id: int
    provider: str
    checkout_url: str = Field(description="Send the payer here to pay (the provider's page).")
    status_url: str = Field(description="The deposit's page, where the payer comes back.")
    created_at: datetime
    decided_at: datetime | None


def _entry_out(entry: LedgerEntry) -> dict:
    deposit = getattr(entry, "deposit", None)
    return {
        "id": entry.pk,
        "kind": entry.kind,
        "amount_cents": entry.amount_cents,
        "reference": entry.reference,
        "hold_id": entry.hold_id,
        "deposit_reference": deposit.reference if deposit else None,
        "created_at": entry.created_at,
    }


def _deposit_out(request, deposit: Deposit) -> dict:
    return {
        "reference": deposit.reference,
        "status": deposit.status,
        "amount_cents": deposit.amount_cents,
        "owner_id": deposit.account.owner_id,
        "provider": deposit.provider,
        "checkout_url": request.build_absolute_uri(deposit.checkout_url),
        "status_url": request.build_absolute_uri(f"/payments/deposits/{deposit.reference}/"),
        "created_at": deposit.created_at,
        "decided_at": deposit.decided_at,
    }


@router.get(
    "/payment-account",
    response={200: PaymentAccountOut, **errors(401, 403, 404)},
    operation_id="GetPaymentAccount",
    url_name="GetPaymentAccount",
    openapi_extra=MANAGE,
    summary="Your payment account: balance, holds and available money",
)
def get_payment_account(request, query: Query[OwnerQuery]):
    user = api_user_require(request, Action.MANAGE_PAYMENT_ACCOUNT)
    account = deposits.payment_account_get_for_user(user=user, owner_id=query.owner_id)
    money = balance(account)
    owner = f"?owner_id={account.owner_id}" if account.owner_id != user.pk else ""
    return {
        "owner_id": account.owner_id,
        "owner_name": account.owner.get_full_name(),
        "balance_cents": money.balance,
        "held_cents": money.held,
        "available_cents": money.available,
        "ledger_url": request.build_absolute_uri(f"/api/v1/payment-account/ledger{owner}"),
        "add_funds_url": request.build_absolute_uri("/payments/add/"),
    }


@router.get(
    "/payment-account/ledger",
    response={200: Page[LedgerEntryOut], **errors(401, 403, 404)},
    operation_id="GetLedger",
    url_name="GetLedger",
    openapi_extra=MANAGE,
    summary="The payment account's ledger, newest first: deposits, holds, charges, releases",
)
def get_ledger(request, response: HttpResponse, query: Query[AccountQuery]):
    user = api_user_require(request, Action.MANAGE_PAYMENT_ACCOUNT)
    account = deposits.payment_account_get_for_user(user=user, owner_id=query.owner_id)
    return paginate(
        request,
        response,
        deposits.ledger_of(account),
        query=query,
        key="created_at",
        descending=True,
        out=_entry_out,
    )


@router.post(
    "/deposits",
    response={201: DepositOut, **errors(401, 403, 404, 409, 415)},
    operation_id="StartDeposit",
    url_name="StartDeposit",
    openapi_extra={**MANAGE, **header_parameter(required=False)},
    summary="Add funds: start a deposit and get the hosted checkout's address",
)
def start_deposit(request, payload: DepositIn):
    """The checkout is opened at the payment provider (network I/O, outside any transaction),
    so an Idempotency-Key is claimed first and its answer recorded in the transaction that
    records the opened checkout: a retry answers the same deposit and checkout."""
    user = api_user_require(request, Action.MANAGE_PAYMENT_ACCOUNT)
    account = deposits.payment_account_get_for_user(user=user, owner_id=payload.owner_id)

    def run(complete):
        answer = {}
        deposits.deposit_start(
            user=user,
            account=account,
            amount_cents=payload.amount_cents,
            site_url=request.build_absolute_uri("/"),
            request=request,
            channel="api",
            in_transaction=lambda deposit: answer.update(
                body=complete(201, _deposit_out(request, deposit))
            ),
        )
        return 201, answer["body"]

    return claimed_operation(
        user=user,
        operation="StartDeposit",
        key=idempotency_key_of(request, required=False),
        fingerprint=lambda: request_fingerprint(request),
        run=run,
    )


@router.get(
    "/deposits/{reference}",
    response={200: DepositOut, **errors(401, 403, 404)},
    operation_id="GetDeposit",
    url_name="GetDeposit",
    openapi_extra=MANAGE,
    summary="A deposit's state (pending until the payment provider confirms it)",
)
def get_deposit(request, path: Path[DepositPath]):
    user = api_user_require(request, Action.MANAGE_PAYMENT_ACCOUNT)
    deposit = deposits.deposit_get_for_user(user=user, reference=path.reference)
    return _deposit_out(request, deposit)
