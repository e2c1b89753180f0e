import json

import pytest
from django.core.management import call_command

from efiling.audit.models import AuditEvent
from efiling.core.errors import ValidationFailed
from efiling.courts.models import CaseType, Court, CourtPolicy
from efiling.courts.services import DEFAULT_COURTS_FILE, court_get, courts_list, courts_load


def test_shipped_file_has_every_missouri_court(courts):
    assert courts.filter(kind=Court.Kind.SUPREME).count() == 1
    assert set(courts.filter(kind=Court.Kind.APPEALS).values_list("code", flat=True)) == {
        "ED",
        "WD",
        "SD",
    }
    circuit_courts = courts.filter(kind=Court.Kind.CIRCUIT)
    assert circuit_courts.count() == 115  # 114 counties and the City of St. Louis
    assert set(circuit_courts.values_list("circuit", flat=True)) == set(range(1, 47))
    assert CourtPolicy.objects.count() == courts.count()


def test_confidential_case_types_are_flagged(courts):
    assert set(CaseType.objects.filter(confidential=True).values_list("code", flat=True)) >= {
        "JU",
        "AD",
        "MH",
    }
    # Protection orders are hidden online by their own flag, not as a confidential type: a
    # confidential type is hidden at the courthouse terminals too (decision 0017).
    assert list(CaseType.objects.filter(protection_order=True).values_list("code", flat=True)) == [
        "PN"
    ]
    assert not CaseType.objects.get(code="PN").confidential
    assert {"CC", "AC", "DR", "PR", "CR"} <= set(
        court_get(code="SL").case_types.values_list("code", flat=True)
    )


def test_loading_twice_changes_nothing(courts):
    before = AuditEvent.objects.count()
    report = courts_load()
    assert (report.added, report.changed) == ([], [])
    assert AuditEvent.objects.count() == before


def test_a_changed_file_updates_the_court_and_audits_it(courts, tmp_path):
    data = json.loads(DEFAULT_COURTS_FILE.read_text())
    entry = next(c for c in data["courts"] if c["code"] == "SL")
    entry["seat"] = "Clayton (changed)"
    path = tmp_path / "courts.json"
    path.write_text(json.dumps(data))
    report = courts_load(path=path)
    assert report.changed == ["court SL"]
    assert Court.objects.get(code="SL").seat == "Clayton (changed)"
    event = AuditEvent.objects.order_by("-id").first()
    assert (
        event.action == "court.changed"
        and event.details["changes"]["seat"][1] == "Clayton (changed)"
    )


def test_reloading_keeps_the_policy_an_administrator_set(court):
    court.policy.maximum_allowed_attachment_size = 5 * 1024 * 1024
    court.policy.save()
    courts_load()
    assert CourtPolicy.objects.get(court=court).maximum_allowed_attachment_size == 5 * 1024 * 1024


def test_a_bad_file_is_refused_whole(courts, tmp_path):
    data = json.loads(DEFAULT_COURTS_FILE.read_text())
    data["courts"][0]["seat"] = "Changed before the error"
    data["courts"].append({**data["courts"][-1], "code": "bad code!"})
    path = tmp_path / "courts.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ValidationFailed, match="location code"):
        courts_load(path=path)
    assert Court.objects.get(code=data["courts"][0]["code"]).seat != "Changed before the error"


def test_an_unreadable_file_gets_a_clear_error(db, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    with pytest.raises(ValidationFailed, match="cannot be read"):
        courts_load(path=path)


def test_courts_command_prints_one_court_per_line_code_first(courts, capsys):
    call_command("courts")
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == courts.count()
    assert lines[0].startswith("SC\tSupreme Court of Missouri")
    assert [line.split("\t")[0] for line in lines] == [c.code for c in courts_list()]


def test_deadline_command_prints_the_due_date_last(courts, capsys):
    call_command("deadline", "--court", "sl", "--from", "2026-01-14", "--days", "6")
    assert capsys.readouterr().out.strip().splitlines()[-1] == "2026-01-23"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--court", "ZZ", "--from", "2026-01-14", "--days", "6"], "no court"),
        (["--court", "SL", "--from", "14/01/2026", "--days", "6"], "YYYY-MM-DD"),
        (["--court", "SL", "--from", "2026-01-14", "--days", "0"], "number of days"),
    ],
)
def test_deadline_command_refuses_bad_input_clearly(courts, args, message):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=message):
        call_command("deadline", *args)
