"""The court's page for who appears in a case: who may see it, and each action, allowed or
refused, always answered with a page or a redirect and a message, never a server error."""

import pytest

from efiling.accounts.models import Role
from efiling.audit.models import AuditEvent
from efiling.cases.models import CounselOfRecord, Party, ProHacViceAdmission, SecurityLevel
from efiling.cases.services import pro_hac_vice_admit
from tests import factories
from tests.factories import client_for


@pytest.fixture
def visitor():
    return factories.pro_hac_vice_attorney(email="peter@hacvice.example")


@pytest.fixture
def url(case):
    return f"/court/cases/{case.pk}/counsel/"


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _post(client, url, **data):
    return client.post(url, data, follow=True)


def test_the_court_sees_counsel_and_admissions(clerk, judge, case, url, attorney, visitor):
    pro_hac_vice_admit(case=case, attorney=visitor, sponsor=attorney, actor=clerk)
    for user in (clerk, judge):
        response = client_for(user).get(url)
        assert response.status_code == 200
        text = response.content.decode()
        assert "26SL-CC00001 Lawson v. Example Corp." in text
        assert "Avery Lawson" in text and "Jordan Reyes" in text and attorney.email in text
        assert "KS Bar No. KS-1" in text and "By Casey Miller" in text
        assert 'aria-label="Revoke Peter Hacvice\'s admission"' in text
        assert 'aria-label="Record withdrawal of Avery Lawson"' in text
        assert '<option value="' + str(attorney.pk) + '">Avery Lawson (' in text


def test_others_may_not_see_the_page(case, url, attorney, other_court, visitor):
    assert client_for(attorney).get(url).status_code == 403
    assert client_for(visitor).get(url).status_code == 403
    elsewhere = factories.court_staff(Role.CLERK, other_court)
    assert client_for(elsewhere).get(url).status_code == 404  # reveals nothing of another court
    assert client_for(elsewhere).post(url, {"action": "admit"}).status_code == 404


def test_an_unknown_case_is_not_found(clerk):
    assert client_for(clerk).get("/court/cases/999999/counsel/").status_code == 404


def test_a_view_of_a_sealed_case_is_audited(clerk, case, url):
    case.security_level = SecurityLevel.SEALED
    case.save()
    assert client_for(clerk).get(url).status_code == 200
    assert AuditEvent.objects.filter(action="case.viewed", object_id=str(case.pk)).exists()


def test_the_clerk_admits_then_revokes(clerk, case, url, attorney, visitor):
    client = client_for(clerk)
    response = _post(
        client, url, action="admit", attorney=" Peter@Hacvice.example ", sponsor=attorney.pk
    )
    assert response.redirect_chain == [(url, 302)]
    assert _messages(response) == [
        "Peter Hacvice is admitted pro hac vice, sponsored by Avery Lawson; "
        "the parties are notified."
    ]
    admission = ProHacViceAdmission.objects.get(case=case, attorney=visitor)
    assert admission.sponsor == attorney and admission.admitted_by == clerk
    response = _post(client, url, action="revoke", admission=admission.pk)
    assert _messages(response) == [
        "The pro hac vice admission of Peter Hacvice is revoked; the parties are notified."
    ]
    admission.refresh_from_db()
    assert admission.revoked_at is not None
    assert "Revoked " in response.content.decode()
    response = _post(client, url, action="revoke", admission=admission.pk)
    assert _messages(response) == ["This admission was already revoked."]


@pytest.mark.parametrize(
    ("email", "error", "status"),
    [
        ("", "This field is required.", 400),
        ("not an address", "Enter a valid e-mail address, for example name@example.com.", 400),
        ("nobody@example.test", "No account uses nobody@example.test", 400),
        ("missouri", "Only an out-of-state (pro hac vice) account can be admitted.", 422),
    ],
)
def test_a_refused_admission_shows_the_form_again(
    clerk, case, url, attorney, visitor, email, error, status
):
    email = attorney.email if email == "missouri" else email
    response = client_for(clerk).post(
        url, {"action": "admit", "attorney": email, "sponsor": attorney.pk}
    )
    assert response.status_code == status
    text = response.content.decode()
    assert error in text and 'role="alert"' in text and 'aria-invalid="true"' in text
    assert not ProHacViceAdmission.objects.exists()


@pytest.mark.parametrize("sponsor", ["", "abc", "999999", "other-case", "withdrawn"])
def test_only_an_active_missouri_attorney_of_record_sponsors(
    clerk, case, url, attorney, visitor, court, sponsor
):
    if sponsor == "other-case":
        sponsor = (
            factories.case(court, counsel=[factories.user(Role.ATTORNEY)]).counsel.get().user_id
        )
    elif sponsor == "withdrawn":
        CounselOfRecord.objects.filter(case=case, user=attorney).update(
            withdrawn_at=case.created_at
        )
        sponsor = attorney.pk
    response = client_for(clerk).post(
        url, {"action": "admit", "attorney": visitor.email, "sponsor": sponsor}
    )
    assert response.status_code == 400
    assert not ProHacViceAdmission.objects.exists()


def test_a_second_admission_is_refused_with_its_reason(clerk, case, url, attorney, visitor):
    pro_hac_vice_admit(case=case, attorney=visitor, sponsor=attorney, actor=clerk)
    response = client_for(clerk).post(
        url, {"action": "admit", "attorney": visitor.email, "sponsor": attorney.pk}
    )
    assert response.status_code == 409
    assert "Peter Hacvice is already admitted in this case." in response.content.decode()


def test_the_clerk_records_a_withdrawal(clerk, case, url):
    reyes = case.counsel.get(user__last_name="Reyes")
    response = _post(
        client_for(clerk),
        url,
        action="withdraw",
        counsel=reyes.pk,
        reason="Order of May 4",
    )
    assert _messages(response) == [
        "The withdrawal of Jordan Reyes is recorded; the parties are notified."
    ]
    reyes.refresh_from_db()
    assert reyes.withdrawn_at is not None
    text = response.content.decode()
    assert "Withdrew " in text and 'aria-label="Record withdrawal of Jordan Reyes"' not in text


def test_a_refused_withdrawal_says_why(clerk, case, url, attorney, visitor):
    client = client_for(clerk)
    lawson = case.counsel.get(user=attorney)
    response = _post(client, url, action="withdraw", counsel=lawson.pk, reason=" ")
    assert _messages(response)[0].startswith("Give the reason for the withdrawal")
    pro_hac_vice_admit(case=case, attorney=visitor, sponsor=attorney, actor=clerk)
    response = _post(client, url, action="withdraw", counsel=lawson.pk, reason="Leave granted")
    assert _messages(response) == [
        "Avery Lawson sponsors the pro hac vice admission of Peter Hacvice in this case: revoke "
        "that admission first (the court may admit again with another Missouri sponsor)."
    ]
    lawson.refresh_from_db()
    assert lawson.withdrawn_at is None


@pytest.mark.parametrize("action", ["revoke", "withdraw"])
@pytest.mark.parametrize("row_id", ["", "abc", "1.5", "-1", "²", "999999", "9" * 30, "other"])
def test_malformed_or_foreign_ids_are_refused_with_a_message(
    clerk, case, url, court, attorney, visitor, action, row_id
):
    if row_id == "other":
        other = factories.case(court, counsel=[attorney])
        admission = pro_hac_vice_admit(case=other, attorney=visitor, sponsor=attorney, actor=clerk)
        row_id = admission.pk if action == "revoke" else other.counsel.get().pk
    field = "admission" if action == "revoke" else "counsel"
    response = _post(client_for(clerk), url, action=action, reason="Leave", **{field: row_id})
    assert response.redirect_chain == [(url, 302)]
    assert _messages(response)[0].startswith("There is no such")
    assert not ProHacViceAdmission.objects.filter(revoked_at__isnull=False).exists()
    assert not CounselOfRecord.objects.filter(withdrawn_at__isnull=False).exists()


def test_an_unknown_action_is_refused_with_a_message(clerk, url):
    response = _post(client_for(clerk), url, action="promote")
    assert _messages(response) == ["Choose to admit, revoke or record a withdrawal."]


def test_a_case_without_missouri_counsel_offers_no_admission(clerk, court):
    case = factories.case(court, counsel=[factories.user(Role.SELF_REPRESENTED)])
    text = client_for(clerk).get(f"/court/cases/{case.pk}/counsel/").content.decode()
    assert "this case has none" in text and 'value="admit"' not in text


def test_the_case_pages_say_whom_each_attorney_represents(clerk, case, attorney):
    """The heading of the court's and the attorney's case pages: "Counsel of record" names the
    parties each attorney represents (Party.represented_by)."""
    plaintiff = Party.objects.create(
        case=case, kind="person", role="plaintiff", first_name="Avery", last_name="Lawson"
    )
    plaintiff.represented_by.add(attorney)
    for user, url in ((clerk, f"/court/cases/{case.pk}/"), (attorney, f"/cases/{case.pk}/")):
        text = " ".join(client_for(user).get(url).content.decode().split())
        assert f"{attorney.get_full_name()} (for Avery Lawson); Jordan Reyes" in text
