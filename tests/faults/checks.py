"""What must hold after a fault run, read from the system's own database, document store and
commands once every client has stopped; used by tests/faults/test_fault_runs.py and
benchmarks/faults.py. Each check returns a `Check`: its name, whether it held, and what was
found (the first few problems)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import psycopg

from tests.faults.clients import History
from tests.faults.harness import Deployment

SHOWN = 5  # problems named per check


@dataclass
class Check:
    name: str
    problems: list[str]
    found: str = ""  # what was counted when it held

    @property
    def held(self) -> bool:
        return not self.problems

    def __str__(self):
        if self.held:
            return f"ok    {self.name}" + (f" ({self.found})" if self.found else "")
        shown = "; ".join(self.problems[:SHOWN])
        more = f" (and {len(self.problems) - SHOWN} more)" if len(self.problems) > SHOWN else ""
        return f"FAIL  {self.name}: {shown}{more}"


def _rows(deployment: Deployment, sql: str, *params) -> list[tuple]:
    with psycopg.connect(deployment.database_url) as connection:
        return connection.execute(sql, params).fetchall()


def _envelopes(deployment: Deployment) -> list[dict]:
    """Every envelope with its counts of parties, filings, documents and lead documents."""
    rows = _rows(
        deployment,
        """SELECT e.public_id::text, e.caption, e.status, e.confirmation_number,
                  (SELECT count(*) FROM cases_party p WHERE p.proposed_in_id = e.id),
                  (SELECT count(*) FROM filings_filing f WHERE f.envelope_id = e.id),
                  (SELECT count(*) FROM filings_document d JOIN filings_filing f
                     ON d.filing_id = f.id WHERE f.envelope_id = e.id),
                  (SELECT count(*) FROM filings_document d JOIN filings_filing f
                     ON d.filing_id = f.id WHERE f.envelope_id = e.id AND d.kind = 'lead')
           FROM filings_envelope e""",
    )
    names = ("id", "caption", "status", "confirmation", "parties", "filings", "documents", "leads")
    return [dict(zip(names, row, strict=True)) for row in rows]


def acknowledged_submissions_present_once(deployment: Deployment, history: History) -> Check:
    """Each acknowledged submission is one submitted envelope with the confirmation number
    the client was given; no caption (one per envelope a client started) has two envelopes."""
    envelopes = _envelopes(deployment)
    by_id = {e["id"]: e for e in envelopes}
    problems = []
    for operation in history.acknowledged("Submit"):
        answer = operation.answer
        stored = by_id.get(answer["id"])
        if stored is None:
            problems.append(f"{operation.envelope}: acknowledged but absent")
        elif stored["status"] == "draft" or stored["confirmation"] != answer["confirmation_number"]:
            problems.append(
                f"{operation.envelope}: {stored['status']} {stored['confirmation']}, "
                f"acknowledged as {answer['confirmation_number']}"
            )
    twice = [c for c, n in Counter(e["caption"] for e in envelopes).items() if n > 1]
    problems += [f"{caption}: {n} envelopes" for caption, n in Counter(twice).items()]
    acknowledged = len(history.acknowledged("Submit"))
    return Check("every acknowledged submission present once", problems, f"{acknowledged}")


def no_duplicates_from_retries(deployment: Deployment, history: History) -> Check:
    """No envelope holds more than the client asked for (2 parties, 1 filing, 1 document): a
    retried key never made a second one."""
    problems = [
        f"{e['caption']}: {e['parties']} parties, {e['filings']} filings, "
        f"{e['documents']} documents"
        for e in _envelopes(deployment)
        if e["parties"] > 2 or e["filings"] > 1 or e["documents"] > 1
    ]
    keys = Counter(o.key for o in history.operations)
    problems += [f"key {key} invoked {n} times" for key, n in keys.items() if n > 1]
    retried = sum(o.retried for o in history.operations)
    return Check("no duplicate from a retried key", problems, f"{retried} operations retried")


def no_partial_envelope_submitted(deployment: Deployment, history: History) -> Check:
    """Every envelope past draft has its two parties, its filing, its lead document and a
    confirmation number."""
    submitted = [e for e in _envelopes(deployment) if e["status"] != "draft"]
    problems = [
        f"{e['caption']} ({e['status']}): {e['parties']} parties, {e['filings']} filings, "
        f"{e['leads']} lead documents, confirmation {e['confirmation']}"
        for e in submitted
        if (e["parties"], e["filings"], e["leads"]) != (2, 1, 1) or not e["confirmation"]
    ]
    return Check("no partial envelope submitted", problems, f"{len(submitted)} past draft")


def acknowledged_acceptances_recorded(deployment: Deployment, history: History) -> Check:
    """Every filing the clerk was told was accepted is accepted, with its docket entry."""
    accepted = {
        f"filing-{filing_id}"
        for (filing_id,) in _rows(
            deployment,
            "SELECT f.id FROM filings_filing f JOIN docket_docketentry d ON d.filing_id = f.id "
            "WHERE f.status = 'accepted'",
        )
    }
    acknowledged = history.acknowledged("AcceptFiling")
    problems = [
        f"{o.key} ({o.envelope}) not accepted" for o in acknowledged if o.key not in accepted
    ]
    return Check("every acknowledged acceptance docketed", problems, f"{len(acknowledged)}")


def files_and_rows_match(deployment: Deployment, history: History) -> Check:
    """After the sweep (`sweep_documents --delete`, no grace: nothing is in flight any more):
    `verify_documents` passes (every row's file is stored) and every stored document file is
    named by a row (original or stamped copy)."""
    swept = deployment.system.efiling("sweep_documents", "--delete", "--older-than-minutes", "0")
    strays = re.search(r"(\d+) stray file", swept.stdout)
    problems = []
    verified = deployment.system.efiling("verify_documents", check=False)
    if verified.returncode:
        problems.append((verified.stdout + verified.stderr).strip()[-1000:])
    named = {
        name
        for row in _rows(
            deployment, "SELECT storage_name, stamped_storage_name FROM filings_document"
        )
        for name in row
        if name
    }
    stored = {key for key in deployment.s3.object_keys() if key.startswith("documents/")}
    problems += [f"stored file without a row: {key}" for key in sorted(stored - named)]
    problems += [f"row's file not stored: {name}" for name in sorted(named - stored)]
    found = f"{len(stored)} files, {strays.group(1) if strays else '?'} strays swept"
    return Check("every document row has its file and every file its row", problems, found)


def counters_gapless(deployment: Deployment, history: History) -> Check:
    """Every counter issued 1..its value, each number once: confirmation numbers per year,
    case numbers per court, type and year, docket numbers per case."""
    issued: dict[str, list[int]] = defaultdict(list)
    for (number,) in _rows(
        deployment,
        "SELECT confirmation_number FROM filings_envelope WHERE confirmation_number IS NOT NULL",
    ):
        year, sequence = re.fullmatch(r"E(\d\d)-(\d+)", number).groups()
        issued[f"confirmation:20{year}"].append(int(sequence))
    for (number,) in _rows(deployment, "SELECT number FROM cases_case WHERE number <> ''"):
        year, location, case_type, sequence = re.fullmatch(
            r"(\d\d)([A-Z0-9]{2,3})-([A-Z]{2})(\d+)", number
        ).groups()
        issued[f"case-number:{location}:{case_type}:20{year}"].append(int(sequence))
    for case_id, number in _rows(deployment, "SELECT case_id, number FROM docket_docketentry"):
        issued[f"docket:{case_id}"].append(number)
    counters = dict(_rows(deployment, "SELECT key, value FROM core_counter"))
    problems = []
    for key in sorted(set(counters) | set(issued)):
        numbers = sorted(issued.get(key, []))
        if numbers != list(range(1, counters.get(key, 0) + 1)):
            missing = sorted(set(range(1, counters.get(key, 0) + 1)) - set(numbers))
            repeated = [n for n, c in Counter(numbers).items() if c > 1]
            problems.append(
                f"{key} = {counters.get(key)}: missing {missing[:5]}, repeated {repeated[:5]}, "
                f"{len(numbers)} issued"
            )
    cases = sum(1 for key in counters if key.startswith("case-number:"))
    found = f"{len(counters)} counters, {cases} of case numbers"
    return Check("numbers gapless and unique per counter", problems, found)


def audit_chain_intact(deployment: Deployment, history: History) -> Check:
    """`efiling verify_audit` passes (it chains what the follower has not yet)."""
    result = deployment.system.efiling("verify_audit", check=False)
    output = (result.stdout + result.stderr).strip()
    problems = [output[-1000:]] if result.returncode else []
    events = re.search(r"intact: (\d+) events", output)
    return Check("audit chain intact", problems, f"{events.group(1) if events else '?'} events")


def no_server_error(deployment: Deployment, history: History) -> Check:
    """No answer was a 5xx other than 503 (the answer of a real outage)."""
    problems = [
        f"{o.client} {o.envelope} {o.op}: {' -> '.join(o.attempts)}"
        for o in history.server_errors()
    ]
    return Check("no 5xx besides 503", problems)


CHECKS = (
    no_server_error,
    acknowledged_submissions_present_once,
    no_duplicates_from_retries,
    no_partial_envelope_submitted,
    acknowledged_acceptances_recorded,
    files_and_rows_match,
    counters_gapless,
    audit_chain_intact,
)


def run_checks(deployment: Deployment, history: History) -> list[Check]:
    return [check(deployment, history) for check in CHECKS]
