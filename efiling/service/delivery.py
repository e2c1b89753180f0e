"""Notices by e-mail: durable, retried, and never lost (issue 12, "Notices and delivery").

`deliveries_record` runs inside the transaction that records the notices (notices_record): for
each recipient who takes notices by e-mail it writes NoticeDelivery rows, one per address (the
account's address and its confirmed extra addresses), each with its Message-ID fixed there:

- "at once" (the default): one e-mail per notice and address, enqueued (`deliver_notice`) once
  the transaction commits;
- "daily digest": the notice joins the recipient's digest of the next digest time (their chosen
  hour, Central time), one row per address and time, sent at that time.

One attempt (`notice_delivery_attempt`) claims the row first (attempts + 1, and a lease: its
next attempt moved LEASE ahead), so two workers never send one row at once; it then sends
through the configured e-mail backend (EFILING_EMAIL_URL) and records what happened:

- accepted by the mail server: sent (sent_at);
- refused at sending (a 5xx answer: the recipient or the message refused): failed, at once;
- anything else (server down, timeout, a 4xx answer): retried with backoff (efiling.core.retries:
  30 s, 2 min, 8 min, 32 min, 2 h 8 min), failed after MAX_ATTEMPTS.

The same queue carries a message of its own (`message_queue`: a subject and a text, no notice),
to an address that has no account (a signed-out requester of the help desk), sent, retried and
resumed like a notice's.

A worker killed mid-attempt leaves the row queued with its lease; `deliveries_resume` (`efiling
resume_deliveries`, run by `efiling serve` every few minutes) enqueues it again once overdue.
A duplicate e-mail is thus possible only when a process stopped between the mail server's
acceptance and the row's update, and it carries the same Message-ID.

Through a mail provider's API (django-anymail, EFILING_EMAIL_URL anymail+<provider>://) the
provider's refusal of every recipient is a refusal at sending too, and its id of the message is
kept (provider_message_id). Bounces the provider reports later, through its tracking webhook,
turn a sent row bounced (efiling.service.bounces), matched by that id or by our Message-ID.
Plain SMTP alone gives no bounces: the reports (DSNs) go to the envelope sender's mailbox,
which the system does not read (decision 0015).

E-mail carries what the notice carries (subject, body as stored: never text of confidential or
sealed material, see services.notice_body) and its link: a page that requires signing in, or,
for one who tracks a public case without taking part in it, the case's public page (said so).
"""

from __future__ import annotations

import smtplib
from datetime import datetime, time, timedelta
from email.utils import formataddr, make_msgid, parseaddr

from anymail.exceptions import AnymailError, AnymailRecipientsRefused
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from efiling.accounts.models import NoticeEmail, NoticeMail
from efiling.core import clock
from efiling.core.errors import ValidationFailed
from efiling.core.retries import RetrySchedule, attempt_again, attempt_later, overdue_resume
from efiling.core.words import counted, long_date, one_line
from efiling.service.case_pages import link_page_name
from efiling.service.models import Notice, NoticeDelivery

State = NoticeDelivery.State
RETRIES = RetrySchedule(max_attempts=6)  # waits of 30 s, 2 min, 8 min, 32 min, 2 h 8 min
MAX_ATTEMPTS = RETRIES.max_attempts
LEASE = timedelta(minutes=5)  # longer than an SMTP attempt may take (EMAIL_TIMEOUT 30 s)
RESUME_AFTER = timedelta(minutes=5)  # queued this long past its time: its task was lost
SITE_NAME = "efiling"
UNSUBSCRIBE_SALT = "efiling.notice-unsubscribe"
UNSUBSCRIBE_LINK_AGE = timedelta(days=60)  # a digest's link works this long
_ERROR_MAX = 500

# What an attempt came to (the task's result).
SENT, RETRY, FAILED, SKIPPED = "sent", "retry", "failed", "skipped"


def site_link(path: str) -> str:
    """The absolute URL of a path of this site (EFILING_SITE_URL)."""
    return settings.EFILING_SITE_URL.rstrip("/") + path


def unsubscribe_link(user, address: str) -> str:
    """The path of the signed one-click link of a digest sent to `address`: it stops notice
    e-mail to that address only (the account's own address: all notice e-mail of `user`; an
    extra address: that address leaves the list), so a copy read by someone else cannot
    silence the account."""
    token = signing.dumps({"user": user.pk, "address": address}, salt=UNSUBSCRIBE_SALT)
    return reverse("notice-unsubscribe", args=[token])


def unsubscribe_target(token: str) -> tuple[int, str]:
    """The user id and address an unsubscribe link names; ValidationFailed when it is
    altered, older than UNSUBSCRIBE_LINK_AGE, or names no address."""
    try:
        payload = signing.loads(
            token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_LINK_AGE.total_seconds()
        )
        return int(payload["user"]), str(payload["address"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise ValidationFailed(
            "This unsubscribe link is not valid or has expired. Sign in and choose how notices "
            "reach you under My account, Notice e-mail."
        ) from exc


def _from_address() -> tuple[str, str]:
    """The display name and address of EFILING_FROM_EMAIL (the name "efiling" if it has none)."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return name or SITE_NAME, address


def _new_message_id() -> str:
    return make_msgid(domain=_from_address()[1].rpartition("@")[2] or "localhost")


def digest_due(hour: int, *, now: datetime | None = None) -> datetime:
    """The next instant (UTC) at `hour`:00 in EFILING_DEFAULT_TIME_ZONE strictly after `now`:
    a notice recorded at 7:00 or later joins the next day's 7 a.m. digest."""
    zone_name = settings.EFILING_DEFAULT_TIME_ZONE
    local = clock.to_local(now or clock.now(), zone_name)
    due = datetime.combine(local.date(), time(hour), tzinfo=clock.zone(zone_name))
    if due <= local:
        due = datetime.combine(local.date() + timedelta(days=1), time(hour), tzinfo=due.tzinfo)
    return due.astimezone(clock.UTC)


def _addresses(recipients) -> dict[int, list[str]]:
    """Each recipient's addresses for notices: the account's, then its confirmed extra ones."""
    found = {person.pk: [person.email] for person in recipients}
    extra = NoticeEmail.objects.filter(user_id__in=found, confirmed_at__isnull=False).values_list(
        "user_id", "email"
    )
    for user_id, email in extra.order_by("user_id", "email"):
        if email.lower() not in {a.lower() for a in found[user_id]}:
            found[user_id].append(email)
    return found


def _send_after_commit(delivery: NoticeDelivery) -> None:
    # robust: an enqueue that fails after the commit must not undo the event; the row stays
    # queued and `deliveries_resume` enqueues it again.
    if delivery.digest_due_at is None:
        transaction.on_commit(lambda pk=delivery.pk: deliver_notice.enqueue(pk), robust=True)
    else:
        transaction.on_commit(
            lambda pk=delivery.pk, due=delivery.digest_due_at: attempt_later(
                deliver_notice, pk, due
            ),
            robust=True,
        )


def _digest_for(person, address: str, now: datetime) -> NoticeDelivery:
    """The recipient's digest to `address` that a notice recorded now joins, row-locked so
    that its sending waits for this transaction (and then lists the notice): the next one at
    their hour, or the one after when that one's sending has already begun."""
    due = digest_due(person.notice_digest_hour, now=now)
    for _ in range(2):
        digest, created = NoticeDelivery.objects.select_for_update(
            no_key=True, of=("self",)
        ).get_or_create(
            recipient=person,
            address=address,
            digest_due_at=due,
            defaults={
                "next_attempt_at": due,
                "message_id": _new_message_id(),
                "created_at": now,
            },
        )
        if created:
            _send_after_commit(digest)
        if digest.state == State.QUEUED and digest.attempts == 0:
            return digest
        due += timedelta(days=1)
    return digest


# Notices e-mailed at once whatever the recipient chose: service itself.
# Service, and the news that a served filing will not be on the docket: never held for a digest.
ALWAYS_AT_ONCE = frozenset({Notice.Kind.FILING_SERVED, Notice.Kind.SERVED_FILING_ENDED})


def deliveries_record(notices: list[Notice]) -> list[NoticeDelivery]:
    """Inside the transaction that records `notices` (each with its recipient loaded): the
    e-mails that will carry them, by each recipient's preference (User.notice_mail) to each of
    their addresses; sent after the commit. Inactive accounts get none. Service is never held
    back: a "filing served" notice (ALWAYS_AT_ONCE) is e-mailed at once whatever the
    preference, as electronic service is by e-mail (domain.md, Service)."""
    wanted = [
        n
        for n in notices
        if n.recipient.is_active
        and (n.recipient.notice_mail != NoticeMail.IN_APP or n.kind in ALWAYS_AT_ONCE)
    ]
    if not wanted:
        return []
    addresses = _addresses({n.recipient for n in wanted})
    now = clock.now()
    at_once: list[tuple[Notice, NoticeDelivery]] = []
    made: list[NoticeDelivery] = []
    links = []
    for notice in wanted:
        person = notice.recipient
        for address in addresses[person.pk]:
            if person.notice_mail == NoticeMail.DIGEST and notice.kind not in ALWAYS_AT_ONCE:
                digest = _digest_for(person, address, now)
                links.append(NoticeDelivery.notices.through(noticedelivery=digest, notice=notice))
                made.append(digest)
                continue
            delivery = NoticeDelivery(
                recipient=person,
                address=address,
                next_attempt_at=now,
                message_id=_new_message_id(),
                created_at=now,
            )
            at_once.append((notice, delivery))
    created = NoticeDelivery.objects.bulk_create([d for _, d in at_once])
    for (notice, _), delivery in zip(at_once, created, strict=True):
        links.append(NoticeDelivery.notices.through(noticedelivery=delivery, notice=notice))
        _send_after_commit(delivery)
    NoticeDelivery.notices.through.objects.bulk_create(links)
    return [*created, *dict.fromkeys(made)]


def message_queue(*, address: str, subject: str, body: str) -> NoticeDelivery:
    """Inside the caller's transaction: an e-mail of its own (plain text `body`, not empty) to
    `address`, sent after the commit like a notice's (attempts, retries, the resume sweep), so
    that a mail server that fails loses nothing and fails nothing of the caller's change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("A message is queued in the transaction of what it tells.")
    if not body:
        raise ValueError("A message of its own has a text.")
    now = clock.now()
    delivery = NoticeDelivery.objects.create(
        recipient=None,
        address=address,
        subject=one_line(subject)[:200],
        body=body,
        next_attempt_at=now,
        message_id=_new_message_id(),
        created_at=now,
    )
    _send_after_commit(delivery)
    return delivery


def _sender(notices: list[Notice]) -> str:
    """ "St. Louis County Circuit Court via efiling <address>" when every notice is of one
    court's case; the site's name otherwise."""
    name, address = _from_address()
    courts = {n.case.court.name if n.case_id else None for n in notices}
    if len(courts) == 1 and None not in courts:
        name = f"{courts.pop()} via {name}"
    return formataddr((name, address))


def _public_page(link: str) -> bool:
    """Whether a notice's link is a case's public page (case_pages.case_page_url), which
    opens without signing in."""
    return link_page_name(link) == "public-case"


def notice_message(delivery: NoticeDelivery) -> EmailMultiAlternatives:
    """The e-mail of `delivery`: text and HTML from the templates service/email/notice.* (one
    notice) or digest.* (several, with List-Unsubscribe and its one-click form, RFC 8058),
    under its fixed Message-ID; a message of its own (`body`) as it was queued, in plain text."""
    headers = {"Message-ID": delivery.message_id, "Auto-Submitted": "auto-generated"}
    if delivery.body:
        return EmailMultiAlternatives(
            subject=delivery.subject,
            body=delivery.body,
            from_email=formataddr(_from_address()),
            to=[delivery.address],
            headers=headers,
        )
    notices = list(delivery.notices.select_related("case__court").order_by("created_at", "pk"))
    items = [
        {
            "notice": n,
            "url": site_link(n.link or reverse("notices")),
            "sign_in": not _public_page(n.link),
        }
        for n in notices
    ]
    context = {
        "items": items,
        "inbox_url": site_link(reverse("notices")),
        "preferences_url": site_link(reverse("notice-preferences")),
        "recipient": delivery.recipient,
    }
    if delivery.digest_due_at is None:
        template, subject = "service/email/notice", notices[0].subject
    else:
        template = "service/email/digest"
        day = clock.local_date(delivery.digest_due_at, settings.EFILING_DEFAULT_TIME_ZONE)
        subject = f"Court notices for {long_date(day)}: {counted(len(notices), 'notice')}"
        context["unsubscribe_url"] = site_link(
            unsubscribe_link(delivery.recipient, delivery.address)
        )
        headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    context["subject"] = subject
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        from_email=_sender(notices),
        to=[delivery.address],
        headers=headers,
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def _refused(exc: Exception) -> str | None:
    """The refusal in words when it is for good (the mail server's 5xx answer, or the mail
    provider's refusal of every recipient), else None."""
    if isinstance(exc, AnymailRecipientsRefused):
        return f"Refused by the mail provider: {exc}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        answers = list(exc.recipients.values())
        if answers and all(code >= 500 for code, _ in answers):
            code, text = answers[0]
            return f"Refused by the mail server: {code} {_text(text)}"
        return None
    if isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500:
        return f"Refused by the mail server: {exc.smtp_code} {_text(exc.smtp_error)}"
    return None


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _claim(delivery_id: int) -> NoticeDelivery | None:
    """The queued, due delivery, claimed for this attempt (attempts + 1, leased); None when
    there is nothing to send now or another attempt claimed it first."""
    now = clock.now()
    delivery = NoticeDelivery.objects.select_related("recipient").filter(pk=delivery_id).first()
    if delivery is None or delivery.state != State.QUEUED:
        return None
    if delivery.next_attempt_at is None or delivery.next_attempt_at > now:
        return None
    claimed = NoticeDelivery.objects.filter(
        pk=delivery.pk,
        state=State.QUEUED,
        attempts=delivery.attempts,
        next_attempt_at=delivery.next_attempt_at,
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + LEASE)
    if not claimed:
        return None
    delivery.attempts += 1
    return delivery


def _finish(delivery: NoticeDelivery, **fields) -> None:
    """Record the attempt's outcome, unless the row left the queue meanwhile."""
    NoticeDelivery.objects.filter(pk=delivery.pk, state=State.QUEUED).update(**fields)


def notice_delivery_attempt(delivery_id: int) -> str:
    """One attempt to send a delivery that is queued and due (see the module's text); returns
    SENT, RETRY (the next attempt is due at its next_attempt_at), FAILED (for good) or
    SKIPPED (not queued, not due yet, or claimed by another attempt)."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return SKIPPED
    if delivery.attempts > MAX_ATTEMPTS:  # the last attempt's process stopped mid-way
        _finish(delivery, state=State.FAILED, next_attempt_at=None)
        return FAILED
    message = notice_message(delivery)
    try:
        message.send(fail_silently=False)
    except (smtplib.SMTPException, OSError, AnymailError) as exc:
        refusal = _refused(exc)
        error = refusal or f"{type(exc).__name__}: {exc}"
        due = None if refusal else RETRIES.next_at(delivery.attempts)
        if due is None and not refusal:
            error = f"{error} (tried {counted(delivery.attempts, 'time')})"
        _finish(
            delivery,
            state=State.QUEUED if due else State.FAILED,
            next_attempt_at=due,
            last_error=error[:_ERROR_MAX],
        )
        return RETRY if due else FAILED
    _finish(
        delivery,
        state=State.SENT,
        sent_at=clock.now(),
        next_attempt_at=None,
        last_error="",
        provider_message_id=_provider_message_id(message),
    )
    return SENT


def _provider_message_id(message) -> str:
    """The id the mail provider gave the sent message (anymail's `anymail_status`), "" when
    the backend reports none (SMTP) or several."""
    status = getattr(message, "anymail_status", None)
    found = getattr(status, "message_id", None)
    if found is None or isinstance(found, set):
        return ""
    return str(found)


@task()
def deliver_notice(delivery_id: int) -> str:
    """Make one attempt; schedule the next one when it failed and attempts remain."""
    outcome = notice_delivery_attempt(delivery_id)
    if outcome == RETRY:
        queued = NoticeDelivery.objects.filter(state=State.QUEUED)
        attempt_again(deliver_notice, queued, delivery_id)
    return outcome


def deliveries_resume(*, overdue: timedelta = RESUME_AFTER) -> list[int]:
    """Enqueue again the queued deliveries more than `overdue` past their time (a process
    stopped between the commit and the enqueue, or mid-attempt: its lease ran out); their
    ids. A task still queued for one of them does no harm: only one attempt claims it."""
    queued = NoticeDelivery.objects.filter(state=State.QUEUED)
    return overdue_resume(queued, task=deliver_notice, overdue=overdue)


def deliveries_cancel_digests(*, user, address: str | None = None) -> int:
    """The user's digests not yet begun (to `address` only, when given) are not sent: they
    turned notice e-mail off, or that address left their list; how many. Inside the caller's
    transaction."""
    digests = NoticeDelivery.objects.filter(
        recipient=user, state=State.QUEUED, attempts=0, digest_due_at__isnull=False
    )
    if address is not None:
        digests = digests.filter(address=address)
    return digests.update(state=State.CANCELLED, next_attempt_at=None)
