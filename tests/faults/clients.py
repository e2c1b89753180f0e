"""The clients of a fault run and the history of what they did.

`Filer` is an attorney's software filing new cases through the JSON API, as a careful client
does (docs/decisions/0007-retry-safe-api.md): every changing call sends an Idempotency-Key and
is retried with the same key after a connection error, a 5xx or a 409 `in flight`, with
exponential backoff (a Retry-After is honoured), going to the next web server each time (a load
balancer's round robin). `Clerk` accepts the submitted filings through the court's pages.

`History` records each operation invoked (with its key), each attempt's outcome and each
acknowledgement; `History.summary` prints it in a few lines."""

from __future__ import annotations

import itertools
import random
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import requests

from tests.scale.walk import CourtUser

TIMEOUT = 30  # seconds for one attempt
BACKOFF_FIRST, BACKOFF_MAX = 0.2, 4.0
GIVE_UP_AFTER = 120  # seconds of failed attempts at one operation: the run has failed


@dataclass
class Operation:
    """One operation as its client saw it: invoked once, attempted until acknowledged."""

    client: str
    op: str
    key: str
    envelope: str = ""  # the client's own name for the envelope (its caption)
    attempts: list[str] = field(default_factory=list)  # each attempt's outcome: "201", "reset"
    acknowledged: bool = False
    answer: dict | None = None

    @property
    def retried(self) -> bool:
        return len(self.attempts) > 1


class GaveUp(AssertionError):
    """An operation that kept failing, or got an answer no retry can change."""


@dataclass
class History:
    operations: list[Operation] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def invoke(self, client: str, op: str, key: str, envelope: str = "") -> Operation:
        operation = Operation(client, op, key, envelope)
        with self._lock:
            self.operations.append(operation)
        return operation

    def acknowledged(self, op: str) -> list[Operation]:
        return [o for o in self.operations if o.op == op and o.acknowledged]

    def outcomes(self) -> Counter:
        """How often each outcome of an attempt was seen ("201", "503", "reset", ...)."""
        return Counter(outcome for o in self.operations for outcome in o.attempts)

    def statuses(self) -> Counter:
        """How often each status (or connection error) was seen, without the error codes."""
        return Counter(outcome.split()[0] for o in self.operations for outcome in o.attempts)

    def server_errors(self) -> list[Operation]:
        """Operations that were answered a 5xx other than 503 (an outage's answer)."""
        return [
            o
            for o in self.operations
            if any(a.startswith("5") and not a.startswith("503") for a in o.attempts)
        ]

    def counts(self) -> dict[str, int]:
        outcomes = self.statuses()
        return {
            "invoked": len(self.operations),
            "acknowledged": sum(o.acknowledged for o in self.operations),
            "retried": sum(o.retried for o in self.operations),
            "attempts": sum(len(o.attempts) for o in self.operations),
            "503s": outcomes["503"],
            "other 5xx": sum(n for a, n in outcomes.items() if a.startswith("5") and a != "503"),
            "connection errors": sum(n for a, n in outcomes.items() if not a[0].isdigit()),
        }

    def summary(self, *, retried_shown: int = 25) -> str:
        """Per operation: invoked, acknowledged, retried; the outcomes of all attempts; and the
        retried operations with their keys and attempts."""
        lines = [f"{'operation':<16}{'invoked':>9}{'acked':>7}{'retried':>9}"]
        for op in dict.fromkeys(o.op for o in self.operations):
            mine = [o for o in self.operations if o.op == op]
            lines.append(
                f"{op:<16}{len(mine):>9}{sum(o.acknowledged for o in mine):>7}"
                f"{sum(o.retried for o in mine):>9}"
            )
        outcomes = ", ".join(f"{a} x{n}" for a, n in sorted(self.outcomes().items()))
        lines.append(f"attempt outcomes: {outcomes}")
        retried = [o for o in self.operations if o.retried or not o.acknowledged]
        for o in retried[:retried_shown]:
            state = "acked" if o.acknowledged else "NOT ACKED"
            lines.append(
                f"  {o.client} {o.envelope} {o.op} key={o.key[:12]}: "
                f"{' -> '.join(o.attempts)} ({state})"
            )
        if len(retried) > retried_shown:
            lines.append(f"  ... and {len(retried) - retried_shown} more retried")
        return "\n".join(lines)


def _outcome(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.Timeout):
        return "timeout"
    text = str(exc)
    if "reset" in text.lower():
        return "reset"
    if "refused" in text.lower():
        return "refused"
    if "RemoteDisconnected" in text or "aborted" in text.lower():
        return "cut"
    return type(exc).__name__


def _answer(response: requests.Response) -> str:
    """A status, with the API error's code when there is one ("503 database_unavailable")."""
    if response.status_code < 300:
        return str(response.status_code)
    try:
        code = response.json().get("code", "")
    except ValueError:
        code = "html" if "html" in response.headers.get("Content-Type", "") else ""
    return f"{response.status_code} {code}".strip()


def _backoff(attempt: int, retry_after: str | None) -> float:
    if retry_after and retry_after.isdigit():
        return min(float(retry_after), BACKOFF_MAX) * random.uniform(0.5, 1.0)
    return min(BACKOFF_FIRST * 2**attempt, BACKOFF_MAX) * random.uniform(0.5, 1.0)


class Filer:
    """An attorney's filing software (one client thread), through the web servers `urls`."""

    def __init__(self, name: str, urls: list[str], token: str, signature: str, history: History):
        self.name = name
        self.urls = itertools.cycle(urls)
        self.history = history
        self.signature = signature
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"

    def call(self, op: str, method: str, path: str, expected: int, envelope: str, **options):
        """One changing operation under a key of its own, retried until acknowledged; its
        answer (JSON). GaveUp on any other answer (a 4xx no retry changes)."""
        key = uuid.uuid4().hex
        operation = self.history.invoke(self.name, op, key, envelope)
        headers = {**options.pop("headers", {}), "Idempotency-Key": key}
        first = time.monotonic()
        for attempt in itertools.count():
            url = f"{next(self.urls)}/api/v1{path}"
            retry_after = None
            try:
                response = self.http.request(
                    method, url, headers=headers, timeout=TIMEOUT, **options
                )
            except requests.RequestException as exc:
                operation.attempts.append(_outcome(exc))
            else:
                operation.attempts.append(_answer(response))
                if response.status_code == expected:
                    operation.acknowledged, operation.answer = True, response.json()
                    return operation.answer
                in_flight = response.status_code == 409 and "in_flight" in response.text
                if response.status_code < 500 and not in_flight:
                    raise GaveUp(f"{op} {url}: {response.status_code} {response.text[:500]}")
                retry_after = response.headers.get("Retry-After")
            if time.monotonic() - first > GIVE_UP_AFTER:
                raise GaveUp(f"{op}: no answer after {len(operation.attempts)} attempts")
            time.sleep(_backoff(attempt, retry_after))
        raise AssertionError("unreachable")

    def file_new_case(self, caption: str, pdf: bytes) -> dict:
        """Create an envelope, add two parties and a petition, upload it, submit; the
        submitted envelope (GetFilingStatus's shape)."""
        envelope = self.call(
            "CreateEnvelope", "POST", "/envelopes", 201, caption,
            json={"court": "SL", "case_type": "CC", "caption": caption},
        )  # fmt: skip
        base = f"/envelopes/{envelope['id']}"
        for represented, role, last_name in ((True, "petitioner", "Lawson"),
                                             (False, "respondent", "Example")):  # fmt: skip
            self.call(
                "AddParty", "POST", f"{base}/parties", 201, caption,
                json={"kind": "person", "role": role, "first_name": "Pat",
                      "last_name": last_name, "represented": represented},
            )  # fmt: skip
        filing = self.call("AddFiling", "POST", f"{base}/filings", 201, caption,
                           json={"code": "PET"})["filings"][0]  # fmt: skip
        self.call(
            "UploadDocument", "POST", f"{base}/filings/{filing['id']}/documents", 201, caption,
            params={"kind": "lead", "file_name": "petition.pdf"}, data=pdf,
            headers={"Content-Type": "application/pdf"},
        )  # fmt: skip
        return self.call(
            "Submit", "POST", f"{base}/submit", 200, caption, json={"signature": self.signature}
        )


class Clerk:
    """The clerk accepting submitted filings through the review page, retried after a
    connection error or a 5xx; a refusal after a retry is the first attempt's acceptance
    (the page says the filing is no longer in review)."""

    def __init__(self, urls: list[str], person: dict, history: History):
        self.urls = itertools.cycle(urls)
        self.user = CourtUser(**person)
        self.history = history
        self._signed_in = False

    def accept(self, filing_id: int, envelope: str) -> None:
        operation = self.history.invoke("clerk", "AcceptFiling", f"filing-{filing_id}", envelope)
        first = time.monotonic()
        for attempt in itertools.count():
            web = next(self.urls)
            try:
                if not self._signed_in:
                    self.user.sign_in(web)
                    self._signed_in = True
                page = f"{web}/court/review/{filing_id}/"
                response = self.user.post(page, {"decision": "accept"}, 302)
            except requests.RequestException as exc:
                operation.attempts.append(_outcome(exc))
            except AssertionError as exc:  # an answer other than the redirect
                operation.attempts.append(str(exc).split(": ", 1)[-1][:3])
            else:
                operation.attempts.append("302")
                if response.headers["Location"].endswith("/court/SL/review/"):
                    operation.acknowledged = True
                    return
                if attempt == 0:
                    raise GaveUp(f"accepting filing {filing_id} was refused")
                operation.acknowledged = True  # refused on a retry: the first went through
                return
            if time.monotonic() - first > GIVE_UP_AFTER:
                raise GaveUp(f"accepting filing {filing_id}: {operation.attempts}")
            time.sleep(_backoff(attempt, None))
