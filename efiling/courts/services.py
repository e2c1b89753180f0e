"""Loading and reading courts. The shipped data file is the source of the court list; each
court's policy and calendar closures are edited by administrators and never overwritten here,
and neither is a court or case type an administrator edited after the file set it
(efiling.core.data_files)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Value, When

from efiling.audit.services import audit_record
from efiling.core.data_files import values_digest
from efiling.core.errors import NotFound, ValidationFailed
from efiling.courts.models import CaseType, Court, CourtPolicy

DEFAULT_COURTS_FILE = Path(__file__).resolve().parent / "data" / "missouri_courts.json"
COURTS_FILE_NAME = "courts"  # its DataFileLoad row

CASE_TYPE_FIELDS = ("name", "level", "confidential", "protection_order")
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
    """What a load did, by row label ('court SL'): added, changed, left as an administrator
    edited it although the file says otherwise (kept), and how many rows needed nothing."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    unchanged: int = 0

    def lines(self, what: str) -> list[str]:
        """The report as a command prints it: a summary, then one line per kept row."""
        summary = (
            f"{what} loaded: {len(self.added)} added, {len(self.changed)} changed, "
            f"{self.unchanged} unchanged, {len(self.kept)} kept as an administrator edited them."
        )
        return [summary] + [
            f"Kept as an administrator edited it (the file says otherwise): {label}"
            for label in self.kept
        ]


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


def _current(row, values: dict, links: dict) -> dict:
    current = {name: getattr(row, name) for name in values}
    for name in links:
        current[name] = sorted(getattr(row, name).values_list("code", flat=True))
    return current


def _upsert(model, key: dict, values: dict, report: LoadReport, label, actor, channel, links=None):
    """Create or update one row from the file, validate it, and audit what changed. `links`
    are many-to-many fields the file also sets, as sorted lists of codes. A row whose values
    (links included) no longer match the digest of what the file last gave it was edited by an
    administrator: it is left alone, and listed in `report.kept` when the file now says
    otherwise. Rows loaded before digests were kept count as not edited."""
    links = links or {}
    given = {**values, **links}
    digest = values_digest(given)
    row = model.objects.filter(**key).first()
    adding = row is None
    current = {} if adding else _current(row, values, links)
    if not adding:
        current_digest = values_digest(current)
        if current_digest == digest:
            if row.file_digest != digest:
                row.file_digest = digest
                row.save(update_fields=["file_digest"])
            report.unchanged += 1
            return row
        if row.file_digest and current_digest != row.file_digest:
            report.kept.append(label)
            return row
    row = row or model(**key)
    changes = {
        name: [None if adding else str(current[name]), str(value)]
        for name, value in given.items()
        if adding or current[name] != value
    }
    for name, value in values.items():
        setattr(row, name, value)
    row.file_digest = digest
    try:
        row.full_clean(validate_unique=False)
    except ValidationError as exc:
        raise ValidationFailed(f"{label}: {'; '.join(exc.messages)}") from exc
    row.save()
    for name, codes in links.items():
        if adding or name in changes:
            related = model._meta.get_field(name).related_model
            getattr(row, name).set(related.objects.filter(code__in=codes))
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
            wanted = sorted(set(entry.get("case_types", [])))
            unknown = set(wanted) - set(case_types)
            if unknown:
                raise ValidationFailed(f"Court {code} lists unknown case types: {sorted(unknown)}.")
            court = _upsert(
                Court,
                {"code": code},
                _court_values(entry),
                report,
                f"court {code}",
                actor,
                channel,
                links={"case_types": wanted},
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
