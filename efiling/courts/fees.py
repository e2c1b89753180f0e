"""Filing codes (the kinds of document a court accepts) and the fees they cost, as data.

A court's codes for a case type are its active codes for that type plus its codes for every type
(case_type empty); a code defined for the specific type overrides an every-type code with the
same code, even when the specific one is inactive (that is how a court turns a general code off
for one case type). `fees_calculate` is ECF GetFeesCalculation: the fee of each filing, shown
before submission. A fee waiver request (in forma pauperis) keeps each line's amount for the
clerk's information but holds nothing: `total_cents` is what the filings cost, `to_hold_cents`
what is held at submission.

The shipped file `data/filing_codes.json` is loaded by `filing_codes_load` (command
`load_filing_codes`); its fees are examples each court must replace with its own schedule.
"""

from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from efiling.audit.services import audit_record_many
from efiling.core.data_files import values_digest
from efiling.core.errors import NotFound, ValidationFailed
from efiling.courts.models import CaseType, Court, FilingCode
from efiling.courts.service_terms import service_of_process_problem
from efiling.courts.services import LoadReport

DEFAULT_FILING_CODES_FILE = Path(__file__).resolve().parent / "data" / "filing_codes.json"
FILING_CODES_FILE_NAME = "filing_codes"  # its DataFileLoad row
TEMPLATE_FIELDS = frozenset({"filer", "parties", "description"})
FILE_FIELDS = (
    "name",
    "initiating",
    "fee_cents",
    "docket_text_template",
    "follow_up_deadlines",
    "service_of_process",
    "proposed_order",
    "served",
    "serve_only",
)


def _case_type(case_type: CaseType | str) -> CaseType:
    if isinstance(case_type, CaseType):
        return case_type
    found = CaseType.objects.filter(code=(case_type or "").strip().upper()).first()
    if found is None:
        raise NotFound(f"There is no case type {case_type!r}.")
    return found


def _resolved(court: Court, case_type: CaseType) -> dict[str, FilingCode]:
    """The court's codes for the case type by code, active or not, after the override rule."""
    rows = FilingCode.objects.filter(
        Q(case_type=case_type) | Q(case_type__isnull=True), court=court
    ).select_related("case_type")
    codes: dict[str, FilingCode] = {}
    for row in rows:
        if row.code not in codes or row.case_type_id is not None:
            codes[row.code] = row
    return codes


def filing_codes_for(
    *, court: Court, case_type: CaseType | str, initiating: bool | None = None
) -> list[FilingCode]:
    """The filing codes a filer may choose in this court and case type, by name.
    `initiating`: True for the documents that open a case, False for those filed into one."""
    case_type = _case_type(case_type)
    codes = [
        row
        for row in _resolved(court, case_type).values()
        if row.active and (initiating is None or row.initiating == initiating)
    ]
    return sorted(codes, key=lambda row: (row.name.lower(), row.code))


def filing_code_get(*, court: Court, case_type: CaseType | str, code: str) -> FilingCode:
    """One filing code of the court for the case type, or NotFound saying what is missing."""
    case_type = _case_type(case_type)
    wanted = (code or "").strip()
    row = _resolved(court, case_type).get(wanted)
    if row is None or not row.active:
        raise NotFound(
            f"The {court.name} does not accept the filing code {wanted!r} for case type "
            f"{case_type.code} ({case_type.name}). Choose one of the court's filing codes.",
            field="code",
        )
    return row


@dataclass(frozen=True)
class FeeLine:
    filing_code: FilingCode
    description: str
    amount_cents: int


@dataclass(frozen=True)
class FeeCalculation:
    """ECF GetFeesCalculation. `total_cents` is what the filings cost; `to_hold_cents` is what
    is held from the payment account at submission: 0 when a fee waiver is requested (the clerk
    decides it), otherwise the total."""

    lines: list[FeeLine]
    total_cents: int
    waiver_requested: bool
    # The service of process asked for with a new case (issue 14), one line per party: in
    # `total_cents`, charged with the petition that opens the case.
    service_lines: list[FeeLine] = field(default_factory=list)
    to_hold_cents: int = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "to_hold_cents", 0 if self.waiver_requested else self.total_cents)


def fees_calculate(
    *, court: Court, case_type: CaseType | str, codes: list[str], waiver_requested: bool
) -> FeeCalculation:
    """One line per filing, in the order given (two motions are two lines). No codes: no fees.
    Whether the court takes waiver requests is the caller's check (CourtPolicy)."""
    case_type = _case_type(case_type)
    resolved = _resolved(court, case_type)
    lines = []
    for code in codes:
        row = resolved.get((code or "").strip())
        if row is None or not row.active:
            row = filing_code_get(court=court, case_type=case_type, code=code)  # raises
        lines.append(FeeLine(filing_code=row, description=row.name, amount_cents=row.fee_cents))
    return FeeCalculation(
        lines=lines,
        total_cents=sum(line.amount_cents for line in lines),
        waiver_requested=bool(waiver_requested),
    )


# The longest docket text an accepted filing gets (names of many parties can be long; a
# template cannot make it longer).
DOCKET_TEXT_MAX = 4_000


def docket_text_render(
    *, filing_code: FilingCode, filer: str, parties: str, description: str = ""
) -> str:
    """The docket text of an accepted filing from its code's template: each {filer},
    {parties} and {description} replaced by its words, nothing else read from the braces
    (docket_template_problem refuses formats and conversions when a template is saved; this
    ignores any in an older one). A description given for a template without {description}
    follows the text; an empty one reads as the code's name. A trailing period is not
    doubled; at most DOCKET_TEXT_MAX characters (cut with an ellipsis)."""
    given = description.strip().rstrip(".")
    values = {
        "filer": filer.strip(),
        "parties": parties.strip(),
        "description": given or filing_code.name,
    }
    try:
        pieces = list(string.Formatter().parse(filing_code.docket_text_template))
    except ValueError:  # an older template that no longer parses: the code's name stands
        pieces = [(f"{filing_code.name}.", None, "", None)]
    parts = []
    for literal, name, _format, _conversion in pieces:
        parts.append(literal)
        if name is not None:
            parts.append(values.get(name, ""))
    text = "".join(parts)
    if given and not any(name == "description" for _, name, _, _ in pieces):
        text = f"{text.rstrip()} {given}."
    text = re.sub(r"(?<!\.)\.\.(?!\.)", ".", text)  # "Acme Inc.." but not an ellipsis
    return text if len(text) <= DOCKET_TEXT_MAX else text[: DOCKET_TEXT_MAX - 1] + "\u2026"


# --- loading the data file ------------------------------------------------------------------


def docket_template_problem(template: str) -> str | None:
    """What is wrong with a docket text template ("uses {court}; only ... exist"), or None:
    a brace left open, a name that does not exist, or a format or conversion after a name
    ({filer:>5000000} once made a 5 MB docket entry)."""
    try:
        pieces = [piece for piece in string.Formatter().parse(template) if piece[1] is not None]
    except ValueError:
        return (
            "has a brace that opens or closes no name: write names as {filer}, {parties} or "
            "{description}, and a brace itself as {{ or }}"
        )
    for _, name, format_spec, conversion in pieces:
        if format_spec or conversion:
            return (
                f"adds a format to {{{name}}}: a name in braces takes nothing else, write "
                f"{{{name}}}"
            )
    names = {name for _, name, _, _ in pieces}
    unknown = names - TEMPLATE_FIELDS
    if unknown:
        return (
            f"uses {', '.join('{' + name + '}' for name in sorted(unknown))}; only "
            f"{{filer}}, {{parties}} and {{description}} exist"
        )
    return None


FOLLOW_UP_MAX = 5  # deadlines one filing code may set
FOLLOW_UP_TITLE_MAX = 100
FOLLOW_UP_DAYS_MAX = 365


def follow_up_problem(deadlines) -> str | None:
    """What is wrong with a filing code's follow-up deadlines, or None. They are a list of up to
    FOLLOW_UP_MAX {"title": ..., "days": ...}: the days after service, 1 to 365."""
    if not isinstance(deadlines, list) or len(deadlines) > FOLLOW_UP_MAX:
        return f"are a list of at most {FOLLOW_UP_MAX} deadlines"
    for item in deadlines:
        if not isinstance(item, dict) or set(item) != {"title", "days"}:
            return 'each have exactly a "title" and "days"'
        title, days = item["title"], item["days"]
        if not isinstance(title, str) or not 0 < len(title.strip()) <= FOLLOW_UP_TITLE_MAX:
            return f"each have a title of 1 to {FOLLOW_UP_TITLE_MAX} characters"
        if (
            isinstance(days, bool)
            or not isinstance(days, int)
            or not 0 < days <= FOLLOW_UP_DAYS_MAX
        ):
            return f"each count 1 to {FOLLOW_UP_DAYS_MAX} days"
    return None


def _entry_values(entry: dict, number: int) -> dict:
    """The row values an entry sets, checked once for all the courts it applies to."""
    code = entry.get("code")
    label = f"Filing code entry {number} ({code or 'no code'})"
    max_code = FilingCode._meta.get_field("code").max_length
    max_name = FilingCode._meta.get_field("name").max_length
    max_template = FilingCode._meta.get_field("docket_text_template").max_length
    if not isinstance(code, str) or not code.strip() or len(code.strip()) > max_code:
        raise ValidationFailed(f"{label}: a code is 1 to {max_code} characters.")
    if code != code.strip():
        raise ValidationFailed(f"{label}: the code has spaces around it.")
    values = {
        "name": entry.get("name"),
        "initiating": entry.get("initiating", False),
        "fee_cents": entry.get("fee_cents", 0),
        "docket_text_template": entry.get("docket_text_template"),
        "follow_up_deadlines": entry.get("follow_up_deadlines", []),
        "service_of_process": entry.get("service_of_process", {}),
        "proposed_order": entry.get("proposed_order", False),
        "served": entry.get("served", True),
        "serve_only": entry.get("serve_only", False),
    }
    if not isinstance(values["name"], str) or not 0 < len(values["name"]) <= max_name:
        raise ValidationFailed(f"{label}: a name is 1 to {max_name} characters.")
    if not isinstance(values["initiating"], bool):
        raise ValidationFailed(f"{label}: initiating is true or false.")
    for flag in ("proposed_order", "served", "serve_only"):
        if not isinstance(values[flag], bool):
            raise ValidationFailed(f"{label}: {flag} is true or false.")
    fee = values["fee_cents"]
    if isinstance(fee, bool) or not isinstance(fee, int) or fee < 0 or fee > 2**31 - 1:
        raise ValidationFailed(f"{label}: fee_cents is a whole number of cents, 0 or more.")
    template = values["docket_text_template"]
    if not isinstance(template, str) or not 0 < len(template) <= max_template:
        raise ValidationFailed(
            f"{label}: a docket text template is 1 to {max_template} characters."
        )
    problem = docket_template_problem(template)
    if problem:
        raise ValidationFailed(f"{label}: the docket text template {problem}.")
    problem = follow_up_problem(values["follow_up_deadlines"])
    if problem:
        raise ValidationFailed(f"{label}: follow_up_deadlines {problem}.")
    problem = service_of_process_problem(values["service_of_process"])
    if problem:
        raise ValidationFailed(f"{label}: service_of_process {problem}.")
    return values


def _read(path: Path) -> list[dict]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        entries = data["codes"]
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise TypeError("'codes' is not a list of objects")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValidationFailed(f"The filing codes file {path} cannot be read: {exc}") from exc
    return entries


def _wanted_rows(entries: list[dict]) -> dict[tuple[int, int | None, str], dict]:
    """(court id, case type id or None, code) -> values, for every row the file describes;
    a later entry for the same row replaces an earlier one."""
    case_types = {ct.code: ct for ct in CaseType.objects.all()}
    courts = list(Court.objects.filter(efiling_participating=True).prefetch_related("case_types"))
    courts_by_code = {court.code: court for court in courts}
    kinds = set(Court.Kind.values)
    wanted: dict[tuple[int, int | None, str], dict] = {}
    for number, entry in enumerate(entries, start=1):
        values = _entry_values(entry, number)
        label = f"Filing code entry {number} ({entry['code']})"
        court_kinds = entry.get("court_kinds", [Court.Kind.CIRCUIT])
        if not isinstance(court_kinds, list) or not set(court_kinds) <= kinds or not court_kinds:
            raise ValidationFailed(f"{label}: court_kinds are some of {sorted(kinds)}.")
        type_codes = entry.get("case_types")
        if type_codes is not None:
            if not isinstance(type_codes, list) or not type_codes:
                raise ValidationFailed(f"{label}: case_types is null or a list of codes.")
            unknown = set(type_codes) - set(case_types)
            if unknown:
                raise ValidationFailed(f"{label}: unknown case types {sorted(unknown)}.")
        only = entry.get("courts")
        if only is not None:
            unknown = set(only) - set(courts_by_code)
            if unknown:
                raise ValidationFailed(
                    f"{label}: {sorted(unknown)} are not e-filing courts (location codes)."
                )
        for court in courts:
            if court.kind not in court_kinds or (only is not None and court.code not in only):
                continue
            if type_codes is None:
                wanted[(court.pk, None, entry["code"])] = values
                continue
            accepted = {ct.code for ct in court.case_types.all()}
            for type_code in type_codes:
                if type_code in accepted:
                    wanted[(court.pk, case_types[type_code].pk, entry["code"])] = values
    return wanted


def filing_codes_load(
    *, path: Path = DEFAULT_FILING_CODES_FILE, actor=None, channel: str = "cli"
) -> LoadReport:
    """Bring the courts' filing codes in line with the data file, all or nothing.

    Idempotent: each (court, case type, code) the file describes is created, or updated where
    its name, initiating flag, fee, docket text or follow-up deadlines differ (the file is the
    source for the codes it lists, like the courts file); `active` is set on creation only and
    then left to administrators. A row an administrator edited after the file last set it (its
    values no longer match the digest of what the file gave it) is left alone and listed in
    `report.kept` when the file now says otherwise. Codes the file does not describe are never
    touched. Each created or changed row is one audit event."""
    wanted = _wanted_rows(_read(path))
    report = LoadReport()
    with transaction.atomic():
        court_ids = {court_id for court_id, _, _ in wanted}
        existing = {
            (row.court_id, row.case_type_id, row.code): row
            for row in FilingCode.objects.filter(court_id__in=court_ids).select_for_update(
                no_key=True
            )
        }
        to_create, to_update, to_mark, events, kept = [], [], [], [], []
        for key, values in wanted.items():
            row = existing.get(key)
            digest = values_digest(values)
            if row is None:
                court_id, case_type_id, code = key
                to_create.append(
                    FilingCode(
                        court_id=court_id,
                        case_type_id=case_type_id,
                        code=code,
                        file_digest=digest,
                        **values,
                    )
                )
                continue
            current = {name: getattr(row, name) for name in values}
            current_digest = values_digest(current)
            if current_digest == digest:
                if row.file_digest != digest:
                    row.file_digest = digest
                    to_mark.append(row)
                report.unchanged += 1
                continue
            if row.file_digest and current_digest != row.file_digest:
                kept.append(row)  # an administrator edited it
                continue
            changes = {
                name: [str(current[name]), str(value)]
                for name, value in values.items()
                if current[name] != value
            }
            for name, value in values.items():
                setattr(row, name, value)
            row.file_digest = digest
            to_update.append(row)
            events.append(("changed", row, changes))
        created = FilingCode.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            FilingCode.objects.bulk_update(to_update, [*FILE_FIELDS, "file_digest"], batch_size=500)
        if to_mark:
            FilingCode.objects.bulk_update(to_mark, ["file_digest"], batch_size=500)
        events = [
            ("created", row, {name: [None, str(getattr(row, name))] for name in FILE_FIELDS})
            for row in created
        ] + events
        labels = _labels([row for _, row, _ in events] + kept)
        for verb, row, _ in events:
            (report.added if verb == "created" else report.changed).append(labels[row.pk])
        report.kept = sorted(labels[row.pk] for row in kept)
        if events:
            audit_record_many(
                entries=[
                    {
                        "action": f"filingcode.{verb}",
                        "target": row,
                        "object_repr": labels[row.pk],
                        "details": {"source": "filing codes data file", "changes": changes},
                    }
                    for verb, row, changes in events
                ],
                actor=actor,
                channel=channel,
            )
    return report


def _labels(rows: list[FilingCode]) -> dict[int, str]:
    """'SL CC PET' for each row ('SL * EOA' for every case type), without a query per row."""
    courts = dict(Court.objects.filter(pk__in={r.court_id for r in rows}).values_list("pk", "code"))
    types = dict(CaseType.objects.values_list("pk", "code"))
    return {
        row.pk: f"{courts[row.court_id]} {types.get(row.case_type_id, '*')} {row.code}"
        for row in rows
    }
