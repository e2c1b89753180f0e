"""The judge signs and issues a proposed order, or returns it with a note (see
efiling.docket.orders for the whole path of a proposed order). Signing makes the PDF
(efiling.docket.order_pdf), checks and stores it, then dockets it in one short transaction and
records "docket.order_issued"."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from django.db import transaction
from django.urls import reverse

from efiling.accounts.models import User
from efiling.accounts.permissions import Action, require_write
from efiling.audit.services import audit_record
from efiling.core import clock
from efiling.core.counters import counter_next
from efiling.core.errors import Conflict, PermissionDenied, ValidationFailed
from efiling.core.events import event_record
from efiling.core.words import labelled, long_date, one_line, sentence
from efiling.courts.services import court_policy
from efiling.docket.disposition import order_disposition_follow
from efiling.docket.documents import docketing_files, document_docket_new
from efiling.docket.models import DocketEntry
from efiling.docket.order_pdf import order_pdf_render, signature_page_render
from efiling.docket.orders import (
    RETURN_NOTE_MAX,
    Status,
    judge_signature,
    judgment_line_input,
    proposed_order_label,
    proposed_order_locked,
    proposed_order_transition,
)
from efiling.docket.orders_models import CourtOrder, JudgmentLine, ProposedOrder
from efiling.documents.append import pdf_append
from efiling.documents.isolated import CheckerFailed
from efiling.documents.pdf import inspect_pdf
from efiling.filings import storage
from efiling.filings.documents import checker_pool, document_check, pdf_refusal


def _judge_of_checked(*, judge: User, proposed: ProposedOrder) -> None:
    require_write(judge, Action.SIGN_ORDERS, court=proposed.case.court)
    if proposed.judge_id and proposed.judge_id != judge.pk:
        raise PermissionDenied(
            f"This {proposed_order_label(proposed)} waits for the signature of Judge "
            f"{one_line(proposed.judge.get_full_name())}."
        )


def _waiting(proposed: ProposedOrder) -> None:
    """Conflict unless `proposed` waits for a signature, saying what became of it (signed by
    whom and when, returned when, or still a draft) and linking to it, the order signed and
    the judge's queue."""
    if proposed.status == Status.AWAITING_SIGNATURE:
        return
    label, zone = proposed_order_label(proposed), proposed.case.court.time_zone
    links = {
        "proposed_order_url": reverse("proposed-order", args=[proposed.pk]),
        "queue_url": reverse("judge-orders-queue"),
    }
    when = (
        f" on {long_date(clock.to_local(proposed.decided_at, zone).date())}"
        if proposed.decided_at
        else ""
    )
    if proposed.status == Status.ISSUED and proposed.order_id:
        order = proposed.order
        links["order_url"] = reverse("order-detail", args=[order.case_id, order.pk])
        message = (
            f"This {label} was already signed by Judge {one_line(order.signed_by.get_full_name())}"
            f"{when} and issued as docket entry {order.docket_entry.number} in "
            f"{proposed.case.number}."
        )
    elif proposed.status == Status.RETURNED:
        by = f" by Judge {one_line(proposed.judge.get_full_name())}" if proposed.judge_id else ""
        message = (
            f"This {label} was already returned{by}{when} to "
            f"{one_line(proposed.prepared_by.get_full_name())}: it no longer waits for a "
            "signature."
        )
    else:
        message = f"This {label} is still a draft: it does not wait for a signature yet."
    raise Conflict(message, code="not_awaiting_signature", links=links)


def proposed_order_return(
    *, judge: User, proposed: ProposedOrder, note: str, request=None
) -> ProposedOrder:
    """The judge sends it back to the preparer with `note` (1 to RETURN_NOTE_MAX characters,
    one line); PermissionDenied for anyone but its judge, Conflict unless it waits."""
    _judge_of_checked(judge=judge, proposed=proposed)
    note = one_line(note)
    if not note or len(note) > RETURN_NOTE_MAX:
        raise ValidationFailed(
            f"Say what to change (at most {RETURN_NOTE_MAX} characters).", field="note"
        )
    with transaction.atomic():
        proposed = proposed_order_locked(proposed)
        _waiting(proposed)
        return proposed_order_transition(
            proposed=proposed, to=Status.RETURNED, actor=judge, note=note, request=request
        )


def _signed_filed_pdf(
    proposed: ProposedOrder, judge: User, signature: str, issued_local: datetime, workdir: Path
) -> Path:
    """The filed proposed order's pages followed by the judge's signature page."""
    case, source = proposed.case, workdir / "proposed.pdf"
    name = proposed.filed_document.storage_name
    with storage.document_open(name) as original, open(source, "wb") as copy:
        shutil.copyfileobj(original, copy)
    page = workdir / "signature.pdf"
    page.write_bytes(
        signature_page_render(
            court_name=case.court.name,
            case_number=case.number,
            title=proposed.title,
            signature=signature,
            judge_name=judge.get_full_name(),
            issued_local=issued_local,
        )
    )
    signed = workdir / "signed.pdf"
    try:
        checker_pool().run(pdf_append, src=str(source), extra=str(page), dst=str(signed))
    except CheckerFailed as failure:
        raise ValidationFailed(pdf_refusal("The proposed order", failure)) from None
    return signed


def proposed_order_sign(
    *, judge: User, proposed: ProposedOrder, signature: str, request=None
) -> CourtOrder:
    """The judge signs and issues it: `signature` must read "/s/ <judge's full name>" (any
    case). The PDF is made (a written order rendered with the signature and today's date in
    the court's zone; a filed one with a signature page added), checked and stored; then one
    transaction dockets it as the next entry, records the CourtOrder (and a judgment's lines),
    marks the proposed order issued, audits and notices. PermissionDenied for anyone but its
    judge; Conflict unless it waits for a signature (re-checked under the row's lock)."""
    _judge_of_checked(judge=judge, proposed=proposed)
    _waiting(proposed)
    expected = judge_signature(judge)
    if one_line(signature).casefold() != expected.casefold():
        raise ValidationFailed(
            f'Type your electronic signature exactly as "{expected}".', field="signature"
        )
    case = proposed.case
    court = case.court
    kind = proposed.kind
    label = CourtOrder.Kind(kind).label
    lines = [judgment_line_input(x) for x in proposed.judgment_lines]
    with docketing_files() as files:
        issued_at = clock.now()
        issued_local = clock.to_local(issued_at, court.time_zone)
        upload = None
        if proposed.filed_document_id:
            upload = document_check(
                path=_signed_filed_pdf(proposed, judge, expected, issued_local, files.workdir),
                name="The signed order",
                policy=court_policy(court=court),
                public=False,
                workdir=files.workdir,
                court_made=True,
            )
            source = upload.path
        else:
            source = files.workdir / "order.pdf"
            source.write_bytes(
                order_pdf_render(
                    court_name=court.name,
                    case_number=case.number,
                    caption=case.caption,
                    kind=kind,
                    title=proposed.title,
                    body_text=proposed.body_text,
                    judge_name=judge.get_full_name(),
                    signature=expected,
                    issued_local=issued_local,
                    lines=lines,
                )
            )
        stored = files.store(
            source, page_count=upload.page_count if upload else inspect_pdf(source).page_count
        )
        with transaction.atomic():
            number = counter_next(f"docket:{case.pk}")
            proposed = proposed_order_locked(proposed)
            _waiting(proposed)
            text = (
                f"{sentence(labelled(label, proposed.title))} "
                f"Signed by Judge {one_line(judge.get_full_name())}."
            )
            preparer = proposed.prepared_by
            if proposed.filed_document_id:
                text += (
                    f" Proposed by {one_line(preparer.get_full_name())} (docket entry "
                    f"{proposed.filed_document.docket_entry.number})."
                )
            elif preparer.pk != judge.pk:
                text += f" Prepared by {one_line(preparer.get_full_name())}."
            entry = DocketEntry.objects.create(
                case=case,
                number=number,
                kind=DocketEntry.Kind.JUDGMENT
                if kind == CourtOrder.Kind.JUDGMENT
                else DocketEntry.Kind.ORDER,
                text=text,
                filed_at=issued_at,
                entered_by=judge,
                created_at=issued_at,
                security_level=case.security_level,
            )
            document = document_docket_new(
                entry=entry,
                stored=stored,
                title=proposed.title,
                original_name=f"{kind}-{case.number}.pdf",
                uploaded_by=judge,
                text_searchable=upload.text_searchable if upload else True,
                cleaned=upload.cleaned if upload else False,
                notes=upload.notes if upload else (),
                received_sha256=upload.received_sha256 if upload else "",
                received_size=upload.received_size if upload else None,
            )
            order = CourtOrder.objects.create(
                case=case,
                docket_entry=entry,
                kind=kind,
                title=proposed.title,
                judge=judge,
                signed_by=judge,
                issued_by=preparer,
                signature=expected,
                issued_at=issued_at,
                document=document,
            )
            JudgmentLine.objects.bulk_create(
                [
                    JudgmentLine(
                        order=order,
                        in_favor_of=line.in_favor_of,
                        against=line.against,
                        amount_cents=line.amount_cents,
                        description=line.description,
                    )
                    for line in lines
                ]
            )
            proposed.order = order
            proposed.save(update_fields=["order"])
            audit_record(
                action=f"{kind}.issued",
                target=order,
                actor=judge,
                request=request,
                details={
                    "case": case.number,
                    "docket_number": entry.number,
                    "title": proposed.title,
                    "judge": judge.pk,
                    "prepared_by": preparer.pk,
                    "proposed_order": proposed.pk,
                    "sha256": document.sha256,
                    "source": "filed" if proposed.filed_document_id else "written",
                    "lines": [
                        {
                            "in_favor_of": x.in_favor_of,
                            "against": x.against,
                            "cents": x.amount_cents,
                        }
                        for x in lines
                    ],
                },
            )
            order_disposition_follow(order=order, actor=judge, request=request)
            event_record("docket.order_issued", order=order)
            proposed_order_transition(
                proposed=proposed, to=Status.ISSUED, actor=judge, request=request
            )
        return order
