"""Background work that is retried with backoff and never lost: webhook deliveries and notice
e-mails (efiling.service) and the file-stamping of docket entries (efiling.docket.tasks) keep
one row per piece of work whose `next_attempt_at` says when the next attempt is due (empty once
done or given up).

A task makes one attempt and, when it failed and attempts remain, enqueues the next one at the
time the schedule gives (`attempt_later`: only where the task backend defers tasks; the
immediate backend of the tests does not, so tests drive attempts themselves). A process killed
between a commit and its enqueue, or in the middle of an attempt, leaves a row whose attempt is
overdue: `overdue_resume` (run by each kind of work's sweep command, from `efiling serve`'s
housekeeping) enqueues those again. A duplicate task is harmless: each attempt checks the row
first, and claims it where two attempts must never run at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet

from efiling.core import clock

RESUME_BATCH = 1000  # rows enqueued again by one sweep; the next sweep takes the rest


@dataclass(frozen=True)
class RetrySchedule:
    """`max_attempts` attempts in all; after the n-th failed one, the next waits
    `first * factor ** (n - 1)` (30 s, 2 min, 8 min, ... for 30 s and 4)."""

    max_attempts: int
    first: timedelta = timedelta(seconds=30)
    factor: int = 4

    def delay(self, attempts: int) -> timedelta:
        """The wait after `attempts` (>= 1) failed attempts."""
        return self.first * self.factor ** (attempts - 1)

    def next_at(self, attempts: int, *, now: datetime | None = None) -> datetime | None:
        """When the next attempt is due after `attempts` failed ones; None once they are
        spent."""
        if attempts >= self.max_attempts:
            return None
        return (now or clock.now()) + self.delay(attempts)


def attempt_later(task, pk: int, due: datetime | None) -> bool:
    """Enqueue `task(pk)` to run at `due`, when there is a next attempt and the task backend
    defers tasks; True if enqueued."""
    if due is None or not task.get_backend().supports_defer:
        return False
    task.using(run_after=due).enqueue(pk)
    return True


def attempt_again(task, rows: QuerySet, pk: int, *, field: str = "next_attempt_at") -> bool:
    """After a failed attempt: enqueue `task(pk)` at the time `field` of its row in `rows`
    (the work still to do) gives for the next attempt; nothing when the row is done or has no
    next attempt. True if enqueued (`attempt_later`)."""
    due = rows.filter(pk=pk).values_list(field, flat=True).first()
    return attempt_later(task, pk, due)


def overdue_resume(
    rows: QuerySet, *, task, overdue: timedelta, field: str = "next_attempt_at"
) -> list[int]:
    """Enqueue `task(pk)` again for each of `rows` (a queryset of work still to do, whose
    `field` says when the next attempt is due) whose attempt is more than `overdue` late: the
    process that should have enqueued or run it stopped. Each is first marked due now, so the
    next sweep waits `overdue` again for this task and a sweep running at the same time skips
    it. The oldest first, at most RESUME_BATCH; returns their ids."""
    now = clock.now()
    cutoff = now - overdue
    late = list(
        rows.filter(**{f"{field}__lt": cutoff})
        .order_by(field, "pk")
        .values_list("pk", flat=True)[:RESUME_BATCH]
    )
    resumed = []
    for pk in late:
        if rows.filter(pk=pk, **{f"{field}__lt": cutoff}).update(**{field: now}):
            task.enqueue(pk)
            resumed.append(pk)
    return resumed
