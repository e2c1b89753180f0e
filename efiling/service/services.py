"""Recording notices, in the transaction of the event they tell about.

A notice says what happened, in which case, and links to it; it never carries the text of
confidential or sealed material (issue 9): whoever may open that material reads it after signing
in, under the access rules of that moment. Subjects name a case by its number, never its caption.
"""

from django.db import transaction
from django.db.models import Prefetch, Q

from efiling.cases.models import Case, SecurityLevel
from efiling.core import clock
from efiling.core.errors import NotFound
from efiling.service.case_pages import case_page_url, link_page_name
from efiling.service.delivery import deliveries_record
from efiling.service.models import Notice, NoticeDelivery
from efiling.service.recipients import recipients_with_staff


def _restricted_level(case, entry) -> str:
    """The most restricted security level among the case and the docket entry a notice
    concerns ("" when both are public)."""
    levels = {getattr(case, "security_level", ""), getattr(entry, "security_level", "")}
    for level in (SecurityLevel.SEALED, SecurityLevel.CONFIDENTIAL):
        if level in levels:
            return level
    return ""


def notice_body(*, body: str, case=None, entry=None) -> str:
    """The body a notice may carry: `body` when the case and entry are public, otherwise only
    the statement that there is something to read, and where."""
    level = _restricted_level(case, entry)
    if not level:
        return body
    return _withheld(case, level, entry.number if entry is not None else None)


def _withheld(case, level: str, entry_number: int | None) -> str:
    what = f"docket entry {entry_number}" if entry_number is not None else "it"
    return (
        f"This concerns {SecurityLevel(level).label.lower()} material of case {case.number}, "
        f"so the notice does not repeat it. Sign in and open the case to read {what}."
    )


def notices_record(
    *, recipients, kind: str, subject: str, body: str, case=None, entry=None, link: str = ""
) -> list[Notice]:
    """One notice per distinct recipient (`recipients`, None skipped, and the recipient rules'
    additions: an attorney's authorized staff, efiling.service.recipients), linking to `link`,
    or by default to the case's page that recipient may open (case_pages.case_page_url: the
    court's, My cases', or the public page for one who takes no part in a public case, at the
    entry's row or the hearings; no link when they may open none). `entry` is the docket entry
    it tells about, if any: with `case`, it decides whether `body` may be stored (notice_body).
    Must run inside the event's transaction, where it also records the e-mails that carry the
    notices (delivery.deliveries_record)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Notices are recorded in the transaction of the event they tell about.")
    body = notice_body(body=body, case=case, entry=entry)
    anchor = _case_page_anchor(kind, getattr(entry, "number", None))

    def link_for(person) -> str:
        if link or case is None or case.pk is None:
            return link
        return case_page_url(person, case, anchor=anchor) or ""

    now = clock.now()
    notices = Notice.objects.bulk_create(
        Notice(
            recipient=person,
            kind=kind,
            case=case,
            subject=subject[:200],
            body=body,
            link=link_for(person),
            entry_number=getattr(entry, "number", None),
            created_at=now,
        )
        for person in recipients_with_staff(recipients)
    )
    deliveries_record(notices)
    return notices


def _case_page_anchor(kind: str, entry_number: int | None) -> str:
    """Where on the case's public page a notice points: its docket entry's row, or the
    hearings for a hearing's notice."""
    if entry_number is not None:
        return f"entry-{entry_number}"
    return "hearings-caption" if kind == Notice.Kind.HEARING else ""


CASE_PAGES = frozenset({"court-case", "my-case", "public-case"})  # URL names


def notice_link_now(notice: Notice) -> str:
    """Where the notice's Open link goes now, for its recipient: a link to one of its case's
    pages (CASE_PAGES) made again by case_pages.case_page_url, since their access may have
    changed since it was recorded (counsel withdrawn, a case sealed or no longer public; ""
    when they may open none of its pages); any other link (a receipt, a filing served) as
    recorded."""
    link = notice.link
    if notice.case_id is None or link_page_name(link) not in CASE_PAGES:
        return link
    anchor = _case_page_anchor(notice.kind, notice.entry_number)
    return case_page_url(notice.recipient, notice.case, anchor=anchor) or ""


def notices_for(user, *, unread_only: bool = False, case_id: int | None = None):
    """The user's notices, newest first, each with its e-mails (`deliveries`) prefetched;
    only the unread ones, or those of one case, when asked."""
    notices = (
        Notice.objects.filter(recipient=user)
        .select_related("case")
        .prefetch_related(Prefetch("deliveries", NoticeDelivery.objects.order_by("pk")))
    )
    if case_id is not None:
        notices = notices.filter(case_id=case_id)
    return notices.filter(read_at__isnull=True) if unread_only else notices


def notice_cases(user) -> list:
    """The cases the user's notices are about (for the inbox's filter), by number."""
    ids = Notice.objects.filter(recipient=user, case__isnull=False).values("case_id")
    return list(Case.objects.filter(pk__in=ids).order_by("number", "pk"))


def notices_unread_count(user) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def notice_mark_read(*, user, notice_id: int) -> Notice:
    """Mark one of the user's notices read (once: a second time changes nothing); NotFound
    for a notice that is not theirs."""
    notice = Notice.objects.filter(pk=notice_id, recipient=user).first()
    if notice is None:
        raise NotFound("There is no such notice.")
    if notice.read_at is None:
        notice.read_at = clock.now()
        notice.save(update_fields=["read_at"])
    return notice


def notices_mark_read(*, user, notice_ids=None, case_id: int | None = None) -> int:
    """Mark the user's unread notices read: those of `notice_ids` (others' ids are ignored),
    else those of one case, else all; how many were unread."""
    unread = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if notice_ids is not None:
        unread = unread.filter(pk__in=list(notice_ids))
    if case_id is not None:
        unread = unread.filter(case_id=case_id)
    return unread.update(read_at=clock.now())


def notices_withhold(*, case, entry=None) -> int:
    """After a case or one of its docket entries was made confidential or sealed: the notices
    already recorded about it keep only the statement that there is something to read (their
    bodies are replaced, so the inbox, GetNotices and e-mails not yet sent no longer carry the
    text). For an entry: the notices that name it, and earlier ones whose body is its text.
    How many notices changed. Nothing for material that is public."""
    level = _restricted_level(case, entry)
    if not level:
        return 0
    notices = Notice.objects.filter(case=case)
    if entry is not None:
        about = Q(entry_number=entry.number)
        if entry.text:
            about |= Q(entry_number__isnull=True, body=entry.text)
        groups = [(notices.filter(about), entry.number)]
    else:
        numbers = set(notices.values_list("entry_number", flat=True))
        groups = [(notices.filter(entry_number=number), number) for number in numbers]
    changed = 0
    for rows, number in groups:
        withheld = _withheld(case, level, number)
        changed += rows.exclude(body=withheld).update(body=withheld)
    return changed
