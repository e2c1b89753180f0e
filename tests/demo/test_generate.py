"""The load data generator (`efiling generate`, efiling.demo.generate)."""

import hashlib
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client

from efiling.accounts.models import Role
from efiling.cases.models import Case, CaseStatus, Party
from efiling.cases.numbering import case_number_parse
from efiling.cases.public import public_cases
from efiling.core.stored_files import stored_files_missing
from efiling.courts import terminals
from efiling.demo.generate import generate
from efiling.docket.models import CourtOrder, JudgmentLine
from efiling.filings.models import Document
from efiling.scheduling.models import Hearing
from tests import factories
from tests.filings.helpers import new_case_draft


def _snapshot():
    return (
        list(Case.objects.order_by("number").values_list("number", "caption", "status")),
        list(Party.objects.order_by("case__number", "pk").values_list(
            "first_name", "last_name", "organization_name", "birth_year")),
        list(JudgmentLine.objects.order_by("order__case__number").values_list(
            "in_favor_of", "amount_cents")),
    )  # fmt: skip


def test_a_small_run_writes_a_realistic_statewide_set(courts, capsys):
    call_command("generate", "--cases", "2000", "--seed", "3")
    assert "2,000/2,000 cases" in capsys.readouterr().out
    cases = Case.objects.all()
    assert cases.count() == 2000
    assert cases.values("court").distinct().count() > 50
    parties = Party.objects.filter(case__in=cases)
    per_case = Counter(parties.values_list("case_id", flat=True))
    assert min(per_case.values()) >= 2 and max(per_case.values()) <= 5
    assert parties.filter(kind=Party.Kind.PERSON, birth_year__isnull=False).exists()
    organizations = parties.filter(kind=Party.Kind.ORGANIZATION).exclude(
        organization_name="State of Missouri"
    )
    assert organizations.filter(organization_name__endswith=", LLC").exists()
    assert organizations.filter(organization_name__endswith=", Inc.").exists()
    # Realistic name frequency: the commonest surname repeats many times.
    surnames = Counter(parties.exclude(last_name="").values_list("last_name", flat=True))
    assert surnames.most_common(1)[0][1] > 20
    # Most cases are public; every kind of hidden case is there too.
    public = public_cases().count()
    assert 1400 < public < 2000
    assert cases.filter(case_type__confidential=True, case_type__protection_order=False).exists()
    assert cases.filter(case_type__protection_order=True).exists()
    assert cases.filter(security_level="sealed").exists()
    assert cases.filter(expunged_at__isnull=False).exists()
    # Status and disposition together; a judgment has its order and lines.
    disposed = cases.filter(status=CaseStatus.DISPOSED)
    assert disposed.exists() and cases.filter(status=CaseStatus.OPEN).exists()
    judged = disposed.filter(disposition="judgment")
    assert CourtOrder.objects.filter(case__in=judged).count() == judged.count()
    assert JudgmentLine.objects.filter(amount_cents__gt=0).count() == judged.count()
    assert Hearing.objects.exists()
    # Attorneys are reused across cases, as in practice.
    busiest = Counter(
        cases.filter(counsel__isnull=False).values_list("counsel__user", flat=True)
    ).most_common(1)[0][1]
    assert busiest > 10


def test_case_numbers_are_gapless_per_court_type_and_year(courts):
    generate(cases=2000, seed=4)
    generate(cases=500, seed=5)  # a second run continues the courts' counters
    sequences = {}
    for number in Case.objects.values_list("number", flat=True):
        year2, location, type_code, sequence = case_number_parse(number)
        sequences.setdefault((year2, location, type_code), []).append(sequence)
    assert sum(len(s) for s in sequences.values()) == 2500
    for found in sequences.values():
        assert sorted(found) == list(range(1, len(found) + 1))


def test_a_seed_repeats_a_run_exactly(courts):
    snapshots = []
    for _ in range(2):
        with transaction.atomic():
            generate(cases=300, seed=11)
            snapshots.append(_snapshot())
            transaction.set_rollback(True)
    assert snapshots[0] == snapshots[1] and snapshots[0][0]
    with transaction.atomic():
        generate(cases=300, seed=12)
        assert _snapshot() != snapshots[0]
        transaction.set_rollback(True)


def test_refuses_a_database_with_real_filings_unless_confirmed(court, attorney):
    new_case_draft(court, attorney)
    with pytest.raises(CommandError, match="real filings"):
        call_command("generate", "--cases", "10")
    assert not Case.objects.exists()
    call_command("generate", "--cases", "10", "--yes", "--courts", "SL")
    assert set(Case.objects.values_list("court__code", flat=True)) == {"SL"}


def test_refuses_an_unknown_court_and_no_cases(courts):
    with pytest.raises(CommandError, match="No court with code ZZ"):
        call_command("generate", "--cases", "10", "--courts", "ZZ")
    with pytest.raises(CommandError, match="at least one case"):
        call_command("generate", "--cases", "0")


def test_a_generated_cases_judgment_opens_at_a_courthouse_terminal(courts):
    generate(cases=300, seed=6)
    documents = Document.objects.filter(docket_entry__case__in=public_cases())
    document = documents.select_related("docket_entry__case__court").first()
    assert document is not None
    # Every stamped copy is the one sample file, stored once; originals have none.
    assert Document.objects.values("stamped_storage_name").distinct().count() == 1
    missing = stored_files_missing().missing
    assert {m.field for m in missing} == {"storage_name"}
    case = document.docket_entry.case
    admin = factories.court_staff(Role.COURT_ADMINISTRATOR, case.court)
    terminals.terminal_register(
        actor=admin, court=case.court, name="T", location="Hall", networks=["192.0.2.0/24"]
    )
    terminal = Client(REMOTE_ADDR="192.0.2.9")
    page = terminal.get(f"/public/cases/{case.number}/").content.decode()
    url = f"/public/cases/{case.number}/documents/{document.pk}/"
    assert url in page
    response = terminal.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF") and hashlib.sha256(body).hexdigest() == document.stamped_sha256
    # The court's view of the original answers in words, not a 500.
    clerk = factories.court_staff(Role.CLERK, case.court)
    assert factories.client_for(clerk).get(f"/court/documents/{document.pk}/").status_code == 410
