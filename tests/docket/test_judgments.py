"""Judgments: the parties and amounts a judgment records, its docket entry and notices, the
judgments index, and what a judgment line may hold."""

import pytest

from efiling.cases.models import Party
from efiling.core.errors import ValidationFailed
from efiling.docket import selectors
from efiling.docket.models import DocketEntry
from efiling.docket.orders_models import JudgmentLine, ProposedOrder
from efiling.service.models import Notice
from tests import factories
from tests.docket.conftest import stored_pdf_text
from tests.docket.order_helpers import order_issue, order_parties, order_prepare


def test_a_judgment_records_parties_and_amounts_and_is_indexed(case, judge, court, other_court):
    plaintiff, defendant = order_parties(case)
    third = Party.objects.create(
        case=case, kind="person", role="defendant", first_name="Sam", last_name="Example"
    )
    order = order_issue(
        judge,
        case,
        judge,
        kind="judgment",
        title="Judgment",
        body_text="This matter came before the Court for trial.",
        judgment_lines=[
            {"in_favor_of": plaintiff.pk, "against": defendant.pk, "amount_cents": 1_250_075},
            {
                "in_favor_of": plaintiff.pk,
                "against": third.pk,
                "amount_cents": 50_000,
                "description": "costs",
            },
        ],
    )
    assert order.docket_entry.kind == DocketEntry.Kind.JUDGMENT
    assert order.docket_entry.text.startswith("Judgment. Signed by Judge")
    lines = list(order.judgment_lines.order_by("pk"))
    assert [(x.in_favor_of, x.against, x.amount_cents) for x in lines] == [
        ("Pat Lawson", "Example Corp.", 1_250_075),
        ("Pat Lawson", "Sam Example", 50_000),
    ]
    assert Notice.objects.filter(case=case, kind=Notice.Kind.JUDGMENT).count() == 2
    stamped = stored_pdf_text(order.document.stamped_storage_name)
    assert "$12,500.75" in stamped and "Example Corp." in stamped

    assert list(selectors.judgments_index()) == list(JudgmentLine.objects.filter(order=order))
    assert selectors.judgments_index(court=court).count() == 2
    assert selectors.judgments_index(court=other_court).count() == 0
    assert selectors.judgments_index(since=order.issued_at).count() == 2

    case.security_level = "sealed"
    case.save()
    assert selectors.judgments_index().count() == 0


def test_an_order_with_lines_is_refused(case, judge):
    plaintiff, defendant = order_parties(case)
    with pytest.raises(ValidationFailed):
        order_prepare(
            judge,
            case,
            judge,
            judgment_lines=[
                {"in_favor_of": plaintiff.pk, "against": defendant.pk, "amount_cents": 1}
            ],
        )


def test_judgment_lines_name_two_parties_of_the_case(case, judge, court):
    plaintiff, defendant = order_parties(case)
    stranger = Party.objects.create(
        case=factories.case(court, number="26SL-CC00099"),
        kind="person",
        role="plaintiff",
        first_name="Stan",
        last_name="Ger",
    )
    for favor, against, words in (
        (plaintiff.pk, stranger.pk, "two parties of 26SL-CC00001"),
        ("Pat Lawson", defendant.pk, "two parties of 26SL-CC00001"),  # a name is not a party
        (plaintiff.pk, plaintiff.pk, "against another"),
    ):
        with pytest.raises(ValidationFailed, match=words):
            order_prepare(
                judge,
                case,
                judge,
                kind="judgment",
                title="Judgment",
                judgment_lines=[{"in_favor_of": favor, "against": against, "amount_cents": 1}],
            )
    assert not ProposedOrder.objects.exists()


def test_a_judgment_line_description_too_long_is_refused_not_cut(case, judge):
    """It was cut to 300 characters quietly."""
    plaintiff, defendant = order_parties(case)
    with pytest.raises(ValidationFailed, match="at most 300 characters"):
        order_prepare(
            judge,
            case,
            judge,
            kind="judgment",
            title="Judgment",
            judgment_lines=[
                {
                    "in_favor_of": plaintiff.pk,
                    "against": defendant.pk,
                    "amount_cents": 1,
                    "description": "costs " * 60,
                }
            ],
        )
    assert not ProposedOrder.objects.exists()
