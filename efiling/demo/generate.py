"""A statewide load data set (`efiling generate`, decision 0020): cases across the courts and
case types, with parties, counsel of record, docket entries, hearings, deadlines and
judgments, written as bulk rows (not through the writers) so that a million cases take
minutes. Names come from Faker's en_US weighted lists (census frequencies): common surnames
repeat as they do in a real index.

What it writes is consistent with the writers' rules (numbers from the court's counters, gapless;
status, disposition and disposed_at together; a judgment as a judgment entry, a signed order and
its judgment lines) but it is not audited and sends no notices. The file-stamped copy of every
generated judgment's document is one real file, written once per run into the document store:
a sample judgment rendered and file-stamped as a signed one is ("Generated load data", not a
court record), so that a generated case's documents open where the stamped copy is served (a
courthouse terminal, the attorneys' and the API's documents, the court's "stamped" view) as a
real one's do. Their originals have no file (a storage name is unique to its document; a copy
per document would be hundreds of thousands of files at a million cases): the court's view of
the original answers 410, and `efiling verify_documents` lists them.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from django.contrib.auth.hashers import make_password
from django.db import transaction
from faker.providers.person.en_US import Provider as PersonNames

from efiling.accounts.models import BarMember, BarStatus, CourtAssignment, Role, User
from efiling.cases.models import (
    Case,
    CaseStatus,
    CounselOfRecord,
    Disposition,
    Party,
    SecurityLevel,
)
from efiling.cases.numbering import case_numbers_reserve
from efiling.core import clock
from efiling.core.errors import Conflict, ValidationFailed
from efiling.courts.models import Court
from efiling.courts.services import courts_load
from efiling.demo.sample_document import SampleFile, sample_judgment_store
from efiling.docket.models import CourtOrder, DocketEntry, JudgmentLine, StampState
from efiling.filings.models import Document, Envelope
from efiling.scheduling.models import Courtroom, Deadline, Hearing

GENERATED_DOMAIN = "generated.efiling.test"
BATCH = 5_000
YEARS = 8  # cases are filed over the last YEARS years, in order
FIRST_BAR_NUMBER = 800_000
COURTROOM = "Division 1"
# Share of cases by case type code in a Missouri circuit court (rough Case.net proportions);
# a type not named here weighs 1.
TYPE_WEIGHTS = {
    "CR": 24, "TR": 18, "AC": 18, "CC": 8, "CV": 4, "DR": 9, "FC": 2, "PR": 4,
    "SC": 3, "PN": 5, "JU": 2, "AD": 1, "MH": 1.5, "AP": 0.2, "WR": 0.2,
}  # fmt: skip
CIVIL = {"CC", "AC", "CV", "SC"}
CRIMINAL = {"CR", "TR"}
IN_RE = {"PR": "In re the Estate of {}", "AD": "In re the Adoption of {}",
         "MH": "In re the Matter of {}", "JU": "In the Interest of {}"}  # fmt: skip
BUSINESS = ["Roofing", "Construction", "Auto Sales", "Property Management", "Medical Group",
            "Holdings", "Lending", "Apartments", "Plumbing", "Funding", "Dental Care",
            "Towing", "Landscaping", "Insurance Agency", "Realty"]  # fmt: skip
SUFFIXES = ["LLC", "Inc.", "Corp.", "L.P."]
SUFFIX_WEIGHTS = [60, 30, 8, 2]
STATE = "State of Missouri"
ENTRY_TEXTS = ["Summons issued.", "Answer filed.", "Motion for continuance filed.",
               "Entry of appearance filed.", "Notice of hearing filed.",
               "Discovery requests served.", "Case management order entered."]  # fmt: skip
DISPOSITIONS = [Disposition.JUDGMENT, Disposition.DISMISSED_BY_COURT,
                Disposition.DISMISSED_BY_PARTIES, Disposition.TRANSFERRED]  # fmt: skip
DISPOSITION_WEIGHTS = [40, 20, 35, 5]
DISPOSITION_TEXT = {
    Disposition.DISMISSED_BY_COURT: "Case dismissed by the court.",
    Disposition.DISMISSED_BY_PARTIES: "Voluntary dismissal by the parties.",
    Disposition.TRANSFERRED: "Case transferred to another court.",
}
SEALED_SHARE, CONFIDENTIAL_SHARE, EXPUNGED_SHARE = 0.01, 0.005, 0.05  # expunged: of criminal


class _Weighted:
    """Draws from one of Faker's weighted name lists (value -> relative frequency)."""

    def __init__(self, weights: dict[str, float]):
        self.values = list(weights)
        self.cumulative = list(accumulate(weights.values()))

    def draw(self, rng: random.Random, k: int = 1) -> list[str]:
        return rng.choices(self.values, cum_weights=self.cumulative, k=k)


LAST = _Weighted(PersonNames.last_names)
FIRST = _Weighted({**PersonNames.first_names_female, **PersonNames.first_names_male})


@dataclass
class GenerateReport:
    """What a run wrote: rows per model (e.g. {"cases": 2000, "parties": 6012, ...}), the seed
    that repeats it, and the seconds it took."""

    seed: int
    rows: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.rows.values())


@dataclass
class _Court:
    court: Court
    types: list  # CaseType rows it accepts
    type_weights: list[float]
    judges: list[User]
    clerk: User
    courtroom: Courtroom


def generate(*, cases: int, court_codes=None, seed: int | None = None, force: bool = False,
             batch: int = BATCH, progress=None) -> GenerateReport:  # fmt: skip
    """Write `cases` generated cases into `court_codes` (default: every circuit court; the
    shipped courts are loaded first when there are none). `seed` repeats a run exactly on the
    same database state on the same day (None: a random seed, reported). `progress(report,
    done)` is called after each batch of `batch` cases. Conflict when the database holds real
    filings and not `force`; ValidationFailed for an unknown court code or cases < 1."""
    if cases < 1:
        raise ValidationFailed("Generate at least one case.", field="cases")
    if not force and Envelope.objects.exists():
        raise Conflict(
            "This database holds real filings: generated cases would mix with them. "
            "Use a throw-away database, or confirm with --yes.",
            code="real_filings",
        )
    if not Court.objects.exists():
        courts_load()
    seed = random.SystemRandom().randrange(2**31) if seed is None else seed
    rng = random.Random(seed)  # noqa: S311 - load data, repeatable by seed, not secrets
    report = GenerateReport(seed=seed)
    started = time.monotonic()
    with transaction.atomic():
        courts = _courts(rng, court_codes, report)
        attorneys = _attorneys(rng, max(25, min(30_000, cases // 30)), report)
    sample = sample_judgment_store()
    attorney_weights = list(accumulate(1 / (rank + 1) for rank in range(len(attorneys))))
    end = datetime.combine(clock.now().date(), datetime.min.time(), tzinfo=UTC)
    start = end - timedelta(days=365 * YEARS)
    span = (end - start) / cases
    for first in range(0, cases, batch):
        with transaction.atomic():
            plan = _Batch(rng, end, attorneys, attorney_weights, sample)
            for i in range(first, min(cases, first + batch)):
                court = rng.choice(courts)
                case_type = rng.choices(court.types, weights=court.type_weights)[0]
                plan.case(court, case_type, start + span * (i + rng.random()))
            plan.write(report)
        report.seconds = time.monotonic() - started
        if progress:
            progress(report, min(cases, first + batch))
    return report


def _user(email: str, role: str, first: str, last: str, **more) -> User:
    return User(
        email=email,
        role=role,
        first_name=first,
        last_name=last,
        password=make_password(None),
        **more,
    )


def _ensure_users(wanted: list[User], report: GenerateReport) -> dict[str, User]:
    """The generated users by e-mail: those already there kept, the missing ones created."""
    have = {u.email: u for u in User.objects.filter(email__in=[u.email for u in wanted])}
    missing = [u for u in wanted if u.email not in have]
    for user in User.objects.bulk_create(missing):
        have[user.email] = user
    report.rows["users"] += len(missing)
    return have


def _courts(rng: random.Random, codes, report: GenerateReport) -> list[_Court]:
    rows = Court.objects.prefetch_related("case_types").order_by("code")
    if codes:
        rows = rows.filter(code__in=codes)
        unknown = set(codes) - {c.code for c in rows}
        if unknown:
            raise ValidationFailed(f"No court with code {', '.join(sorted(unknown))}.")
    else:
        rows = rows.filter(kind=Court.Kind.CIRCUIT)
    rows = [c for c in rows if c.case_types.all()]
    wanted, staff = [], {}
    for court in rows:
        code = court.code.lower()
        names = [(FIRST.draw(rng)[0], LAST.draw(rng)[0]) for _ in range(3)]
        people = [(f"judge{j}.{code}@{GENERATED_DOMAIN}", Role.JUDGE, *names[j]) for j in (1, 2)]
        people.append((f"clerk.{code}@{GENERATED_DOMAIN}", Role.CLERK, *names[0]))
        staff[court.pk] = [p[0] for p in people]
        wanted += [_user(*p) for p in people]
    users = _ensure_users(wanted, report)
    now = clock.now()
    CourtAssignment.objects.bulk_create(
        [
            CourtAssignment(user=users[e], court_id=c, created_at=now)
            for c, emails in staff.items()
            for e in emails
        ],
        ignore_conflicts=True,
    )
    out = []
    for court in rows:
        room, _ = Courtroom.objects.get_or_create(court=court, name=COURTROOM)
        types = list(court.case_types.all())
        *judges, clerk = (users[e] for e in staff[court.pk])
        weights = [TYPE_WEIGHTS.get(t.code, 1) for t in types]
        out.append(_Court(court, types, weights, judges, clerk, room))
    if not out:
        raise ValidationFailed("None of these courts accepts any case type.")
    return out


def _attorneys(rng: random.Random, count: int, report: GenerateReport) -> list[User]:
    """`count` generated attorneys (bar members with accounts), busiest first."""
    now = clock.now()
    members, wanted = [], []
    for i in range(count):
        first, last = FIRST.draw(rng)[0], LAST.draw(rng)[0]
        number = str(FIRST_BAR_NUMBER + i)
        members.append(
            BarMember(
                bar_number=number,
                first_name=first,
                last_name=last,
                status=BarStatus.GOOD_STANDING,
                updated_at=now,
            )
        )
        wanted.append((f"attorney{i:05d}@{GENERATED_DOMAIN}", number, first, last))
    BarMember.objects.bulk_create(members, ignore_conflicts=True)
    by_number = BarMember.objects.in_bulk([m.bar_number for m in members], field_name="bar_number")
    users = _ensure_users(
        [_user(e, Role.ATTORNEY, f, la, bar_member=by_number[n]) for e, n, f, la in wanted], report
    )
    return [users[e] for e, *_ in wanted]


def _person(rng: random.Random, role: str) -> Party:
    return Party(
        kind=Party.Kind.PERSON,
        role=role,
        first_name=FIRST.draw(rng)[0],
        middle_name=rng.choice("ABCDEFGHJKLMNPRSTW") if rng.random() < 0.4 else "",
        last_name=LAST.draw(rng)[0],
        birth_year=rng.randint(1940, 2006) if rng.random() < 0.7 else None,
    )


def _organization(rng: random.Random, role: str) -> Party:
    suffix = rng.choices(SUFFIXES, weights=SUFFIX_WEIGHTS)[0]
    name = f"{LAST.draw(rng)[0]} {rng.choice(BUSINESS)}, {suffix}"
    return Party(kind=Party.Kind.ORGANIZATION, role=role, organization_name=name)


def _short(party: Party) -> str:
    return party.organization_name or party.last_name


class _Batch:
    """The rows of one batch of cases, written together (each model in one bulk insert)."""

    def __init__(self, rng, end, attorneys, attorney_weights, sample: SampleFile):
        self.rng, self.end, self.sample = rng, end, sample
        self.attorneys, self.attorney_weights = attorneys, attorney_weights
        self.cases: list[tuple[Case, _Court, dict]] = []

    def case(self, court: _Court, case_type, filed: datetime) -> None:
        rng, code = self.rng, case_type.code
        age = (self.end - filed).days
        disposed = rng.random() < (0.9 if age > 540 else 0.6 if age > 180 else 0.2)
        disposition, disposed_at = Disposition.NONE, None
        if disposed:
            disposition = rng.choices(DISPOSITIONS, weights=DISPOSITION_WEIGHTS)[0]
            days = rng.randint(20, min(600, max(20, age)))
            disposed_at = min(self.end - timedelta(hours=1), filed + timedelta(days=days))
        level = SecurityLevel.PUBLIC
        draw = rng.random()
        if draw < SEALED_SHARE:
            level = SecurityLevel.SEALED
        elif draw < SEALED_SHARE + CONFIDENTIAL_SHARE:
            level = SecurityLevel.CONFIDENTIAL
        expunged = disposed and code in CRIMINAL and rng.random() < EXPUNGED_SHARE
        parties = self._parties(code)
        if code in CRIMINAL:
            caption = f"{STATE} v. {parties[1].display_name}"
        elif code in IN_RE:
            person = parties[0]
            caption = IN_RE[code].format(
                f"{person.first_name[0]}.{person.last_name[0]}."
                if code in {"JU", "AD"}
                else person.display_name
            )
        else:
            caption = f"{_short(parties[0])} v. {_short(parties[1])}"
            if len(parties) > 2:
                caption += ", et al."
        case = Case(
            court=court.court,
            case_type=case_type,
            caption=caption[:300],
            security_level=level,
            created_at=filed,
            assigned_judge=rng.choice(court.judges) if rng.random() < 0.9 else None,
            status=CaseStatus.DISPOSED if disposed else CaseStatus.OPEN,
            disposition=disposition,
            disposed_at=disposed_at,
            expunged_at=disposed_at + timedelta(days=rng.randint(30, 400)) if expunged else None,
        )
        if case.expunged_at and case.expunged_at > self.end:
            case.expunged_at = self.end
        self.cases.append((case, court, {"parties": parties, "age": age}))

    def _parties(self, code: str) -> list[Party]:
        rng = self.rng
        P = Party.PartyRole
        if code in CRIMINAL:
            state = Party(kind=Party.Kind.ORGANIZATION, role=P.PLAINTIFF, organization_name=STATE)
            return [state] + [_person(rng, P.DEFENDANT) for _ in range(rng.choice([1, 1, 1, 2]))]
        if code in IN_RE:
            return [_person(rng, P.PETITIONER)] + [
                _person(rng, P.INTERESTED_PARTY) for _ in range(rng.randint(1, 3))
            ]
        if code in {"AP", "WR"}:
            first, second = P.APPELLANT, P.APPELLEE
        elif code in CIVIL:
            first, second = P.PLAINTIFF, P.DEFENDANT
        else:
            first, second = P.PETITIONER, P.RESPONDENT
        organizations = code in CIVIL
        parties = [
            _organization(rng, first) if organizations and rng.random() < 0.45
            else _person(rng, first)
        ]  # fmt: skip
        if rng.random() < 0.3:  # e.g. spouses suing or petitioning together
            parties.append(_person(rng, first))
        for _ in range(rng.randint(1, 3)):
            parties.append(
                _organization(rng, second)
                if organizations and rng.random() < 0.3
                else _person(rng, second)
            )
        return parties

    def _numbered(self) -> None:
        """Case numbers from the courts' counters, in filing order per court, type and year."""
        groups = defaultdict(list)
        for case, court, _ in self.cases:
            year = clock.local_date(case.created_at, court.court.time_zone).year
            groups[(court.court.code, case.case_type.code, year)].append(case)
        for (location, type_code, year), members in groups.items():
            numbers = case_numbers_reserve(
                location_code=location, case_type_code=type_code, year=year, count=len(members)
            )
            for case, number in zip(members, numbers, strict=True):
                case.number = number

    def write(self, report: GenerateReport) -> None:
        rng = self.rng
        self._numbered()
        Case.objects.bulk_create([c for c, _, _ in self.cases])
        parties, represented, counsel, entries, hearings, deadlines = [], [], [], [], [], []
        judgments = []  # (entry, case, court, in favour of, against)
        for case, court, extra in self.cases:
            for party in extra["parties"]:
                party.case = case
                parties.append(party)
            lawyers = self._counsel(case, extra["parties"], represented)
            counsel += [CounselOfRecord(case=case, user=u, since=case.created_at) for u in lawyers]
            case_entries = self._entries(case, court, extra["age"])
            entries += case_entries
            if case.disposition == Disposition.JUDGMENT:
                one, other = extra["parties"][0], extra["parties"][1]
                winner, loser = (one, other) if rng.random() < 0.8 else (other, one)
                judgments.append((case_entries[-1], case, court, winner, loser))
            hearings += self._hearings(case, court)
            if not case.disposed_at:
                deadlines.append(
                    Deadline(
                        case=case,
                        title="Answer due",
                        source="30 days after service",
                        due_date=(case.created_at + timedelta(days=30)).date(),
                        created_at=case.created_at,
                        satisfied_at=case.created_at + timedelta(days=rng.randint(5, 29))
                        if extra["age"] > 30
                        else None,
                    )
                )
        Party.objects.bulk_create(parties)
        through = Party.represented_by.through
        through.objects.bulk_create([through(party_id=p.pk, user_id=u.pk) for p, u in represented])
        CounselOfRecord.objects.bulk_create(counsel)
        DocketEntry.objects.bulk_create(entries)
        Hearing.objects.bulk_create(hearings)
        Deadline.objects.bulk_create(deadlines)
        self._judgments(judgments, report)
        for name, rows in [("cases", self.cases), ("parties", parties), ("counsel", counsel),
                           ("party representations", represented), ("docket entries", entries),
                           ("hearings", hearings), ("deadlines", deadlines)]:  # fmt: skip
            report.rows[name] += len(rows)

    def _counsel(self, case: Case, parties: list[Party], represented: list) -> list[User]:
        """Counsel of record for the first party of each side, drawn so that a few attorneys
        have many cases (as in practice); the state's side is the prosecutor's, not counsel's."""
        rng, lawyers = self.rng, []
        sides = {}
        for party in parties:
            sides.setdefault(party.role, party)
        for party in sides.values():
            if party.organization_name == STATE or rng.random() < 0.35:
                continue
            user = rng.choices(self.attorneys, cum_weights=self.attorney_weights)[0]
            if user not in lawyers:
                lawyers.append(user)
                represented.append((party, user))
        return lawyers

    def _entries(self, case: Case, court: _Court, age: int) -> list[DocketEntry]:
        rng, clerk = self.rng, court.clerk
        last = case.disposed_at or min(self.end, case.created_at + timedelta(days=age))
        times = sorted(
            case.created_at + (last - case.created_at) * rng.random()
            for _ in range(rng.randint(1, 4))
        )
        texts = ["Petition filed."] + [rng.choice(ENTRY_TEXTS) for _ in times]
        stamps = [case.created_at, *times]
        kinds = [DocketEntry.Kind.MINUTE] * len(texts)
        if case.disposition:
            kinds.append(
                DocketEntry.Kind.JUDGMENT
                if case.disposition == Disposition.JUDGMENT
                else DocketEntry.Kind.MINUTE
            )
            texts.append(DISPOSITION_TEXT.get(case.disposition, "Judgment entered."))
            stamps.append(case.disposed_at)
        return [
            DocketEntry(
                case=case,
                number=n,
                kind=kind,
                text=text,
                filed_at=at,
                entered_by=clerk,
                created_at=at,
                # A judgment's document (_judgments) is the stamped sample file.
                stamp_state=StampState.STAMPED
                if kind == DocketEntry.Kind.JUDGMENT
                else StampState.NONE,
            )
            for n, (kind, text, at) in enumerate(zip(kinds, texts, stamps, strict=True), 1)
        ]

    def _hearings(self, case: Case, court: _Court) -> list[Hearing]:
        rng = self.rng
        if rng.random() < 0.45:
            return []
        judge = case.assigned_judge or court.judges[0]
        if case.disposed_at:
            start = case.created_at + (case.disposed_at - case.created_at) * rng.random()
            status = Hearing.Status.HELD
        else:
            start = self.end + timedelta(days=rng.randint(1, 120))
            status = Hearing.Status.SCHEDULED
        start = start.replace(hour=rng.choice([14, 15, 16, 19, 20]), minute=0, second=0,
                              microsecond=0)  # 9 a.m. to 3 p.m. in Missouri  # fmt: skip
        return [
            Hearing(
                case=case,
                courtroom=court.courtroom,
                judge=judge,
                kind=rng.choice(list(Hearing.Kind)),
                starts_at=start,
                ends_at=start + timedelta(minutes=30),
                status=status,
                created_by=court.clerk,
                created_at=case.created_at,
            )
        ]

    def _judgments(self, judgments: list, report: GenerateReport) -> None:
        """Each judgment: its signed order (a document on the judgment entry whose stamped copy
        is the run's sample file; its original has no file) and one judgment line with the
        amount."""
        rng, sample = self.rng, self.sample
        documents = [
            Document(
                docket_entry=entry,
                kind=Document.Kind.LEAD,
                position=1,
                title="Judgment",
                original_name="judgment.pdf",
                storage_name=f"generated/{case.number}-{entry.number}.pdf",
                size=1,
                sha256="0" * 64,
                received_size=1,
                received_sha256="0" * 64,
                stamped_storage_name=sample.name,
                stamped_sha256=sample.sha256,
                page_count=sample.pages,
                text_searchable=True,
                uploaded_by=entry.entered_by,
                uploaded_at=entry.filed_at,
            )
            for entry, case, *_ in judgments
        ]
        Document.objects.bulk_create(documents)
        orders = []
        for (entry, case, court, _, _), document in zip(judgments, documents, strict=True):
            judge = case.assigned_judge or court.judges[0]
            name = judge.get_full_name()
            orders.append(
                CourtOrder(
                    case=case,
                    docket_entry=entry,
                    kind=CourtOrder.Kind.JUDGMENT,
                    title="Judgment",
                    judge=judge,
                    signed_by=judge,
                    issued_by=judge,
                    signature=f"/s/ {name}",
                    issued_at=entry.filed_at,
                    document=document,
                )
            )
        CourtOrder.objects.bulk_create(orders)
        lines = []
        for (_, case, _, winner, loser), order in zip(judgments, orders, strict=True):
            fine = case.case_type.code in CRIMINAL
            amount = rng.randint(50, 2_500) if fine else int(rng.lognormvariate(8.5, 1.2))
            lines.append(
                JudgmentLine(
                    order=order,
                    in_favor_of=winner.display_name[:200],
                    against=loser.display_name[:200],
                    amount_cents=amount * 100,
                    description=("Fine and costs" if fine else "Damages and costs"),
                )
            )
        JudgmentLine.objects.bulk_create(lines)
        report.rows["documents"] += len(documents)
        report.rows["court orders"] += len(orders)
        report.rows["judgment lines"] += len(lines)
