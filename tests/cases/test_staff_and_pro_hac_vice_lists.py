"""Staff see the cases and drafts of each attorney who authorized them, named on every row; an
admitted pro hac vice attorney sees the cases they are admitted in (issue 11)."""

from django.test import Client

from efiling.accounts.models import ApiToken, Role, StaffDelegation
from efiling.accounts.tokens import api_token_create
from efiling.cases.access import case_attorneys_named
from efiling.cases.services import pro_hac_vice_admit
from efiling.core import clock
from efiling.docket.access import cases_for_user
from efiling.filings import services as filing_services
from tests import factories
from tests.filings.helpers import new_case_draft


def _api(user) -> Client:
    name = f"t{ApiToken.objects.filter(user=user).count()}"
    token = api_token_create(user=user, name=name, scope=ApiToken.Scope.READ)[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _two_attorneys_and_their_staff(court):
    alice = factories.user(Role.ATTORNEY, first_name="Alice", last_name="Able")
    bruno = factories.user(Role.ATTORNEY, first_name="Bruno", last_name="Baker")
    staff = factories.staff_for(alice)
    StaffDelegation.objects.create(attorney=bruno, staff=staff, created_at=clock.now())
    cases = {
        "alice": factories.case(court, counsel=[alice], number="26SL-CC00101", caption="A v. B"),
        "bruno": factories.case(court, counsel=[bruno], number="26SL-CC00102", caption="C v. D"),
        "both": factories.case(
            court, counsel=[alice, bruno], number="26SL-CC00103", caption="E v. F"
        ),
        "other": factories.case(court, number="26SL-CC00104", caption="G v. H"),
    }
    return alice, bruno, staff, cases


def test_staff_see_each_authorizing_attorneys_cases_named_on_every_row(court):
    alice, _bruno, staff, cases = _two_attorneys_and_their_staff(court)
    seen = set(cases_for_user(user=staff).values_list("number", flat=True))
    assert seen == {"26SL-CC00101", "26SL-CC00102", "26SL-CC00103"}
    named = case_attorneys_named(user=staff, cases=cases.values())
    assert named[cases["alice"].pk] == ["Alice Able"]
    assert named[cases["both"].pk] == ["Alice Able", "Bruno Baker"]
    assert cases["other"].pk not in named
    assert case_attorneys_named(user=alice, cases=cases.values()) == {}

    page = factories.client_for(staff).get("/cases/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "3 cases" in text and "Alice Able, Bruno Baker" in text and "G v. H" not in text
    opened = factories.client_for(staff).get(f"/cases/{cases['bruno'].pk}/")
    assert opened.status_code == 200 and "C v. D" in opened.content.decode()
    hidden = factories.client_for(staff).get(f"/cases/{cases['other'].pk}/")
    assert hidden.status_code == 404


def test_a_revoked_authority_hides_the_attorneys_cases_again(court):
    _alice, bruno, staff, _cases = _two_attorneys_and_their_staff(court)
    StaffDelegation.objects.filter(attorney=bruno).update(revoked_at=clock.now())
    seen = set(cases_for_user(user=staff).values_list("number", flat=True))
    assert seen == {"26SL-CC00101", "26SL-CC00103"}


def test_staff_get_case_list_names_the_attorneys(court):
    _alice, _bruno, staff, _cases = _two_attorneys_and_their_staff(court)
    items = _api(staff).get("/api/v1/cases").json()["items"]
    assert {item["number"]: item["attorneys"] for item in items} == {
        "26SL-CC00101": ["Alice Able"],
        "26SL-CC00102": ["Bruno Baker"],
        "26SL-CC00103": ["Alice Able", "Bruno Baker"],
    }


def test_staff_see_the_attorneys_drafts_in_my_filings_and_get_filing_list(court):
    alice, _bruno, staff, _cases = _two_attorneys_and_their_staff(court)
    own_draft = new_case_draft(court, alice, caption="Able v. Draft")
    other = factories.user(Role.ATTORNEY)
    new_case_draft(court, other, caption="Nobody v. Shown")
    page = factories.client_for(staff).get("/filings/")
    text = page.content.decode()
    assert page.status_code == 200 and "Able v. Draft" in text and "Nobody v. Shown" not in text
    assert '<th scope="col">Attorney</th>' in text and "Alice Able" in text
    listed = _api(staff).get("/api/v1/envelopes").json()["items"]
    assert [item["id"] for item in listed] == [str(own_draft.public_id)]
    assert listed[0]["signer"] == alice.email
    opened = filing_services.envelope_get_for_user(user=staff, public_id=own_draft.public_id)
    assert opened == own_draft


def test_an_admitted_pro_hac_vice_attorney_sees_their_cases(court):
    sponsor = factories.user(Role.ATTORNEY)
    visitor = factories.pro_hac_vice_attorney()
    clerk = factories.court_staff(Role.CLERK, court)
    admitted = factories.case(court, counsel=[sponsor], number="26SL-CC00201", caption="K v. L")
    factories.case(court, counsel=[sponsor], number="26SL-CC00202", caption="M v. N")
    assert _api(visitor).get("/api/v1/cases").json()["items"] == []
    pro_hac_vice_admit(case=admitted, attorney=visitor, sponsor=sponsor, actor=clerk)
    items = _api(visitor).get("/api/v1/cases").json()["items"]
    assert [item["number"] for item in items] == ["26SL-CC00201"]
    assert items[0]["attorneys"] == []
    page = factories.client_for(visitor).get("/cases/")
    assert "K v. L" in page.content.decode() and "M v. N" not in page.content.decode()
