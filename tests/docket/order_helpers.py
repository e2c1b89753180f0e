"""Shared by the order and judgment tests: parties, preparing, signing and issuing an order."""

from pathlib import Path

from django.core.files.storage import default_storage

from efiling.cases.models import Party
from efiling.docket import orders, signing
from efiling.docket.orders_models import ProposedOrder
from tests.docket.conftest import committed

Status = ProposedOrder.Status
ORDER_TEXT = "The motion to compel is granted.\n\nDefendant shall answer within 20 days."


def stored_files() -> list[str]:
    root = Path(default_storage.location)
    return [str(p) for p in root.rglob("*") if p.is_file()] if root.exists() else []


def order_parties(case):
    plaintiff = Party.objects.create(
        case=case, kind="person", role="plaintiff", first_name="Pat", last_name="Lawson"
    )
    defendant = Party.objects.create(
        case=case, kind="organization", role="defendant", organization_name="Example Corp."
    )
    return plaintiff, defendant


def order_prepare(actor, case, judge, **fields):
    values = {"kind": "order", "title": "Order on Motion to Compel", "body_text": ORDER_TEXT}
    values.update(fields)
    return orders.proposed_order_prepare(actor=actor, case=case, judge=judge, **values)


def order_sign(judge, proposed):
    with committed():  # the stamped copy is made after the commit
        order = signing.proposed_order_sign(
            judge=judge, proposed=proposed, signature=judge_signature(judge)
        )
    order.document.refresh_from_db()
    return order


def judge_signature(judge):
    return orders.judge_signature(judge)


def order_issue(actor, case, judge, **fields):
    """Prepared by `actor`, submitted, signed by `judge`."""
    return order_sign(judge, order_prepare(actor, case, judge, submit=True, **fields))
