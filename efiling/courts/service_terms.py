"""A petition code's terms for service of process (issue 14): the manners of service the court
offers with it (FilingCode.service_of_process, data), each with its fee and what it asks of
the party served: an answer period counted from service, or an appearance on the summons'
return date (associate circuit: efiling.courts.return_dates)."""

from __future__ import annotations

from dataclasses import dataclass

from efiling.core.errors import ValidationFailed
from efiling.courts.models import FilingCode, ServiceManner
from efiling.courts.return_dates import ReturnDateRule, return_date_rule, return_date_rule_problem

ANSWER_DAYS_MAX = 365
SERVICE_TERMS = frozenset({"fee_cents", "answer_days", "runs_from", "return_date"})
RUNS_FROM_MAX = 40


def service_of_process_problem(terms) -> str | None:
    """What is wrong with a filing code's service of process terms, or None. They are an object
    keyed by manner (ServiceManner values), each {"fee_cents": 0 or more} with either
    "answer_days" (1 to ANSWER_DAYS_MAX; optionally "runs_from", what the period runs from,
    in words; default "service") or "return_date" (an associate circuit return date rule,
    courts.return_dates)."""
    if not isinstance(terms, dict):
        return "is an object keyed by manner of service"
    unknown = set(terms) - set(ServiceManner.values)
    if unknown:
        return f"names unknown manners {sorted(unknown)}; they are {sorted(ServiceManner.values)}"
    for manner, item in terms.items():
        if (
            not isinstance(item, dict)
            or "fee_cents" not in item
            or ("answer_days" in item) == ("return_date" in item)
        ):
            return f'gives {manner} a "fee_cents" and either an "answer_days" or a "return_date"'
        if set(item) - SERVICE_TERMS:
            return f"gives {manner} only {sorted(SERVICE_TERMS)}"
        fee = item["fee_cents"]
        if isinstance(fee, bool) or not isinstance(fee, int) or not 0 <= fee <= 2**31 - 1:
            return f"gives {manner} a fee_cents of 0 or more whole cents"
        if "return_date" in item:
            problem = return_date_rule_problem(item["return_date"])
            if problem:
                return f"gives {manner} a return_date that {problem}"
            if "runs_from" in item:
                return f"gives {manner} no runs_from with a return_date"
            continue
        days = item["answer_days"]
        if isinstance(days, bool) or not isinstance(days, int) or not 0 < days <= ANSWER_DAYS_MAX:
            return f"gives {manner} answer_days of 1 to {ANSWER_DAYS_MAX}"
        runs_from = item.get("runs_from", "service")
        if not isinstance(runs_from, str) or not 0 < len(runs_from.strip()) <= RUNS_FROM_MAX:
            return f"gives {manner} a runs_from of 1 to {RUNS_FROM_MAX} characters"
    return None


@dataclass(frozen=True)
class ServiceTerms:
    """What service of a petition's summons in one manner costs and what it asks of the party
    served: either an answer period, `answer_days` counted under Rule 44.01(a) from the date
    the return records (`runs_from` names it: "service", or "first publication"), or an
    appearance on the summons' return date (`return_date`, associate circuit:
    courts.return_dates; then `answer_days` is None)."""

    manner: str
    fee_cents: int
    answer_days: int | None
    runs_from: str
    return_date: ReturnDateRule | None = None


def service_terms(*, filing_code: FilingCode, manner: str) -> ServiceTerms:
    """The court's terms for serving a summons on `filing_code` (an initiating code) in `manner`
    (FilingCode.service_of_process, data). ValidationFailed (field "manner") when the court does
    not offer that manner with this code."""
    item = (filing_code.service_of_process or {}).get(manner)
    if item is None:
        offered = [ServiceManner(m).label.lower() for m in filing_code.service_of_process or {}]
        raise ValidationFailed(
            f"The {filing_code.court.name} does not issue summons for service by "
            f"{ServiceManner(manner).label.lower() if manner in ServiceManner.values else manner!r}"
            f" with a {filing_code.name.lower()}"
            + (f"; it offers: {', '.join(offered)}." if offered else "."),
            field="manner",
        )
    return ServiceTerms(
        manner=manner,
        fee_cents=item["fee_cents"],
        answer_days=item.get("answer_days"),
        runs_from=item.get("runs_from", "service"),
        return_date=return_date_rule(item["return_date"]) if "return_date" in item else None,
    )
