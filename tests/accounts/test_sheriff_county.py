"""A sheriff's office account's county is one of Missouri's counties (the courts' data, read
through efiling.accounts.counties): chosen from a list in the admin, refused when unknown."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from efiling.accounts.counties import county_names, county_problem
from efiling.accounts.models import Role, User
from efiling.courts.selectors import counties
from tests import factories

pytestmark = pytest.mark.django_db


def _admin() -> Client:
    client = Client()
    client.force_login(factories.user(Role.COURT_ADMINISTRATOR, is_staff=True, is_superuser=True))
    return client


def test_the_counties_are_the_courts_counties(court):
    names = county_names()
    assert names == counties() and "St. Louis County" in names and "Boone County" in names


def test_a_county_is_checked_for_the_role(court):
    assert county_problem("Boone County", sheriff=True) is None
    assert county_problem("", sheriff=False) is None
    assert "needs the county" in county_problem("", sheriff=True)
    assert "'Gotham County' is not a county of Missouri" in county_problem(
        "Gotham County", sheriff=True
    )
    assert "Only a sheriff's office" in county_problem("Boone County", sheriff=False)
    sheriff = factories.user(Role.SHERIFF, county="Gotham County")
    with pytest.raises(ValidationError) as refused:
        sheriff.full_clean()
    assert "not a county of Missouri" in refused.value.message_dict["county"][0]


def _add(client, county: str):
    return client.post(
        "/admin/accounts/user/add/",
        {
            "email": "sheriff@boone.example.test",
            "first_name": "Bo",
            "last_name": "Deputy",
            "role": Role.SHERIFF,
            "county": county,
            "password1": "a-Long-passw0rd-for-tests",
            "password2": "a-Long-passw0rd-for-tests",
            "usable_password": "true",
            "court_assignments-TOTAL_FORMS": "0",
            "court_assignments-INITIAL_FORMS": "0",
        },
    )


def test_the_admin_offers_the_counties_and_refuses_another(court):
    client = _admin()
    page = client.get("/admin/accounts/user/add/")
    assert page.status_code == 200
    assert b'<option value="Boone County">Boone County</option>' in page.content
    refused = _add(client, "Gotham County")
    assert refused.status_code == 200 and b"Select a valid choice" in refused.content
    assert not User.objects.filter(email="sheriff@boone.example.test").exists()
    missing = _add(client, "")
    assert missing.status_code == 200 and b"needs the county it serves in" in missing.content
    assert not User.objects.filter(email="sheriff@boone.example.test").exists()
    assert _add(client, "Boone County").status_code == 302
    assert User.objects.get(email="sheriff@boone.example.test").county == "Boone County"


def test_the_admin_refuses_a_county_for_another_role(court):
    client = _admin()
    clerk = factories.user(Role.CLERK)
    page = client.get(f"/admin/accounts/user/{clerk.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name != "password"}
    data.update({"is_active": "on", "county": "Boone County"})
    data.update({"court_assignments-TOTAL_FORMS": "0", "court_assignments-INITIAL_FORMS": "0"})
    refused = client.post(f"/admin/accounts/user/{clerk.pk}/change/", data)
    assert refused.status_code == 200 and b"Only a sheriff&#x27;s office" in refused.content
    clerk.refresh_from_db()
    assert clerk.county == ""
