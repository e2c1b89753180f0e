"""The signed "record of filing attempts" (Rule 103.06): a PDF listing a filer's attempts and
the outages of a time range, which anyone can check on the verification page (decision 0022).

The file is the PDF (what letter_pdf draws, ending with %%EOF) followed by one line, a PDF
comment that readers skip:

    %EFILING-SIGNED-RECORD {"key_id":...,"payload":{...},"signature":...}

The JSON is canonical (efiling.core.signing.canonical_json). `payload` says what the record is
(filer, range, number of attempts and outages, their references, when it was signed) and holds
`sha256`, the SHA-256 of every byte before the line; `signature` is the Ed25519 signature
(purpose RECORD_PURPOSE) of the first signing key over the payload. A record verifies only
when the line is the file's last, is canonical JSON, its signature is canonical base64 and
valid for a key this system holds, and the PDF's bytes hash to `sha256`: a byte changed,
added or removed anywhere fails. The judge needs only the file."""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.urls import reverse
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from efiling.availability.attempts import attempt_local_time, attempts_between
from efiling.availability.outages import outages_between
from efiling.core import clock, signing
from efiling.core.clock import clock_time
from efiling.core.errors import TooLarge, ValidationFailed
from efiling.core.pdf_fonts import SERIF, SERIF_BOLD, letter_pdf, pdf_fonts_register
from efiling.core.words import long_date, one_line

RECORD_PURPOSE = "filing-attempt-record"
MARKER = b"%EFILING-SIGNED-RECORD "
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
# The longest range one record covers (days), and the largest file the verification page reads.
RANGE_MAX_DAYS = 366
RECORD_MAX_BYTES = 5 * 1024 * 1024
DOCUMENT_FIELDS = {"key_id", "payload", "signature"}

pdf_fonts_register()
_BODY = ParagraphStyle("record-body", fontName=SERIF, fontSize=10.5, leading=14, spaceAfter=6)
_SMALL = ParagraphStyle("record-small", parent=_BODY, fontSize=9, leading=11, spaceAfter=0)
_TITLE = ParagraphStyle("record-title", parent=_BODY, fontName=SERIF_BOLD, fontSize=15, leading=19)
_HEADING = ParagraphStyle(
    "record-heading", parent=_BODY, fontName=SERIF_BOLD, fontSize=12, spaceBefore=10
)


class NotGenuine(ValidationFailed):
    """The file is not a genuine record of this system, with the reason in words."""

    code = "not_genuine"


def _p(text: str, style: ParagraphStyle = _BODY) -> Paragraph:
    return Paragraph(html.escape(one_line(text), quote=False), style)


def _when(instant: datetime, zone: str) -> str:
    local = clock.to_local(instant, zone)
    return f"{long_date(local.date())}, {clock_time(local)} ({local.tzname()})"


def record_range(first: date, last: date) -> tuple[datetime, datetime]:
    """The instants (UTC) of the local days `first` to `last` (both included, the default
    zone). ValidationFailed for a range that ends before it starts or is over RANGE_MAX_DAYS."""
    if last < first:
        raise ValidationFailed("The range ends before it starts.", field="to")
    if (last - first).days + 1 > RANGE_MAX_DAYS:
        raise ValidationFailed(
            f"One record covers at most {RANGE_MAX_DAYS} days: choose a shorter range.",
            field="to",
        )
    zone = clock.zone(settings.EFILING_DEFAULT_TIME_ZONE)
    start = datetime.combine(first, time(0), tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=zone)
    return start.astimezone(clock.UTC), end.astimezone(clock.UTC)


def _table(rows: list[list[str]], widths: list[float]) -> Table:
    cells = [[_p(cell, _SMALL) for cell in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "#777777"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), "#e6e6e6"),
            ]
        )
    )
    return table


def record_pdf(*, user, first: date, last: date) -> bytes:
    """The signed record of `user`'s filing attempts from local day `first` to `last` (both
    included) with the outages of that range: PDF bytes and the signature line (the module's
    text). Raises ValidationFailed for a bad range, signing.CannotSign where no private key is."""
    start, end = record_range(first, last)
    zone = settings.EFILING_DEFAULT_TIME_ZONE
    attempts = list(attempts_between(user, start, end))
    outages = outages_between(start, end)
    signed_at = clock.now().replace(microsecond=0)
    key = signing.signing_keys()[0]
    filer = one_line(user.get_full_name() or user.email)
    story = [
        _p("Record of filing attempts", _TITLE),
        _p(f"Filer: {filer} ({user.email})"),
        _p(f"From {long_date(first)} to {long_date(last)}, both included (Central time)."),
        _p(
            f"Made and signed by the Missouri courts e-filing system on {_when(signed_at, zone)}. "
            "It lists every attempt of this filer that did not end in a receipt, or whose "
            "answer was lost, and the outages of the range (Supreme Court Rule 103.06)."
        ),
        _p(f"Filing attempts ({len(attempts)})", _HEADING),
    ]
    if attempts:
        rows = [["Reference", "Time", "Court and case", "What was tried", "What went wrong"]]
        for attempt in attempts:
            local = attempt_local_time(attempt)
            where = attempt.court.name if attempt.court_id else "Court not known"
            if attempt.case_number:
                where += f", case {attempt.case_number}"
            if attempt.envelope_public_id:
                where += f" (envelope {attempt.envelope_public_id})"
            rows.append(
                [
                    attempt.reference,
                    f"{local:%m/%d/%Y} {clock_time(local, seconds=True)} {local.tzname()}",
                    where,
                    attempt.operation,
                    f"{attempt.get_kind_display()}: {attempt.what_went_wrong}",
                ]
            )
        story.append(_table(rows, [78, 72, 110, 70, 138]))
    else:
        story.append(_p("No attempt in this range."))
    story.append(_p(f"Outages ({len(outages)})", _HEADING))
    if outages:
        rows = [["Start", "End", "Kind", "Affected", "Description"]]
        for outage in outages:
            ends = _when(outage.end, zone) if outage.end else "not over"
            rows.append(
                [_when(outage.start, zone), ends, outage.kind, outage.affected, outage.description]
            )
        # "Kind" wide enough for "maintenance" on one line (no word split)
        story.append(_table(rows, [85, 85, 74, 100, 124]))
    else:
        story.append(_p("No outage in this range."))
    verify_url = settings.EFILING_SITE_URL.rstrip("/") + reverse("filing-attempts-verify")
    story += [
        Spacer(1, 10),
        _p(
            f"This file is signed (Ed25519, key {key.key_id}). Verify it at {verify_url}: a "
            "file changed in any byte fails."
        ),
    ]
    pdf = letter_pdf(
        story,
        title="Record of filing attempts",
        author="Missouri courts e-filing",
        subject=f"{filer}: {first.isoformat()} to {last.isoformat()}",
    )
    payload = {
        "record": "filing attempts",
        "filer": filer,
        "filer_email": user.email,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "time_zone": zone,
        "attempts": len(attempts),
        "references": [attempt.reference for attempt in attempts],
        "outages": len(outages),
        "signed_at": signed_at.astimezone(clock.UTC).strftime(TIME_FORMAT),
        "sha256": hashlib.sha256(pdf).hexdigest(),
    }
    signature = signing.sign(purpose=RECORD_PURPOSE, payload=payload)
    document = {"key_id": signature.key_id, "payload": payload, "signature": signature.signature}
    return pdf + MARKER + signing.canonical_json(document) + b"\n"


def record_too_large() -> TooLarge:
    """The 413 refusal of a file over RECORD_MAX_BYTES, on the field "record"."""
    return TooLarge(
        f"The file is larger than the {RECORD_MAX_BYTES // (1024 * 1024)} MB a record of "
        "filing attempts can be: it is not one made by this system.",
        field="record",
    )


def record_upload_read(upload) -> bytes:
    """The bytes of an uploaded file (a Django UploadedFile; None: no file chosen) to verify:
    ValidationFailed (422) for none, record_too_large (413) for one over RECORD_MAX_BYTES."""
    if upload is None:
        raise ValidationFailed("Choose the PDF file of the record to verify.", field="record")
    if upload.size > RECORD_MAX_BYTES:
        raise record_too_large()
    return upload.read(RECORD_MAX_BYTES + 1)


@dataclass(frozen=True)
class Verified:
    """A genuine record: what it says (its signed payload) and the key that signed it."""

    payload: dict
    key_id: str
    signed_at: datetime


def record_verify(data: bytes) -> Verified:
    """Whether `data` is a genuine record made by this system, unchanged. Raises NotGenuine
    (422) naming what is wrong: not a PDF, no signature line, something after it, a line that
    is not the canonical one, a key this system does not hold, a signature that does not
    match, or PDF bytes changed since they were signed. A file that is not a PDF at all has the
    code "not_pdf" (the API answers it 422, a PDF not genuine 200 with the reason)."""
    if not data.startswith(b"%PDF-"):
        raise NotGenuine("This file is not a PDF.", code="not_pdf", field="record")
    at = data.rfind(b"\n" + MARKER)
    if at < 0:
        raise NotGenuine(
            "This PDF carries no signature of this system: it is not a record of filing "
            "attempts made here (or its signature was removed).",
            field="record",
        )
    body, line = data[: at + 1], data[at + 1 + len(MARKER) :]
    if not line.endswith(b"\n") or b"\n" in line[:-1] or b"\r" in line:
        raise NotGenuine(
            "Something was added to the file after its signature: it is not the record as it "
            "was signed.",
            field="record",
        )
    text = line[:-1]
    try:
        document = json.loads(text)
    except ValueError:
        document = None
    if (
        not isinstance(document, dict)
        or set(document) != DOCUMENT_FIELDS
        or not isinstance(document["payload"], dict)
        or not all(isinstance(document[name], str) for name in ("key_id", "signature"))
        or signing.canonical_json(document) != text
    ):
        raise NotGenuine("The signature line of this file was altered.", field="record")
    signature = document["signature"]
    try:
        canonical = base64.b64encode(base64.b64decode(signature, validate=True)).decode()
    except (binascii.Error, ValueError):
        canonical = None
    if canonical != signature:
        raise NotGenuine("The signature of this file was altered.", field="record")
    try:
        key = signing.verify(
            purpose=RECORD_PURPOSE,
            payload=document["payload"],
            key_id=document["key_id"],
            signature=signature,
        )
    except signing.UnknownKey:
        raise NotGenuine(
            f"This file names a signing key ({one_line(document['key_id'])[:40]}) that this "
            "system does not hold: it was not signed here.",
            field="record",
        ) from None
    except signing.SignatureInvalid:
        raise NotGenuine(
            "The signature does not match what the file says: the record was altered.",
            field="record",
        ) from None
    payload = document["payload"]
    if payload.get("sha256") != hashlib.sha256(body).hexdigest():
        raise NotGenuine(
            "The PDF was changed after it was signed: it is not the record as it was made.",
            field="record",
        )
    signed_at = datetime.strptime(payload["signed_at"], TIME_FORMAT).replace(tzinfo=clock.UTC)
    return Verified(payload=payload, key_id=key.key_id, signed_at=signed_at)
