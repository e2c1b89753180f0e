"""Mail kept as files: the embedded mode's e-mail backend and the reading of what it kept.

`EmlFileBackend` writes each message as one standard RFC 5322 file (`.eml`, the bytes an SMTP
server would have received, headers and MIME parts included) under EMAIL_FILE_PATH
(`var/mail/` by default, or `EFILING_EMAIL_URL=file:///path`): any mail program opens it, and
the demo's system administrator reads them in the system's pages (Court administration, Sent
mail). Files are written whole or not at all (a temporary name, then a rename), named so that
their names sort by the time they were written.

`sent_mail_list` and `sent_mail_read` read that folder back; they never follow a name outside
it.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

from efiling.core import clock
from efiling.core.errors import NotFound

_NAME = re.compile(r"\d{8}T\d{6}\.\d{6}Z-[0-9a-f]{12}\.eml")


def mail_folder() -> Path | None:
    """The folder the embedded backend writes to, or None when mail goes elsewhere (SMTP)."""
    if f"{__name__}.EmlFileBackend" != settings.EMAIL_BACKEND:
        return None
    return Path(settings.EMAIL_FILE_PATH)


class EmlFileBackend(BaseEmailBackend):
    """Django e-mail backend: each message to `<EMAIL_FILE_PATH>/<UTC time>-<hash>.eml`."""

    def __init__(self, *args, file_path=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.folder = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            data = message.message().as_bytes(linesep="\r\n")
            stamp = clock.now().strftime("%Y%m%dT%H%M%S.%fZ")
            name = f"{stamp}-{hashlib.sha256(data).hexdigest()[:12]}.eml"
            partial = self.folder / f".{name}.partial"
            with open(partial, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(partial, self.folder / name)
            sent += 1
        return sent


@dataclass(frozen=True)
class SentMail:
    """One kept message: its file name (the id in pages), headers and text body."""

    name: str
    sent_at: datetime | None
    sender: str
    to: str
    subject: str
    message_id: str
    text: str


def _read(path: Path, *, with_body: bool) -> SentMail:
    with open(path, "rb") as file:
        message = email.message_from_binary_file(file, policy=email.policy.default)
    try:
        sent_at = parsedate_to_datetime(message["Date"]) if message["Date"] else None
    except (TypeError, ValueError):
        sent_at = None
    if sent_at is not None and sent_at.tzinfo is None:
        # "-0000" (RFC 5322: zone not known) is how Django writes a UTC Date header.
        sent_at = sent_at.replace(tzinfo=UTC)
    text = ""
    if with_body:
        part = message.get_body(preferencelist=("plain",))
        text = part.get_content() if part is not None else ""
    return SentMail(
        name=path.name,
        sent_at=sent_at,
        sender=str(message["From"] or ""),
        to=", ".join(str(v) for v in message.get_all("To", [])),
        subject=str(message["Subject"] or ""),
        message_id=str(message["Message-ID"] or ""),
        text=text,
    )


def sent_mail_names(folder: Path) -> list[str]:
    """The kept messages' file names, newest first."""
    if not folder.is_dir():
        return []
    return sorted((p.name for p in folder.iterdir() if _NAME.fullmatch(p.name)), reverse=True)


def sent_mail_summaries(folder: Path, names: list[str]) -> list[SentMail]:
    """Headers of the named messages (a page of `sent_mail_names`), without their bodies."""
    return [_read(folder / name, with_body=False) for name in names]


def sent_mail_read(folder: Path, name: str) -> SentMail:
    """One kept message with its text body; NotFound for a name that is not one of ours."""
    path = folder / name
    if not _NAME.fullmatch(name) or not path.is_file():
        raise NotFound("There is no such message.")
    return _read(path, with_body=True)
