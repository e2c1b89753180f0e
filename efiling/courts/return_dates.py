"""Return dates of associate circuit summonses (issue 14), as court data.

In a Missouri associate circuit civil case (Chapter 517 RSMo) the summons does not give the
defendant a number of days to answer after service: it names a return date, a day (and time)
the defendant must appear before the court, set when the summons is issued (Rule 54.02: the
summons states "the time within which and the place where the defendant is required to
appear"; RSMo 517.061 and 517.071 count changes of judge and continuances from "the return
date of the summons"). RSMo 517.041 bounds the return date from the summons' issue and
requires service some days before it; a court whose summons is served too close to the return
date continues the case (RSMo 517.071.3(2): "when all defendants have not been timely served").
The numbers are each court's data, in its petition code's service terms
(FilingCode.service_of_process, item "return_date" instead of "answer_days"):

    {"min_days": 30, "max_days": 60, "served_days_before": 10,
     "time": "09:00", "division": "Division 12"}

- min_days / max_days: the return date lies this many days after the summons' issue, at
  least / at most (the court's default is `return_date_default`: the first court day at least
  min_days after issue, counted with the court's calendar);
- served_days_before: service later than this many days before the return date is too late
  (`served_too_late`);
- time, division (optional): when and where the defendant appears, printed on the summons.

Sources checked for this module: Rule 54.02 (howtolegalhelp.com), RSMo 517.061, 517.071
(dwi-laws-missouri.com, chapter 517); the shipped numbers (30/60/10) are EXAMPLES, as the
statute text of 517.041 was not at hand: a court confirms them before use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from efiling.core.errors import ValidationFailed
from efiling.courts.calendar import deadline_compute
from efiling.courts.models import Court

RETURN_DATE_KEYS = frozenset({"min_days", "max_days", "served_days_before", "time", "division"})
RETURN_DAYS_MAX = 365
DIVISION_MAX = 60
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class ReturnDateRule:
    """A court's return date rule for one petition code and manner of service (see the
    module's text). `appear_time` None when the court gives no time; `division` "" when it
    names none."""

    min_days: int
    max_days: int
    served_days_before: int
    appear_time: time | None
    division: str


def _days(value, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def return_date_rule_problem(rule) -> str | None:
    """What is wrong with a return date rule (the object of the module's text), or None."""
    if not isinstance(rule, dict) or not {"min_days", "max_days", "served_days_before"} <= set(
        rule
    ):
        return 'is an object with "min_days", "max_days" and "served_days_before"'
    if set(rule) - RETURN_DATE_KEYS:
        return f"has only {sorted(RETURN_DATE_KEYS)}"
    if not _days(rule["min_days"], 1, RETURN_DAYS_MAX):
        return f"has min_days of 1 to {RETURN_DAYS_MAX}"
    if not _days(rule["max_days"], rule["min_days"], RETURN_DAYS_MAX):
        return f"has max_days of min_days to {RETURN_DAYS_MAX}"
    if not _days(rule["served_days_before"], 1, rule["min_days"]):
        return "has served_days_before of 1 to min_days"
    if "time" in rule and not (isinstance(rule["time"], str) and _TIME.match(rule["time"])):
        return 'has a time as "HH:MM" (24-hour clock)'
    division = rule.get("division", "")
    if not isinstance(division, str) or len(division.strip()) > DIVISION_MAX:
        return f"has a division of at most {DIVISION_MAX} characters"
    return None


def return_date_rule(rule: dict) -> ReturnDateRule:
    """The rule of valid data (`return_date_rule_problem` found nothing)."""
    return ReturnDateRule(
        min_days=rule["min_days"],
        max_days=rule["max_days"],
        served_days_before=rule["served_days_before"],
        appear_time=time.fromisoformat(rule["time"]) if rule.get("time") else None,
        division=rule.get("division", "").strip(),
    )


def return_date_default(*, court: Court, rule: ReturnDateRule, issued_on: date) -> date:
    """The court's default return date of a summons issued on `issued_on`: the first court day
    (no Saturday, Sunday, legal holiday or closure day of the court's calendar) at least
    `rule.min_days` days after issue. ValidationFailed when closures push it past
    `rule.max_days` days after issue (the clerk then sets one)."""
    due = deadline_compute(court=court, start=issued_on, days=rule.min_days).due
    if due > issued_on + timedelta(days=rule.max_days):
        raise ValidationFailed(
            f"The court is closed from {issued_on + timedelta(days=rule.min_days)} to "
            f"{issued_on + timedelta(days=rule.max_days)}: no return date fits; set one."
        )
    return due


def served_too_late(*, rule: ReturnDateRule, served_on: date, return_date: date) -> bool:
    """Whether service on `served_on` came less than `rule.served_days_before` days before
    the return date (or after it)."""
    return (return_date - served_on).days < rule.served_days_before
