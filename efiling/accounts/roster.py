"""Importing the Missouri bar roster from a CSV file (web upload or `efiling import_roster FILE`).

The file
    UTF-8 text (a byte-order mark is allowed: "CSV UTF-8" from a spreadsheet), at most 20 MB,
    comma-separated, with a header row. Column names are matched without regard to case, spaces
    or hyphens ("Bar Number" is `bar_number`); the order of the columns does not matter and other
    columns are ignored.

    Required columns: bar_number, last_name, first_name, status, admission_date.
    Optional columns: middle_name, suffix, phone.

Each row
    bar_number      ASCII digits only, 1 to 10 of them, kept exactly as given: leading zeros are
                    part of the number ("01234" and "1234" are different strings). Because they
                    are surely the same attorney written two ways, a row whose number equals an
                    existing member's (or an earlier row's) apart from leading zeros is refused,
                    so that the roster never holds one attorney twice.
    last_name, first_name   required, at most 60 characters.
    middle_name     optional, at most 60 characters.   suffix   optional, at most 10 ("Jr.").
    phone           optional, at most 30 characters: digits, spaces and + ( ) - . only; the
                    number the help desk calls back to check an attorney's identity.
    status          good standing (also written good_standing, good-standing or active),
                    inactive, suspended, disbarred or deceased; any case.
    admission_date  YYYY-MM-DD or MM/DD/YYYY (four-digit year); may be blank when unknown; never
                    after today (Central time).

    A bar number that appears twice in the file is refused on its later lines, even when its
    first line was itself refused (the file is unclear about that attorney).

    Surrounding spaces are removed from every value. Blank lines (and lines of empty values) are
    skipped. Line numbers in the report are the file's own line numbers (the header is line 1).

What happens
    The whole import runs in one transaction. A problem with the file itself (not UTF-8, too
    large, empty, missing columns, broken CSV) refuses the file and writes nothing. A bad row is
    refused with its line number and the reason, and the good rows are applied. Rows are matched
    to the roster by bar number: a new number is added; a known one is compared field by field
    and saved (with `updated_at` = now) only when something differs. Members that the file does
    not mention are left as they are. Importing the same file again changes nothing.

    Filing rights follow BarMember.status live (permissions.attorney_filing_problem), so a
    change away from good standing stops an attorney's filing at once and a return restores it.

    Audit: one "bar_member.added" or "bar_member.changed" event per member (a status change also
    carries "from" and "to"), and one "roster.imported" event with the counts and the file's
    SHA-256. The RosterImport row keeps the counts and the report; the file itself is never kept.
    The report lists at most REPORT_LIST_LIMIT refused and changed rows (the counts are always
    complete; `refused_not_listed` / `changed_not_listed` say how many were left out).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction

from efiling.accounts.bar_numbers import bar_number_key
from efiling.accounts.models import BarMember, BarStatus, RosterImport
from efiling.audit.services import audit_record_many
from efiling.core import clock
from efiling.core.errors import Conflict, ValidationFailed

MAX_ROSTER_BYTES = 20 * 1024 * 1024
REPORT_LIST_LIMIT = 1000
REQUIRED_COLUMNS = ("bar_number", "last_name", "first_name", "status", "admission_date")
OPTIONAL_COLUMNS = ("middle_name", "suffix", "phone")
MEMBER_FIELDS = (
    "first_name",
    "middle_name",
    "last_name",
    "suffix",
    "status",
    "admitted_on",
    "phone",
)
PHONE = re.compile(r"[0-9 +().-]{1,30}")
NAME_LIMITS = {"last_name": 60, "first_name": 60, "middle_name": 60, "suffix": 10}
NAME_LABELS = {
    "last_name": "last name",
    "first_name": "first name",
    "middle_name": "middle name",
    "suffix": "suffix",
}

STATUS_WORDS = {
    "good standing": BarStatus.GOOD_STANDING,
    "active": BarStatus.GOOD_STANDING,
    "inactive": BarStatus.INACTIVE,
    "suspended": BarStatus.SUSPENDED,
    "disbarred": BarStatus.DISBARRED,
    "deceased": BarStatus.DECEASED,
}
ACCEPTED_STATUSES = "good standing, inactive, suspended, disbarred or deceased"

ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
US_DATE_SHORT_YEAR = re.compile(r"\d{1,2}/\d{1,2}/\d{2}")


class RowRefused(Exception):
    """One row cannot be imported; the message says why, in the administrator's words."""


def _column_key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _decode(data: bytes) -> str:
    if len(data) > MAX_ROSTER_BYTES:
        raise ValidationFailed(
            f"The file is {len(data) / (1024 * 1024):.1f} MB; a roster file can be at most "
            f"{MAX_ROSTER_BYTES // (1024 * 1024)} MB. Split it into smaller files and import "
            "each one."
        )
    if data.startswith(b"PK\x03\x04"):
        raise ValidationFailed(
            "This is an Excel workbook (.xlsx), not a CSV file. In your spreadsheet, use "
            '"Save As" with the type "CSV UTF-8 (Comma delimited)" and import that file.'
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValidationFailed(
            f"The file is not UTF-8 text (the first unreadable character is on line {line}). "
            'Save it from your spreadsheet as "CSV UTF-8 (Comma delimited)" and try again.'
        ) from exc
    if "\x00" in text:
        raise ValidationFailed(
            "The file contains binary data, not CSV text. Export the roster as "
            '"CSV UTF-8 (Comma delimited)" and try again.'
        )
    if not text.strip():
        raise ValidationFailed("The file is empty: it has no header row and no roster rows.")
    return text


def _header_columns(header: list[str]) -> dict[str, int]:
    """Column name -> position, or ValidationFailed naming what is missing."""
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _column_key(name)
        if key in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
            if key in positions:
                raise ValidationFailed(
                    f'The header row names the column "{key}" twice. Keep one and try again.'
                )
            positions[key] = index
    missing = [name for name in REQUIRED_COLUMNS if name not in positions]
    if missing:
        hint = ""
        if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
            hint = " The columns seem to be separated by semicolons or tabs; use commas."
        raise ValidationFailed(
            "The first line must be the header row with the columns "
            f"{', '.join(REQUIRED_COLUMNS)} (and optionally {', '.join(OPTIONAL_COLUMNS)}). "
            f"Missing: {', '.join(missing)}.{hint}"
        )
    return positions


def _parse_status(value: str) -> str:
    if not value:
        raise RowRefused(f"The status is missing (use {ACCEPTED_STATUSES})")
    word = re.sub(r"[\s_\-]+", " ", value.lower())
    if word not in STATUS_WORDS:
        raise RowRefused(f'Unknown status "{value}" (use {ACCEPTED_STATUSES})')
    return STATUS_WORDS[word]


def _parse_date(value: str, today: date) -> date | None:
    if not value:
        return None
    if match := ISO_DATE.fullmatch(value):
        year, month, day = (int(part) for part in match.groups())
    elif match := US_DATE.fullmatch(value):
        month, day, year = (int(part) for part in match.groups())
    elif US_DATE_SHORT_YEAR.fullmatch(value):
        raise RowRefused(
            f'Admission date "{value}" has a two-digit year: write the year with four digits'
        )
    else:
        raise RowRefused(f'Admission date "{value}" is not a date (use YYYY-MM-DD or MM/DD/YYYY)')
    try:
        admitted = date(year, month, day)
    except ValueError as exc:
        raise RowRefused(f'Admission date "{value}" is not a day of the calendar') from exc
    if admitted > today:
        raise RowRefused(f'Admission date "{value}" is in the future')
    return admitted


def _parse_name(name: str, value: str, required: bool) -> str:
    label = NAME_LABELS[name]
    if not value:
        if required:
            raise RowRefused(f"The {label} is missing")
        return ""
    if any(unicodedata.category(char).startswith("C") for char in value):
        raise RowRefused(f"The {label} contains a control character")
    if len(value) > NAME_LIMITS[name]:
        raise RowRefused(f"The {label} is longer than {NAME_LIMITS[name]} characters")
    return value


def _parse_phone(value: str) -> str:
    if value and not (PHONE.fullmatch(value) and any(c.isdigit() for c in value)):
        raise RowRefused(
            f'Phone "{value[:40]}" must be at most 30 digits, spaces and + ( ) - . characters'
        )
    return value


def _parse_bar_number(value: str) -> str:
    if not value:
        raise RowRefused("The bar number is missing")
    if not (value.isascii() and value.isdigit()):
        raise RowRefused(f'Bar number "{value}" must be digits only')
    if len(value) > 10:
        raise RowRefused(f'Bar number "{value}" has more than 10 digits')
    return value


def _parse_row(
    cells: list[str], columns: dict[str, int], width: int, today: date
) -> tuple[str, dict]:
    """(bar number, field values) of one data line, or RowRefused."""
    if len(cells) != width:
        raise RowRefused(
            f"The line has {len(cells)} values but the header has {width} columns (check for a "
            "missing or extra comma, or a comma inside a name that is not in quotes)"
        )

    def cell(name: str) -> str:
        return cells[columns[name]].strip() if name in columns else ""

    bar_number = _parse_bar_number(cell("bar_number"))
    values = {
        "last_name": _parse_name("last_name", cell("last_name"), required=True),
        "first_name": _parse_name("first_name", cell("first_name"), required=True),
        "middle_name": _parse_name("middle_name", cell("middle_name"), required=False),
        "suffix": _parse_name("suffix", cell("suffix"), required=False),
        "status": _parse_status(cell("status")),
        "admitted_on": _parse_date(cell("admission_date"), today),
        "phone": _parse_phone(cell("phone")),
    }
    return bar_number, values


def _read_rows(text: str, today: date) -> list[tuple[int, str, dict | None, str | None]]:
    """(line, bar number, values, None) for a good line and (line, bar number as given, None,
    reason) for a refused one; blank lines are skipped. ValidationFailed for a bad file."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    try:
        header = next(reader, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(reader, None)
        if header is None:
            raise ValidationFailed("The file is empty: it has no header row and no roster rows.")
        columns = _header_columns(header)
        width, number_at = len(header), columns["bar_number"]
        last_line = reader.line_num
        for cells in reader:
            line, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            try:
                bar_number, values = _parse_row(cells, columns, width, today)
            except RowRefused as refusal:
                given = cells[number_at].strip()[:40] if len(cells) > number_at else ""
                rows.append((line, given, None, str(refusal)))
            else:
                rows.append((line, bar_number, values, None))
    except csv.Error as exc:
        raise ValidationFailed(
            f"The file is not valid CSV near line {reader.line_num} ({exc}). Check the quotes "
            "on that line."
        ) from exc
    if not rows:
        raise ValidationFailed("The file has a header row but no roster rows.")
    return rows


def _display(value) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def roster_import(
    *, data: bytes, file_name: str, actor=None, request=None, channel: str = "web"
) -> RosterImport:
    """Apply a roster CSV file (see the module docstring for the format) and return the stored
    RosterImport with its counts and report. Raises ValidationFailed when the file as a whole
    cannot be imported; nothing is written then."""
    user = getattr(request, "user", None)
    if actor is None and user is not None and user.is_authenticated:
        actor = user
    text = _decode(data)
    today = clock.today(settings.EFILING_DEFAULT_TIME_ZONE)
    rows = _read_rows(text, today)
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        with transaction.atomic():
            return _apply(rows, file_name, sha256, actor, request, channel)
    except IntegrityError as exc:
        raise Conflict(
            "Another roster import changed the roster at the same time. Import the file again."
        ) from exc


def _apply(rows, file_name, sha256, actor, request, channel) -> RosterImport:
    now = clock.now()
    record = RosterImport.objects.create(
        imported_by=actor, imported_at=now, file_name=file_name[:200], sha256=sha256
    )
    members = {m.bar_number: m for m in BarMember.objects.select_for_update(no_key=True)}
    audit_entries: list[dict] = []
    number_keys = {bar_number_key(number): number for number in members}
    seen: dict[str, int] = {}  # number key -> line of the file that used it first
    refused, changed, added_members = [], [], []
    unchanged = 0

    def refuse(line, bar_number, reason):
        refused.append({"line": line, "bar_number": bar_number, "reason": reason})

    for line, bar_number, values, reason in rows:
        if values is None:
            refuse(line, bar_number, reason)
            if bar_number.isascii() and bar_number.isdigit() and len(bar_number) <= 10:
                seen.setdefault(
                    bar_number_key(bar_number), line
                )  # a later duplicate is suspect too
            continue
        key = bar_number_key(bar_number)
        if key in seen:
            refuse(line, bar_number, f"Bar number {bar_number} already appears on line {seen[key]}")
            continue
        seen[key] = line
        known = number_keys.get(key)
        if known is not None and known != bar_number:
            refuse(
                line,
                bar_number,
                f"Bar number {bar_number} is the roster's bar number {known} with different "
                "leading zeros: write it as the roster has it",
            )
            continue
        member = members.get(bar_number)
        if member is None:
            added_members.append(BarMember(bar_number=bar_number, updated_at=now, **values))
            continue
        differences = {
            name: {"from": _display(getattr(member, name)), "to": _display(value)}
            for name, value in values.items()
            if getattr(member, name) != value
        }
        if not differences:
            unchanged += 1
            continue
        old_status = member.status
        for name, value in values.items():
            setattr(member, name, value)
        member.updated_at = now
        member.save(update_fields=[*differences, "updated_at"])
        changed.append({"bar_number": bar_number, "fields": differences})
        details = {"roster_import": record.pk, "fields": differences}
        if "status" in differences:
            details.update({"from": old_status, "to": member.status})
        audit_entries.append({"action": "bar_member.changed", "target": member, "details": details})

    BarMember.objects.bulk_create(added_members, batch_size=500)
    for member in added_members:
        if member.pk is None:  # a database that does not return keys from bulk inserts
            member.pk = BarMember.objects.get(bar_number=member.bar_number).pk
        fields = {name: _display(getattr(member, name)) for name in MEMBER_FIELDS}
        audit_entries.append(
            {
                "action": "bar_member.added",
                "target": member,
                "details": {"roster_import": record.pk, "fields": fields},
            }
        )

    record.added = len(added_members)
    record.changed = len(changed)
    record.unchanged = unchanged
    record.refused = len(refused)
    record.report = {
        "refused": refused[:REPORT_LIST_LIMIT],
        "refused_not_listed": max(0, len(refused) - REPORT_LIST_LIMIT),
        "changed": changed[:REPORT_LIST_LIMIT],
        "changed_not_listed": max(0, len(changed) - REPORT_LIST_LIMIT),
        "added": [member.bar_number for member in added_members],
    }
    record.save()
    audit_entries.append(
        {
            "action": "roster.imported",
            "target": record,
            "details": {
                "file_name": record.file_name,
                "sha256": sha256,
                "added": record.added,
                "changed": record.changed,
                "unchanged": record.unchanged,
                "refused": record.refused,
            },
        }
    )
    audit_record_many(entries=audit_entries, actor=actor, request=request, channel=channel)
    return record
