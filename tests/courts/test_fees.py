import json

import pytest
from django.core.management import call_command
from django.test import Client

from efiling.accounts.models import Role
from efiling.audit.models import AuditEvent
from efiling.audit.services import audit_chain_verify
from efiling.core.errors import NotFound, ValidationFailed
from efiling.courts.fees import (
    DEFAULT_FILING_CODES_FILE,
    DOCKET_TEXT_MAX,
    FeeCalculation,
    docket_template_problem,
    docket_text_render,
    fees_calculate,
    filing_code_get,
    filing_codes_for,
    filing_codes_load,
)
from efiling.courts.models import CaseType, Court, FilingCode
from tests import factories


def code_row(court, code, *, case_type=None, fee=0, name=None, initiating=False, active=True):
    return FilingCode.objects.create(
        court=court,
        case_type=CaseType.objects.get(code=case_type) if case_type else None,
        code=code,
        name=name or f"Test {code}",
        initiating=initiating,
        fee_cents=fee,
        docket_text_template="{description} filed by {filer} on behalf of {parties}.",
        active=active,
    )


# --- which codes a filer may choose ------------------------------------------------------------


def test_codes_for_a_case_type_include_the_courts_every_type_codes(court):
    codes = {row.code: row for row in filing_codes_for(court=court, case_type="CC")}
    assert {"PET", "EOA", "ANS", "MOT", "MEMO", "RESP", "PROPORD", "NOH", "COS", "DISM"} <= set(
        codes
    )
    assert codes["PET"].case_type.code == "CC" and codes["PET"].initiating
    assert codes["EOA"].case_type is None and codes["EOA"].fee_cents == 0
    assert "NOA" not in codes and "EXH" not in codes  # appellate only; exhibits are attachments


def test_a_specific_code_overrides_the_every_type_code_of_the_same_name(court):
    code_row(court, "ZZ", fee=100, name="General")
    code_row(court, "ZZ", case_type="DR", fee=900, name="Domestic")
    in_dr = {row.code: row for row in filing_codes_for(court=court, case_type="DR")}
    in_cc = {row.code: row for row in filing_codes_for(court=court, case_type="CC")}
    assert (in_dr["ZZ"].name, in_dr["ZZ"].fee_cents) == ("Domestic", 900)
    assert (in_cc["ZZ"].name, in_cc["ZZ"].fee_cents) == ("General", 100)
    assert filing_code_get(court=court, case_type="DR", code="ZZ").fee_cents == 900


def test_an_inactive_specific_code_hides_the_general_one_for_that_type(court):
    code_row(court, "ZZ", fee=100)
    code_row(court, "ZZ", case_type="PN", active=False)
    assert "ZZ" not in {row.code for row in filing_codes_for(court=court, case_type="PN")}
    assert "ZZ" in {row.code for row in filing_codes_for(court=court, case_type="CC")}
    with pytest.raises(NotFound):
        filing_code_get(court=court, case_type="PN", code="ZZ")


def test_inactive_codes_and_other_courts_codes_are_not_offered(court, other_court):
    code_row(court, "OLD", active=False)
    code_row(other_court, "BOONE")
    offered = {row.code for row in filing_codes_for(court=court, case_type="CC")}
    assert "OLD" not in offered and "BOONE" not in offered


def test_initiating_filter(court):
    initiating = filing_codes_for(court=court, case_type="CC", initiating=True)
    assert [row.code for row in initiating] == ["PET"]
    subsequent = filing_codes_for(court=court, case_type="CC", initiating=False)
    assert subsequent and not any(row.initiating for row in subsequent)
    assert len(initiating) + len(subsequent) == len(filing_codes_for(court=court, case_type="CC"))


def test_codes_are_ordered_by_name(court):
    names = [row.name.lower() for row in filing_codes_for(court=court, case_type="CC")]
    assert names == sorted(names)


def test_unknown_code_is_not_found_with_a_clear_message(court):
    with pytest.raises(NotFound) as caught:
        filing_code_get(court=court, case_type="CC", code="NOA")
    assert caught.value.message == (
        "The St. Louis County Circuit Court does not accept the filing code 'NOA' for case "
        "type CC (Circuit civil). Choose one of the court's filing codes."
    )
    assert caught.value.field == "code"
    with pytest.raises(NotFound, match="no case type"):
        filing_codes_for(court=court, case_type="XX")


def test_appellate_courts_have_their_own_codes(courts):
    supreme = Court.objects.get(code="SC")
    appeal = {row.code: row for row in filing_codes_for(court=supreme, case_type="AP")}
    assert {"NOA", "BRIEF", "MOT", "EOA"} <= set(appeal)
    assert appeal["NOA"].initiating and appeal["NOA"].fee_cents == 7000
    assert "PET" not in appeal and "PROPORD" not in appeal


def test_every_e_filing_court_has_an_initiating_code_for_civil_cases(courts):
    circuit = Court.objects.filter(kind=Court.Kind.CIRCUIT, efiling_participating=True)
    with_petition = FilingCode.objects.filter(
        court__in=circuit, case_type__code="CC", code="PET", initiating=True, fee_cents__gt=0
    )
    assert with_petition.count() == circuit.count()


# --- fee calculation (GetFeesCalculation) -----------------------------------------------------


def test_fees_are_calculated_line_by_line(court):
    calculation = fees_calculate(
        court=court,
        case_type=CaseType.objects.get(code="CC"),
        codes=["PET", "MOT", "MOT"],
        waiver_requested=False,
    )
    petition = filing_code_get(court=court, case_type="CC", code="PET")
    assert [(line.filing_code.code, line.amount_cents) for line in calculation.lines] == [
        ("PET", petition.fee_cents),
        ("MOT", 0),
        ("MOT", 0),
    ]
    assert calculation.lines[0].description == "Petition"
    assert calculation.total_cents == calculation.to_hold_cents == petition.fee_cents
    assert calculation.waiver_requested is False


def test_a_fee_waiver_request_holds_nothing_but_shows_the_fees(court):
    code_row(court, "ZZ", case_type="CC", fee=2_500)
    calculation = fees_calculate(
        court=court, case_type="CC", codes=["PET", "ZZ"], waiver_requested=True
    )
    petition_fee = filing_code_get(court=court, case_type="CC", code="PET").fee_cents
    assert [line.amount_cents for line in calculation.lines] == [petition_fee, 2_500]
    assert calculation.total_cents == petition_fee + 2_500
    assert calculation.to_hold_cents == 0
    assert calculation.waiver_requested is True


def test_no_codes_cost_nothing(court):
    assert fees_calculate(court=court, case_type="CC", codes=[], waiver_requested=False) == (
        FeeCalculation(lines=[], total_cents=0, waiver_requested=False)
    )


def test_an_unknown_or_inactive_code_stops_the_calculation(court):
    code_row(court, "OLD", fee=100, active=False)
    for code in ["NOPE", "OLD"]:
        with pytest.raises(NotFound, match=f"'{code}'"):
            fees_calculate(court=court, case_type="CC", codes=["PET", code], waiver_requested=False)


def test_fee_calculation_uses_the_override(court):
    code_row(court, "ZZ", fee=100)
    code_row(court, "ZZ", case_type="DR", fee=900)
    dr = fees_calculate(court=court, case_type="DR", codes=["ZZ"], waiver_requested=False)
    cc = fees_calculate(court=court, case_type="CC", codes=["ZZ"], waiver_requested=False)
    assert (dr.total_cents, cc.total_cents) == (900, 100)


def test_docket_text_from_the_template(court):
    motion = filing_code_get(court=court, case_type="CC", code="MOT")
    text = docket_text_render(
        filing_code=motion,
        filer="Avery Lawson",
        parties="Acme Inc.",
        description="Motion to compel discovery.",
    )
    assert (
        text == "Motion filed by Avery Lawson on behalf of Acme Inc.: Motion to compel discovery."
    )
    petition = filing_code_get(court=court, case_type="CC", code="PET")
    assert (
        docket_text_render(filing_code=petition, filer="A. Lawson", parties="Acme Inc.")
        == "Petition filed by A. Lawson on behalf of Acme Inc."
    )
    other = filing_code_get(court=court, case_type="CC", code="OTHER")
    assert docket_text_render(filing_code=other, filer="A", parties="B").startswith(
        "Other filing filed by A"
    )


def test_a_description_for_a_template_without_one_follows_the_text(court):
    petition = filing_code_get(court=court, case_type="CC", code="PET")
    text = docket_text_render(
        filing_code=petition, filer="A. Lawson", parties="Acme Inc.", description="First amended"
    )
    assert text == "Petition filed by A. Lawson on behalf of Acme Inc. First amended."


@pytest.mark.parametrize(
    "template",
    ["{filer:>5000000}", "{filer!r:>99999}", "{filer!s}", "{parties:.3}", "{description:x<9}"],
)
def test_a_template_with_a_format_or_conversion_is_refused(template):
    problem = docket_template_problem(template)
    assert problem is not None and "a name in braces takes nothing else" in problem


@pytest.mark.parametrize("template", ["{filer", "filer}", "{filer}}x{"])
def test_a_brace_left_open_is_refused_in_plain_words(template):
    problem = docket_template_problem(template)
    assert problem is not None and "a brace itself as {{ or }}" in problem
    assert "expected" not in problem  # not Python's own words


def test_a_stored_template_with_a_format_renders_plainly_and_within_the_limit(court):
    """Templates saved before the check: the format is ignored, the text is bounded."""
    code = filing_code_get(court=court, case_type="CC", code="MOT")
    code.docket_text_template = "{filer:>5000000} {{braces}} {parties!r}"
    assert docket_text_render(filing_code=code, filer="A", parties="B") == "A {braces} B"
    code.docket_text_template = "{parties}"
    long = docket_text_render(filing_code=code, filer="A", parties="Party " * 2_000)
    assert len(long) == DOCKET_TEXT_MAX and long.endswith("\u2026")


# --- loading the data file --------------------------------------------------------------------


def _write(tmp_path, codes):
    path = tmp_path / "codes.json"
    path.write_text(json.dumps({"version": 1, "source_notes": [], "codes": codes}))
    return path


def _entry(**fields):
    entry = {
        "code": "ZZ",
        "name": "Test code",
        "case_types": None,
        "initiating": False,
        "fee_cents": 0,
        "docket_text_template": "Test filed by {filer}.",
    }
    entry.update(fields)
    return entry


def test_the_shipped_file_says_its_fees_are_examples():
    data = json.loads(DEFAULT_FILING_CODES_FILE.read_text())
    assert "example" in " ".join(data["source_notes"]).lower()
    assert not any(entry["code"] in ("EXH", "EXHIBIT") for entry in data["codes"])


def test_loading_the_shipped_file_twice_changes_nothing(courts):
    before = AuditEvent.objects.count()
    report = filing_codes_load()
    assert (report.added, report.changed) == ([], [])
    assert report.unchanged == FilingCode.objects.count()
    assert AuditEvent.objects.count() == before


def test_missing_codes_are_created_and_each_is_audited(court):
    FilingCode.objects.filter(court=court).delete()
    last_id = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    report = filing_codes_load()
    created = FilingCode.objects.filter(court=court)
    assert len(report.added) == created.count() > 10
    assert "SL CC PET" in report.added and "SL * EOA" in report.added
    events = AuditEvent.objects.filter(action="filingcode.created", id__gt=last_id)
    assert events.count() == created.count()
    assert set(events.values_list("object_id", flat=True)) == {
        str(pk) for pk in created.values_list("pk", flat=True)
    }
    petition = events.get(object_repr="SL CC PET")
    assert petition.details["source"] == "filing codes data file"
    assert petition.details["changes"]["fee_cents"] == [None, "14950"]
    assert audit_chain_verify().intact
    assert filing_codes_load().added == []


def test_the_file_leaves_edited_codes_and_codes_it_does_not_name_alone(court):
    petition = filing_code_get(court=court, case_type="CC", code="PET")
    FilingCode.objects.filter(pk=petition.pk).update(fee_cents=1, active=False, name="Local name")
    own = code_row(court, "LOCAL", fee=4_200)
    last_id = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    report = filing_codes_load()
    assert report.kept == ["SL CC PET"] and report.changed == report.added == []
    petition.refresh_from_db()
    assert (petition.fee_cents, petition.name, petition.active) == (1, "Local name", False)
    own.refresh_from_db()
    assert (own.fee_cents, own.active) == (4_200, True)
    assert not AuditEvent.objects.filter(id__gt=last_id).exists()


def test_a_code_nobody_edited_follows_the_file(court, tmp_path):
    petition = filing_code_get(court=court, case_type="CC", code="PET")
    FilingCode.objects.filter(pk=petition.pk).update(active=False)  # the administrators' own
    data = json.loads(DEFAULT_FILING_CODES_FILE.read_text())
    for entry in data["codes"]:
        if entry["code"] == "PET":
            entry["name"] = "Petition (file)"
    path = tmp_path / "codes.json"
    path.write_text(json.dumps(data))
    last_id = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    report = filing_codes_load(path=path)
    assert "SL CC PET" in report.changed and report.kept == []
    petition.refresh_from_db()
    assert (petition.name, petition.active) == ("Petition (file)", False)
    event = AuditEvent.objects.get(
        action="filingcode.changed", id__gt=last_id, object_id=str(petition.pk)
    )
    assert event.details["changes"] == {"name": ["Petition", "Petition (file)"]}


def test_a_later_court_specific_entry_wins(courts, tmp_path):
    path = _write(
        tmp_path,
        [
            _entry(fee_cents=100, case_types=["CC"]),
            _entry(fee_cents=777, case_types=["CC"], courts=["BA"]),
        ],
    )
    report = filing_codes_load(path=path)
    assert "BA CC ZZ" in report.added and "SL CC ZZ" in report.added
    fee = {
        row.court.code: row.fee_cents
        for row in FilingCode.objects.filter(code="ZZ").select_related("court")
    }
    assert fee["BA"] == 777 and fee["SL"] == 100
    assert set(fee) == set(
        Court.objects.filter(kind=Court.Kind.CIRCUIT).values_list("code", flat=True)
    )  # every circuit court takes CC; no appellate court does


def test_a_case_type_the_court_does_not_take_gets_no_code(courts, tmp_path):
    path = _write(tmp_path, [_entry(case_types=["AP"])])  # appellate type, circuit courts
    assert filing_codes_load(path=path).added == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"case_types": ["XX"]}, "unknown case types"),
        ({"courts": ["QQQ"]}, "not e-filing courts"),
        ({"court_kinds": ["county"]}, "court_kinds"),
        ({"fee_cents": -1}, "fee_cents"),
        ({"fee_cents": 10.5}, "fee_cents"),
        ({"code": ""}, "a code is"),
        ({"code": "X" * 21}, "a code is"),
        ({"name": ""}, "a name is"),
        ({"initiating": "yes"}, "initiating"),
        ({"docket_text_template": "Filed by {attorney}."}, r"uses \{attorney\}"),
        ({"docket_text_template": "Filed by {filer"}, "a brace that opens or closes no name"),
        ({"follow_up_deadlines": "30 days"}, "follow_up_deadlines are a list"),
        ({"follow_up_deadlines": [{"title": "Reply due"}]}, "exactly a"),
        ({"follow_up_deadlines": [{"title": " ", "days": 3}]}, "a title of 1 to 100"),
        ({"follow_up_deadlines": [{"title": "Reply due", "days": 0}]}, "count 1 to 365"),
        ({"follow_up_deadlines": [{"title": "Reply due", "days": True}]}, "count 1 to 365"),
    ],
)
def test_a_bad_entry_is_refused_and_nothing_is_written(courts, tmp_path, change, message):
    before = (FilingCode.objects.count(), AuditEvent.objects.count())
    path = _write(tmp_path, [_entry(code="GOOD"), _entry(**change)])
    with pytest.raises(ValidationFailed, match=message):
        filing_codes_load(path=path)
    assert (FilingCode.objects.count(), AuditEvent.objects.count()) == before


def test_an_unreadable_file_is_refused(courts, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    with pytest.raises(ValidationFailed, match="cannot be read"):
        filing_codes_load(path=path)
    with pytest.raises(ValidationFailed, match="cannot be read"):
        filing_codes_load(path=tmp_path / "missing.json")


def test_load_filing_codes_command(courts, tmp_path, capsys):
    call_command("load_filing_codes", "--file", str(_write(tmp_path, [_entry(courts=["SL"])])))
    assert "1 added, 0 changed, 0 unchanged" in capsys.readouterr().out
    call_command("load_filing_codes")
    assert " 0 added, 0 changed," in capsys.readouterr().out


# --- the admin --------------------------------------------------------------------------------


def _admin_client():
    person = factories.user(Role.COURT_ADMINISTRATOR, is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(person)
    return client, person


def _admin_form(court, **fields):
    form = {
        "court": court.pk,
        "case_type": "",
        "code": "LOCAL",
        "name": "Local rule filing",
        "fee_cents": 1_500,
        "docket_text_template": "Local filing by {filer} on behalf of {parties}.",
        "active": "on",
    }
    form.update(fields)
    return form


def test_administrator_adds_a_filing_code_and_it_is_audited(court):
    client, person = _admin_client()
    response = client.post("/admin/courts/filingcode/add/", _admin_form(court))
    assert response.status_code == 302, response.content.decode()[:3000]
    row = FilingCode.objects.get(court=court, code="LOCAL")
    assert row.case_type is None and row.fee_cents == 1_500
    event = AuditEvent.objects.get(action="filingcode.created", object_id=str(row.pk))
    assert event.actor_id == person.pk and event.channel == "admin"
    assert client.get("/admin/courts/filingcode/?q=LOCAL").status_code == 200


def test_the_admin_refuses_a_template_with_unknown_fields(court):
    client, _ = _admin_client()
    response = client.post(
        "/admin/courts/filingcode/add/",
        _admin_form(court, docket_text_template="Filed by {attorney}."),
    )
    assert response.status_code == 200
    assert b"The template uses {attorney}" in response.content
    assert not FilingCode.objects.filter(code="LOCAL").exists()


def test_the_shipped_file_sets_follow_up_deadlines(court):
    petition = FilingCode.objects.get(court=court, case_type__code="CC", code="PET")
    assert petition.follow_up_deadlines == [{"title": "Answer due", "days": 30}]
    notice = FilingCode.objects.get(court=court, case_type=None, code="NOH")
    assert notice.follow_up_deadlines == []


def test_the_admin_edits_follow_up_deadlines_and_refuses_bad_ones(court):
    client, _ = _admin_client()
    refused = client.post(
        "/admin/courts/filingcode/add/",
        _admin_form(court, follow_up_deadlines='[{"title": "Reply due", "days": 400}]'),
    )
    assert refused.status_code == 200
    assert b"Follow-up deadlines each count 1 to 365 days" in refused.content
    response = client.post(
        "/admin/courts/filingcode/add/",
        _admin_form(court, follow_up_deadlines='[{"title": "Reply due", "days": 14}]'),
    )
    assert response.status_code == 302
    row = FilingCode.objects.get(court=court, code="LOCAL")
    assert row.follow_up_deadlines == [{"title": "Reply due", "days": 14}]
