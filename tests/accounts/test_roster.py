"""The Missouri bar roster import: the service, the `import_roster` command and the pages."""

import hashlib
from datetime import UTC, date, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from efiling.accounts import permissions
from efiling.accounts.models import BarMember, BarStatus, Role, RosterImport, User
from efiling.accounts.permissions import Action
from efiling.accounts.roster import MAX_ROSTER_BYTES, roster_import
from efiling.audit.models import AuditEvent
from efiling.core import clock
from efiling.core.errors import ValidationFailed

HEADER = "bar_number,last_name,first_name,middle_name,suffix,status,admission_date"
ALICE = "12345,Able,Alice,Ann,,good standing,2001-09-14"
BOB = "23456,Baker,Bob,,Jr.,inactive,05/20/1998"
CAROL = "034567,Cole,Carol,,,suspended,"


def roster(*rows: str, header: str = HEADER) -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode("utf-8")


def run(data: bytes, **kwargs) -> RosterImport:
    return roster_import(data=data, file_name="roster.csv", channel="cli", **kwargs)


def events(action: str):
    return AuditEvent.objects.filter(action=action)


@pytest.fixture
def administrator(db):
    return User.objects.create_user(
        "admin@courts.mo.example",
        "a long test password",
        role=Role.COURT_ADMINISTRATOR,
        first_name="Ada",
        last_name="Administrator",
    )


def attorney_for(member: BarMember) -> User:
    return User.objects.create_user(
        f"lawyer{member.bar_number}@example.com",
        "a long test password",
        role=Role.ATTORNEY,
        first_name=member.first_name,
        last_name=member.last_name,
        bar_member=member,
        email_confirmed_at=clock.now(),
    )


# The service ---------------------------------------------------------------------------------


def test_first_import_adds_every_member_and_audits_each(db):
    data = roster(ALICE, BOB, CAROL)
    result = run(data)
    assert (result.added, result.changed, result.unchanged, result.refused) == (3, 0, 0, 0)
    alice = BarMember.objects.get(bar_number="12345")
    assert (alice.first_name, alice.middle_name, alice.last_name, alice.suffix) == (
        "Alice",
        "Ann",
        "Able",
        "",
    )
    assert alice.status == BarStatus.GOOD_STANDING and alice.admitted_on == date(2001, 9, 14)
    bob = BarMember.objects.get(bar_number="23456")
    assert (bob.suffix, bob.status, bob.admitted_on) == ("Jr.", "inactive", date(1998, 5, 20))
    carol = BarMember.objects.get(bar_number="034567")  # leading zero kept as given
    assert carol.status == BarStatus.SUSPENDED and carol.admitted_on is None
    assert result.report == {
        "refused": [],
        "refused_not_listed": 0,
        "changed": [],
        "changed_not_listed": 0,
        "added": ["12345", "23456", "034567"],
    }
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    added = events("bar_member.added")
    assert added.count() == 3
    assert {e.object_id for e in added} == {str(m.pk) for m in BarMember.objects.all()}
    assert added.get(object_id=str(alice.pk)).details["fields"]["admitted_on"] == "2001-09-14"
    summary = events("roster.imported").get()
    assert summary.object_id == str(result.pk) and summary.channel == "cli"
    assert summary.details == {
        "file_name": "roster.csv",
        "sha256": result.sha256,
        "added": 3,
        "changed": 0,
        "unchanged": 0,
        "refused": 0,
    }


def test_importing_the_same_file_twice_changes_nothing(db):
    data = roster(ALICE, BOB, CAROL)
    run(data)
    before = {m.bar_number: (m.updated_at, m.first_name) for m in BarMember.objects.all()}
    member_events = AuditEvent.objects.filter(action__startswith="bar_member.").count()
    with time_machine.travel(clock.now() + timedelta(days=3)):
        again = run(data)
    assert (again.added, again.changed, again.unchanged, again.refused) == (0, 0, 3, 0)
    assert {m.bar_number: (m.updated_at, m.first_name) for m in BarMember.objects.all()} == before
    assert AuditEvent.objects.filter(action__startswith="bar_member.").count() == member_events
    assert again.report["added"] == [] and again.report["changed"] == []
    assert RosterImport.objects.count() == 2  # the import itself is still on record


def test_a_changed_row_updates_only_that_member_and_records_the_fields(db):
    run(roster(ALICE, BOB))
    bob_before = BarMember.objects.get(bar_number="23456").updated_at
    later = datetime(2031, 3, 4, 15, 0, tzinfo=UTC)
    with time_machine.travel(later, tick=False):
        result = run(roster("12345,Able-Smith,Alice,,,good standing,2001-09-15", BOB))
    assert (result.added, result.changed, result.unchanged) == (0, 1, 1)
    alice = BarMember.objects.get(bar_number="12345")
    assert (alice.last_name, alice.middle_name, alice.admitted_on) == (
        "Able-Smith",
        "",
        date(2001, 9, 15),
    )
    assert alice.updated_at == later
    assert BarMember.objects.get(bar_number="23456").updated_at == bob_before
    fields = {
        "last_name": {"from": "Able", "to": "Able-Smith"},
        "middle_name": {"from": "Ann", "to": ""},
        "admitted_on": {"from": "2001-09-14", "to": "2001-09-15"},
    }
    assert result.report["changed"] == [{"bar_number": "12345", "fields": fields}]
    event = events("bar_member.changed").get()
    assert event.object_id == str(alice.pk) and event.details["fields"] == fields
    assert "from" not in event.details  # no status change


def test_status_change_stops_filing_at_once_and_restoring_it_restores(db):
    run(roster(ALICE))
    lawyer = attorney_for(BarMember.objects.get(bar_number="12345"))
    assert permissions.can(lawyer, Action.FILE_NEW_CASE)

    result = run(roster("12345,Able,Alice,Ann,,Suspended,2001-09-14"))
    assert result.changed == 1
    lawyer = User.objects.get(pk=lawyer.pk)
    assert not permissions.can(lawyer, Action.FILE_NEW_CASE)
    assert not permissions.can(lawyer, Action.FILE_IN_CASE)
    assert "not in good standing (suspended)" in permissions.check(lawyer, Action.FILE_NEW_CASE)
    assert permissions.can(lawyer, Action.EDIT_OWN_PROFILE)  # still signs in and reads
    assert permissions.can(lawyer, Action.VIEW_OWN_FILINGS)
    event = events("bar_member.changed").get()
    assert (event.details["from"], event.details["to"]) == ("good_standing", "suspended")
    assert event.details["fields"] == {"status": {"from": "good_standing", "to": "suspended"}}

    run(roster("12345,Able,Alice,Ann,,active,2001-09-14"))
    lawyer = User.objects.get(pk=lawyer.pk)
    assert permissions.can(lawyer, Action.FILE_NEW_CASE)
    restored = events("bar_member.changed").order_by("-id").first()
    assert (restored.details["from"], restored.details["to"]) == ("suspended", "good_standing")


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("good standing", BarStatus.GOOD_STANDING),
        ("Good Standing", BarStatus.GOOD_STANDING),
        ("GOOD_STANDING", BarStatus.GOOD_STANDING),
        ("good-standing", BarStatus.GOOD_STANDING),
        ("Active", BarStatus.GOOD_STANDING),
        ("INACTIVE", BarStatus.INACTIVE),
        ("suspended", BarStatus.SUSPENDED),
        ("Disbarred", BarStatus.DISBARRED),
        (" deceased ", BarStatus.DECEASED),
    ],
)
def test_status_words_are_read_whatever_their_case(db, word, status):
    run(roster(f"777,Doe,Dana,,,{word},2010-01-04"))
    assert BarMember.objects.get(bar_number="777").status == status


def test_header_names_are_matched_loosely_and_optional_columns_may_be_left_out(db):
    data = roster(
        "1990-06-01,Inactive,  Evans ,Eve,9",
        header="Admission Date,STATUS,Last Name,first-name,Bar Number",
    )
    result = run(data)
    eve = BarMember.objects.get(bar_number="9")
    assert result.added == 1
    assert (eve.last_name, eve.first_name, eve.middle_name, eve.suffix) == ("Evans", "Eve", "", "")
    assert eve.admitted_on == date(1990, 6, 1) and eve.status == BarStatus.INACTIVE


def test_a_quoted_name_with_a_comma_and_unicode_names_are_kept(db):
    run(roster('45678,"Núñez, III",José,,,good standing,1/2/2003'))
    member = BarMember.objects.get(bar_number="45678")
    assert (member.last_name, member.first_name) == ("Núñez, III", "José")
    assert member.admitted_on == date(2003, 1, 2)


REFUSALS = [
    ("99999,Doe,Dana,,,retired,2010-01-04", "99999", 'Unknown status "retired"'),
    ("99999,Doe,Dana,,,,2010-01-04", "99999", "The status is missing"),
    ("99999,,Dana,,,active,2010-01-04", "99999", "The last name is missing"),
    ("99999,Doe,,,,active,2010-01-04", "99999", "The first name is missing"),
    ("99999,Doe,Dana,,,active,14.01.2010", "99999", 'Admission date "14.01.2010" is not a date'),
    ("99999,Doe,Dana,,,active,02/30/2010", "99999", "is not a day of the calendar"),
    ("99999,Doe,Dana,,,active,1/4/10", "99999", "has a two-digit year"),
    ("99999,Doe,Dana,,,active,2999-01-01", "99999", "is in the future"),
    (",Doe,Dana,,,active,2010-01-04", "", "The bar number is missing"),
    ("MO9999,Doe,Dana,,,active,2010-01-04", "MO9999", "must be digits only"),
    ("12345678901,Doe,Dana,,,active,2010-01-04", "12345678901", "more than 10 digits"),
    (f"99999,{'D' * 61},Dana,,,active,2010-01-04", "99999", "longer than 60 characters"),
    ("99999,Doe,Dana,,Esquire III,active,2010-01-04", "99999", "suffix is longer than 10"),
    ("99999,Doe,Dana,active,2010-01-04", "99999", "has 5 values but the header has 7"),
    ("99999,Doe,Dana,,,active,2010-01-04,extra", "99999", "has 8 values but the header has 7"),
]


@pytest.mark.parametrize(("row", "bar_number", "reason"), REFUSALS)
def test_a_bad_row_is_refused_with_its_line_and_reason_and_good_rows_still_apply(
    db, row, bar_number, reason
):
    result = run(roster(ALICE, row, BOB))
    assert (result.added, result.refused) == (2, 1)
    [refusal] = result.report["refused"]
    assert refusal["line"] == 3 and refusal["bar_number"] == bar_number
    assert reason in refusal["reason"]
    assert set(BarMember.objects.values_list("bar_number", flat=True)) == {"12345", "23456"}
    assert events("roster.imported").get().details["refused"] == 1


def test_a_bar_number_twice_in_the_file_is_refused_the_second_time(db):
    result = run(
        roster(ALICE, BOB, "12345,Other,Olga,,,active,2005-05-05", "0023456,B,B,,,active,")
    )
    refused = {r["line"]: r["reason"] for r in result.report["refused"]}
    assert refused[4] == "Bar number 12345 already appears on line 2"
    assert refused[5] == "Bar number 0023456 already appears on line 3"
    assert BarMember.objects.get(bar_number="12345").last_name == "Able"
    assert result.added == 2


def test_a_number_whose_first_row_was_refused_is_not_taken_from_a_later_row(db):
    result = run(roster("12345,Able,Alice,,,retired,", BOB, ALICE))
    assert [r["line"] for r in result.report["refused"]] == [2, 4]
    assert result.report["refused"][1]["reason"] == "Bar number 12345 already appears on line 2"
    assert not BarMember.objects.filter(bar_number="12345").exists()


def test_a_known_number_written_with_other_leading_zeros_is_refused(db):
    run(roster(CAROL))
    result = run(roster("34567,Cole,Carol,,,good standing,"))
    assert result.refused == 1 and result.added == 0
    assert (
        "the roster's bar number 034567 with different leading zeros"
        in (result.report["refused"][0]["reason"])
    )
    assert BarMember.objects.get().status == BarStatus.SUSPENDED


def test_blank_lines_are_skipped_and_line_numbers_are_the_files_own(db):
    data = (HEADER + "\n\n" + ALICE + "\n,,,,,,\n\n" + "55,X,Y,,,unknown,\n").encode()
    result = run(data)
    assert result.added == 1
    assert result.report["refused"] == [
        {"line": 6, "bar_number": "55", "reason": result.report["refused"][0]["reason"]}
    ]


def test_a_byte_order_mark_is_accepted(db):
    result = run(b"\xef\xbb\xbf" + roster(ALICE))
    assert result.added == 1 and BarMember.objects.filter(bar_number="12345").exists()


def nothing_written():
    return (
        not BarMember.objects.exists()
        and not RosterImport.objects.exists()
        and not AuditEvent.objects.filter(action__in=["roster.imported", "bar_member.added"])
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            roster(ALICE).replace(b"Alice", "Zoë".encode("latin-1")),
            "not UTF-8 text (the first unreadable character is on line 2). Save it from your "
            'spreadsheet as "CSV UTF-8',
        ),
        ("\ufeff".encode("utf-16-le") + roster(ALICE).decode().encode("utf-16-le"), "not UTF-8"),
        (b"", "The file is empty"),
        (b"\r\n  \r\n", "The file is empty"),
        (roster(), "header row but no roster rows"),
        (b"PK\x03\x04\x14\x00\x06\x00", "Excel workbook (.xlsx), not a CSV file"),
        (
            roster(ALICE, header="bar_number,last_name,first_name,middle_name,suffix,status"),
            "Missing: admission_date.",
        ),
        (
            roster("12345;Able;Alice;good;2001-01-01", header="bar_number;last_name;first_name"),
            "separated by semicolons or tabs",
        ),
        (roster(ALICE, header=HEADER + ",Status"), 'names the column "status" twice'),
        (roster(ALICE) + b'9,"unclosed,x,,,active,\x00', "binary data"),
    ],
)
def test_a_bad_file_is_refused_whole_and_nothing_is_written(db, data, message):
    with pytest.raises(ValidationFailed) as refused:
        run(data)
    assert message in refused.value.message
    assert nothing_written()


def test_a_file_over_20_mb_is_refused(db):
    data = roster(ALICE) + b" " * (MAX_ROSTER_BYTES + 1 - len(roster(ALICE)))
    with pytest.raises(ValidationFailed, match="at most 20 MB"):
        run(data)
    assert nothing_written()


def test_missing_columns_name_every_missing_one_and_write_nothing(db):
    with pytest.raises(ValidationFailed) as refused:
        run(roster("12345,Able", header="bar_number,name"))
    assert "Missing: last_name, first_name, status, admission_date." in refused.value.message
    assert nothing_written()


# The command ---------------------------------------------------------------------------------


def test_the_command_prints_counts_and_each_refused_row(db, tmp_path, capsys):
    path = tmp_path / "mo-roster-2026-03.csv"
    path.write_bytes(roster(ALICE, "2,Doe,,,,active,", BOB, "3,Roe,Rae,,,emeritus,"))
    call_command("import_roster", str(path))
    out = capsys.readouterr().out
    assert "of mo-roster-2026-03.csv" in out
    assert "2 added, 0 changed, 0 unchanged, 2 refused." in out
    assert "line 3 (bar number 2): refused: The first name is missing" in out
    assert 'line 5 (bar number 3): refused: Unknown status "emeritus"' in out
    record = RosterImport.objects.get()
    assert record.imported_by is None and record.file_name == "mo-roster-2026-03.csv"
    assert events("roster.imported").get().channel == "cli"


def test_the_command_fails_for_a_file_it_cannot_read(db, tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("import_roster", str(tmp_path / "missing.csv"))
    bad = tmp_path / "latin1.csv"
    bad.write_bytes(roster(ALICE).replace(b"Alice", "Zoë".encode("latin-1")))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_roster", str(bad))
    assert nothing_written()


# The pages -----------------------------------------------------------------------------------


def upload(data: bytes, name: str = "roster.csv") -> dict:
    return {"file": SimpleUploadedFile(name, data, content_type="text/csv")}


@pytest.fixture
def admin_client(administrator):
    client = Client()
    client.force_login(administrator)
    return client


def test_administrator_uploads_a_roster_and_sees_the_report(admin_client, administrator, settings):
    page = admin_client.get(reverse("roster-import"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html and 'aria-describedby="id_file-hint"' in html
    assert "No roster has been imported yet." in html

    response = admin_client.post(
        reverse("roster-import"), upload(roster(ALICE, "4,Doe,Dana,,,retired,", BOB))
    )
    record = RosterImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("roster-import-report", args=[record.pk])
    assert record.imported_by == administrator and (record.added, record.refused) == (2, 1)
    summary = events("roster.imported").get()
    assert summary.actor_id == administrator.pk and summary.channel == "web"

    report = admin_client.get(response["Location"])
    assert report.status_code == 200
    html = report.content.decode()
    assert "<dt>Added</dt><dd>2</dd>" in html and "<dt>Refused</dt><dd>1</dd>" in html
    assert '<th scope="row">3</th>' in html and "Unknown status &quot;retired&quot;" in html

    listing = admin_client.get(reverse("roster-import")).content.decode()
    assert reverse("roster-import-report", args=[record.pk]) in listing
    documents = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    assert not documents.exists() or not any(documents.iterdir())  # the file is not kept


def test_the_report_shows_a_status_change_and_its_effect_on_filing(admin_client):
    admin_client.post(reverse("roster-import"), upload(roster(ALICE)))
    response = admin_client.post(
        reverse("roster-import"), upload(roster("12345,Able,Alice,Ann,,disbarred,2001-09-14"))
    )
    html = admin_client.get(response["Location"]).content.decode()
    assert "Status: Good standing &rarr; Disbarred" in html
    assert "Stopped (not in good standing)" in html


def test_a_malformed_file_gives_400_with_the_message_and_stores_nothing(admin_client):
    response = admin_client.post(
        reverse("roster-import"), upload(roster(ALICE, header="bar_number,last_name"))
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and '<a href="#id_file">' in html
    assert "Missing: first_name, status, admission_date." in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_file-hint id_file-error"' in html
    assert nothing_written()


def test_posting_without_a_file_gives_400(admin_client):
    response = admin_client.post(reverse("roster-import"), {})
    assert response.status_code == 400
    assert "Choose the roster CSV file to import." in response.content.decode()
    assert not RosterImport.objects.exists()


def test_a_non_administrator_is_refused(db):
    clerk = User.objects.create_user(
        "clerk@courts.mo.example", "pw", role=Role.CLERK, first_name="C", last_name="Lerk"
    )
    client = Client()
    client.force_login(clerk)
    assert client.get(reverse("roster-import")).status_code == 403
    assert client.post(reverse("roster-import"), upload(roster(ALICE))).status_code == 403
    assert nothing_written()
    record = run(roster(ALICE))
    assert client.get(reverse("roster-import-report", args=[record.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(db):
    client = Client()
    for url in (reverse("roster-import"), reverse("roster-import-report", args=[1])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("sign-in") + "?next=")
    assert client.post(reverse("roster-import"), upload(roster(ALICE))).status_code == 302
    assert not BarMember.objects.exists()


def test_an_unknown_report_is_not_found(admin_client):
    assert admin_client.get(reverse("roster-import-report", args=[999])).status_code == 404


def test_the_report_lists_a_limited_number_of_rows_but_counts_them_all(db, monkeypatch, tmp_path):
    monkeypatch.setattr("efiling.accounts.roster.REPORT_LIST_LIMIT", 1)
    path = tmp_path / "roster.csv"
    path.write_bytes(roster("1,A,,,,active,", "2,B,,,,active,", "3,C,,,,active,"))
    out = StringIO()
    call_command("import_roster", str(path), stdout=out)
    record = RosterImport.objects.get()
    assert record.refused == 3 and len(record.report["refused"]) == 1
    assert record.report["refused_not_listed"] == 2
    assert "... and 2 more refused lines not listed." in out.getvalue()


def test_the_optional_phone_column_is_kept_for_the_help_desks_call_back(db):
    header = HEADER + ",phone"
    result = run(roster(ALICE + ",(573) 555-0142", BOB + ",555 call me", header=header))
    assert (result.added, result.refused) == (1, 1)
    assert BarMember.objects.get(bar_number="12345").phone == "(573) 555-0142"
    assert "Phone" in result.report["refused"][0]["reason"]
