"""Recording notices, in the transaction of the event they tell about."""

from django.db import transaction

from efiling.core import clock
from efiling.core.errors import NotFound
from efiling.service.models import Notice


def notices_record(
    *, recipients, kind: str, subject: str, body: str, case=None, link: str = ""
) -> list[Notice]:
    """One notice per distinct recipient. Must run inside the event's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Notices are recorded in the transaction of the event they tell about.")
    now, seen, rows = clock.now(), set(), []
    for person in recipients:
        if person is None or person.pk in seen:
            continue
        seen.add(person.pk)
        rows.append(
            Notice(
                recipient=person,
                kind=kind,
                case=case,
                subject=subject[:200],
                body=body,
                link=link,
                created_at=now,
            )
        )
    return Notice.objects.bulk_create(rows)


def notices_for(user, *, unread_only: bool = False):
    notices = Notice.objects.filter(recipient=user).select_related("case")
    return notices.filter(read_at__isnull=True) if unread_only else notices


def notice_mark_read(*, user, notice_id: int) -> Notice:
    notice = Notice.objects.filter(pk=notice_id, recipient=user).first()
    if notice is None:
        raise NotFound("There is no such notice.")
    if notice.read_at is None:
        notice.read_at = clock.now()
        notice.save(update_fields=["read_at"])
    return notice
