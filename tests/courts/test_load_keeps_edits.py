"""Loading the data files never overwrites what an administrator edited (issue 10): each row
keeps the digest of the values the file last gave it; a row that no longer matches it is left
alone on reload and named in the command's output, while rows nobody edited follow the file.
A file loaded already is skipped with --if-changed (the fast start of `efiling serve`)."""

import json

from django.core.management import call_command

from efiling.courts.fees import DEFAULT_FILING_CODES_FILE
from efiling.courts.models import CaseType, Court, FilingCode
from efiling.courts.services import DEFAULT_COURTS_FILE, courts_load


def _courts_file(tmp_path, **changes):
    """The shipped courts file with each court's fields changed: code -> {field: value}."""
    data = json.loads(DEFAULT_COURTS_FILE.read_text())
    for entry in data["courts"]:
        entry.update(changes.get(entry["code"], {}))
    path = tmp_path / "courts.json"
    path.write_text(json.dumps(data))
    return path


def test_a_court_an_administrator_edited_is_kept_and_reported(courts, tmp_path, capsys):
    Court.objects.filter(code="SL").update(seat="Clayton, by the administrator")
    linked = Court.objects.filter(case_types__code="CC").exclude(code__in=["SL", "BA"]).first()
    linked.case_types.remove(CaseType.objects.get(code="CC"))  # edited links count too
    path = _courts_file(
        tmp_path,
        SL={"seat": "Clayton (file)"},
        BA={"seat": "Cassville (file)"},
        **{linked.code: {"name": f"{linked.name} (file)"}},
    )
    call_command("load_courts", "--file", str(path))
    out = capsys.readouterr().out
    assert "1 changed" in out and "2 kept as an administrator edited them" in out
    assert "Kept as an administrator edited it (the file says otherwise): court SL" in out
    assert f"(the file says otherwise): court {linked.code}" in out
    assert Court.objects.get(code="SL").seat == "Clayton, by the administrator"
    assert Court.objects.get(code=linked.code).name == linked.name
    assert Court.objects.get(code="BA").seat == "Cassville (file)"  # nobody edited it


def test_an_edited_row_is_reported_at_each_load_while_it_differs_from_the_file(courts):
    Court.objects.filter(code="SL").update(seat="Clayton, by the administrator")
    for _ in range(2):
        report = courts_load()
        assert report.kept == ["court SL"] and report.changed == []
    assert Court.objects.get(code="SL").seat == "Clayton, by the administrator"


def test_an_edit_that_matches_the_file_is_the_file_s_again(courts, tmp_path):
    """An administrator who set what the file now says agrees with it: later file changes
    apply again."""
    Court.objects.filter(code="SL").update(seat="Clayton (file)")
    assert courts_load(path=_courts_file(tmp_path, SL={"seat": "Clayton (file)"})).kept == []
    courts_load(path=_courts_file(tmp_path, SL={"seat": "Clayton (file, later)"}))
    assert Court.objects.get(code="SL").seat == "Clayton (file, later)"


def _codes_file(tmp_path, fees: dict[str, int]):
    data = json.loads(DEFAULT_FILING_CODES_FILE.read_text())
    for entry in data["codes"]:
        if entry["code"] in fees:
            entry["fee_cents"] = fees[entry["code"]]
    path = tmp_path / "codes.json"
    path.write_text(json.dumps(data))
    return path


def test_a_filing_code_an_administrator_edited_is_kept_and_reported(courts, tmp_path, capsys):
    codes = list(FilingCode.objects.filter(court__code="SL").order_by("pk")[:2])
    edited, other = codes
    FilingCode.objects.filter(pk=edited.pk).update(fee_cents=12_345)
    new_fees = {edited.code: edited.fee_cents + 100, other.code: other.fee_cents + 100}
    call_command("load_filing_codes", "--file", str(_codes_file(tmp_path, new_fees)))
    out = capsys.readouterr().out
    edited.refresh_from_db()
    other.refresh_from_db()
    assert edited.fee_cents == 12_345
    assert other.fee_cents == new_fees[other.code]
    label = f"SL {edited.case_type.code if edited.case_type else '*'} {edited.code}"
    assert f"Kept as an administrator edited it (the file says otherwise): {label}" in out


def test_a_file_loaded_already_is_skipped_with_if_changed(courts, tmp_path, capsys):
    path = _courts_file(tmp_path, BA={"seat": "Cassville (file)"})
    call_command("load_courts", "--file", str(path), "--if-changed")
    call_command("load_filing_codes", "--if-changed")
    capsys.readouterr()
    call_command("load_courts", "--file", str(path), "--if-changed")
    call_command("load_filing_codes", "--if-changed")
    out = capsys.readouterr().out
    assert "Courts file unchanged since its last load." in out
    assert "Filing codes file unchanged since its last load." in out
    path.write_text(path.read_text().replace("Cassville (file)", "Cassville (file, later)"))
    call_command("load_courts", "--file", str(path), "--if-changed")
    call_command("load_filing_codes", "--if-changed")  # the courts changed: the codes load too
    out = capsys.readouterr().out
    assert "Courts file loaded: 0 added, 1 changed" in out
    assert "Filing codes file loaded" in out
    assert Court.objects.get(code="BA").seat == "Cassville (file, later)"


def _with_confidential_protection_orders(tmp_path):
    """The courts file as shipped before decision 0017 was settled: PN also confidential."""
    data = json.loads(DEFAULT_COURTS_FILE.read_text())
    for entry in data["case_types"]:
        if entry["code"] == "PN":
            entry["confidential"] = True
    path = tmp_path / "courts-before.json"
    path.write_text(json.dumps(data))
    return path


def test_an_installation_loaded_before_gets_protection_orders_unmarked_confidential(db, tmp_path):
    """PN was shipped confidential too, which hid it even at courthouse terminals; the release's
    `load_courts --if-changed` (run by `efiling serve` and the migrate unit) puts the shipped
    value right wherever nobody edited the row, and leaves an administrator's edit alone."""
    call_command("load_courts", "--file", str(_with_confidential_protection_orders(tmp_path)))
    assert CaseType.objects.get(code="PN").confidential
    call_command("load_courts", "--if-changed")
    kind = CaseType.objects.get(code="PN")
    assert kind.protection_order and not kind.confidential


def test_protection_orders_an_administrator_kept_confidential_stay_so(db, tmp_path, capsys):
    call_command("load_courts", "--file", str(_with_confidential_protection_orders(tmp_path)))
    CaseType.objects.filter(code="PN").update(name="Orders of protection (edited)")
    call_command("load_courts", "--if-changed")
    assert "(the file says otherwise): case type PN" in capsys.readouterr().out
    assert CaseType.objects.get(code="PN").confidential
