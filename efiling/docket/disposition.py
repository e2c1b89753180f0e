"""What docket entries do to a case's status (the writer is efiling.cases.disposition): a
judgment disposes the case ("judgment"), an order of dismissal disposes it ("dismissed by the
court"), an order of transfer (a change of venue: the case goes on in another court) disposes it
here ("transferred to another court"), an accepted dismissal filed by the parties (filing code
DISMISSAL_FILING_CODE) or a paper dismissal the clerk dockets as one disposes it ("dismissed by
the parties"), and an order of expungement (RSMo 610.140) closes the record to the public.
Called in the transaction that dockets the entry. A case disposed now has its future scheduled
hearings vacated (efiling.scheduling.services.hearings_vacate), with the reason "Case
disposed: <disposition>", each told to those who get its hearing notices."""

from __future__ import annotations

from efiling.accounts.models import User
from efiling.cases.disposition import case_disposition_record, case_expunge
from efiling.cases.models import Disposition
from efiling.docket.models import DocketEntry
from efiling.docket.orders_models import CourtOrder
from efiling.scheduling.services import hearings_vacate

# The filing code of a dismissal the parties file (efiling/courts/data/filing_codes.json).
DISMISSAL_FILING_CODE = "DISM"

ORDER_DISPOSITIONS = {
    CourtOrder.Kind.JUDGMENT: Disposition.JUDGMENT,
    CourtOrder.Kind.DISMISSAL: Disposition.DISMISSED_BY_COURT,
    CourtOrder.Kind.TRANSFER: Disposition.TRANSFERRED,
}


def _dispose(*, case, disposition: str, at, entry_number: int, actor: User, request=None) -> None:
    """Dispose of `case` (case_disposition_record) and, when that disposed it now (not an
    amended judgment of a case disposed before), vacate its future scheduled hearings."""
    if case_disposition_record(
        case=case,
        disposition=disposition,
        at=at,
        entry_number=entry_number,
        actor=actor,
        request=request,
    ):
        hearings_vacate(
            actor=actor,
            case=case,
            reason=f"Case disposed: {Disposition(disposition).label.lower()}",
            request=request,
        )


def order_disposition_follow(*, order: CourtOrder, actor: User, request=None) -> None:
    """Dispose of or expunge the order's case as its kind says; nothing for a plain order."""
    entry = order.docket_entry
    if order.kind == CourtOrder.Kind.EXPUNGEMENT:
        case_expunge(
            case=order.case,
            at=order.issued_at,
            entry_number=entry.number,
            actor=actor,
            request=request,
        )
    elif order.kind in ORDER_DISPOSITIONS:
        _dispose(
            case=order.case,
            disposition=ORDER_DISPOSITIONS[order.kind],
            at=order.issued_at,
            entry_number=entry.number,
            actor=actor,
            request=request,
        )


def filing_disposition_follow(*, entry: DocketEntry, actor: User, request=None) -> None:
    """An accepted dismissal filed by the parties disposes of the case as of its filing time;
    nothing for any other filing."""
    if entry.filing is not None and entry.filing.filing_code.code == DISMISSAL_FILING_CODE:
        paper_dismissal_follow(entry=entry, actor=actor, request=request)


def paper_dismissal_follow(*, entry: DocketEntry, actor: User, request=None) -> None:
    """`entry` is the parties' dismissal of the whole case (filed electronically, or on paper
    and docketed by the clerk as one): the case is disposed as of its filing time."""
    _dispose(
        case=entry.case,
        disposition=Disposition.DISMISSED_BY_PARTIES,
        at=entry.filed_at,
        entry_number=entry.number,
        actor=actor,
        request=request,
    )
