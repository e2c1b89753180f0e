"""Loading and reading courts. The shipped data file is the source of the court list; each
court's policy and calendar closures are edited by administrators and never overwritten here."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Value, When

from efiling.audit.services import audit_record
from efiling.core.errors import NotFound, ValidationFailed
from efiling.courts.models import CaseType, Court, CourtPolicy

DEFAULT_COURTS_FILE = Path(__file__).resolve().parent / "data" / "missouri_courts.json"

CASE_TYPE_FIELDS = ("name", "level", "confidential")
COURT_FIELDS = (
    "name",
    "kind",
    "circuit",
    "county",
    "seat",
    "appellate_district",
    "time_zone",
    "efiling_participating",
    "efiling_since",
)


@dataclass
class LoadReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0


def _court_values(entry: dict) -> dict:
    values = {name: entry.get(name) for name in COURT_FIELDS}
    values["county"] = values["county"] or ""
    values["seat"] = values["seat"] or ""
    values["appellate_district"] = values["appellate_district"] or ""
    values["time_zone"] = values["time_zone"] or "America/Chicago"
    values["efiling_participating"] = bool(values["efiling_participating"])
    since = values["efiling_since"]
    try:
        values["efiling_since"] = date.fromisoformat(since) if since else None
    except ValueError as exc:
        raise ValidationFailed(
            f"Court {entry.get('code')}: efiling_since {since!r} is not a date."
        ) from exc
    return values


def _upsert(model, key: dict, values: dict, report: LoadReport, label: str, actor, channel):
    """Create or update one row from the file, validate it, and audit what changed."""
    row = model.objects.filter(**key).first()
    adding = row is None
    row = row or model(**key)
    changes = {
        name: [str(getattr(row, name)) if not adding else None, str(value)]
        for name, value in values.items()
        if adding or getattr(row, name) != value
    }
    if not changes:
        report.unchanged += 1
        return row
    for name, value in values.items():
        setattr(row, name, value)
    try:
        row.full_clean(validate_unique=False)
    except ValidationError as exc:
        raise ValidationFailed(f"{label}: {'; '.join(exc.messages)}") from exc
    row.save()
    (report.added if adding else report.changed).append(label)
    verb = "created" if adding else "changed"
    audit_record(
        action=f"{model._meta.model_name}.{verb}",
        target=row,
        actor=actor,
        channel=channel,
        details={"source": "courts data file", "changes": changes},
    )
    return row


def courts_load(
    *, path: Path = DEFAULT_COURTS_FILE, actor=None, channel: str = "cli"
) -> LoadReport:
    """Bring the case types and courts in line with the data file, all or nothing; a court's
    policy is created with the defaults when missing and otherwise left as administrators set it."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        case_type_entries, court_entries = data["case_types"], data["courts"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValidationFailed(f"The courts file {path} cannot be read: {exc}") from exc
    report = LoadReport()
    with transaction.atomic():
        case_types = {}
        for entry in case_type_entries:
            values = {name: entry[name] for name in CASE_TYPE_FIELDS if name in entry}
            case_types[entry["code"]] = _upsert(
                CaseType,
                {"code": entry["code"]},
                values,
                report,
                f"case type {entry['code']}",
                actor,
                channel,
            )
        for entry in court_entries:
            code = entry.get("code", "")
            court = _upsert(
                Court, {"code": code}, _court_values(entry), report, f"court {code}", actor, channel
            )
            unknown = set(entry.get("case_types", [])) - set(case_types)
            if unknown:
                raise ValidationFailed(f"Court {code} lists unknown case types: {sorted(unknown)}.")
            wanted = {case_types[c].pk for c in entry.get("case_types", [])}
            if set(court.case_types.values_list("pk", flat=True)) != wanted:
                court.case_types.set(wanted)
                if f"court {code}" not in report.added + report.changed:
                    report.changed.append(f"court {code}")
                    report.unchanged -= 1
                audit_record(
                    action="court.case_types_changed",
                    target=court,
                    actor=actor,
                    channel=channel,
                    details={"case_types": sorted(entry.get("case_types", []))},
                )
            CourtPolicy.objects.get_or_create(court=court)
    return report


def court_get(*, code: str) -> Court:
    """A court by its location code, with its policy and case types, or NotFound."""
    court = (
        Court.objects.select_related("policy")
        .prefetch_related("case_types")
        .filter(code=(code or "").strip().upper())
        .first()
    )
    if court is None:
        raise NotFound(f"There is no court with the location code {code!r}.")
    return court


def court_policy(*, court: Court) -> CourtPolicy:
    """The court's policy; a court added by hand without one gets the defaults."""
    try:
        return court.policy
    except CourtPolicy.DoesNotExist:
        policy, _ = CourtPolicy.objects.get_or_create(court=court)
        return policy


KIND_ORDER = Case(
    When(kind=Court.Kind.SUPREME, then=Value(0)),
    When(kind=Court.Kind.APPEALS, then=Value(1)),
    default=Value(2),
)


def courts_list(*, participating_only: bool = False):
    """Supreme Court, then the districts of the Court of Appeals, then circuit courts by circuit."""
    courts = Court.objects.order_by(KIND_ORDER, "circuit", "name")
    if participating_only:
        courts = courts.filter(efiling_participating=True)
    return courts
