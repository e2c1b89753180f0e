"""A party's optional year of birth: entered in the wizard or the API, 1900 to this year, a
person's only, never a full date; every place that takes one (and the public search) refuses
a year out of range in one message naming the range."""

import pytest
from django.test import Client

from efiling.accounts.models import ApiToken
from efiling.accounts.tokens import api_token_create
from efiling.core import clock
from efiling.core.errors import ValidationFailed
from efiling.filings.parties import birth_year_value
from tests.factories import client_for


def test_a_year_of_birth_is_a_year_from_1900_to_this_one(court):
    this_year = clock.today(court.time_zone).year
    assert birth_year_value("1984", kind="person", time_zone=court.time_zone) == 1984
    assert birth_year_value(" 1900 ", kind="person", time_zone=court.time_zone) == 1900
    assert birth_year_value(this_year, kind="person", time_zone=court.time_zone) == this_year
    assert birth_year_value("", kind="person", time_zone=court.time_zone) is None
    assert birth_year_value(None, kind="organization", time_zone=court.time_zone) is None
    for wrong in [
        "1899",
        str(this_year + 1),
        "84",
        "1984-05-02",
        "05/02/1984",
        "\uff11\uff19\uff18\uff14",
        "-1",
    ]:
        with pytest.raises(ValidationFailed) as error:
            birth_year_value(wrong, kind="person", time_zone=court.time_zone)
        assert error.value.field == "birth_year"
    with pytest.raises(ValidationFailed, match="organization has no year of birth"):
        birth_year_value("1990", kind="organization", time_zone=court.time_zone)


def test_the_wizard_takes_a_year_of_birth(new_case_envelope, attorney):
    client = client_for(attorney)
    url = f"/filings/{new_case_envelope.public_id}/parties/"
    page = client.get(url).content.decode()
    assert 'id="id_birth_year"' in page and "Year of birth" in page
    person = {"kind": "person", "role": "respondent", "first_name": "Dana", "last_name": "Bell"}
    refused = client.post(url, {**person, "birth_year": "1984-05-02"})
    assert refused.status_code == 422
    assert "The year of birth must be a whole number" in refused.content.decode()
    assert not new_case_envelope.parties.filter(last_name="Bell").exists()
    assert client.post(url, {**person, "birth_year": "1984"}).status_code == 302
    assert new_case_envelope.parties.get(last_name="Bell").birth_year == 1984


def test_the_api_takes_a_year_of_birth(new_case_envelope, attorney):
    token = api_token_create(user=attorney, name="firm", scope=ApiToken.Scope.FILE)[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    url = f"/api/v1/envelopes/{new_case_envelope.public_id}/parties"
    person = {"kind": "person", "role": "respondent", "first_name": "Dana", "last_name": "Bell"}
    refused = api.post(url, {**person, "birth_year": 1850}, content_type="application/json")
    assert refused.status_code == 422, refused.content
    assert refused.json()["field"] == "birth_year"
    answer = api.post(url, {**person, "birth_year": 1984}, content_type="application/json")
    assert answer.status_code == 201, answer.content
    (bell,) = [p for p in answer.json()["parties"] if p["last_name"] == "Bell"]
    assert bell["birth_year"] == 1984


def test_every_place_that_takes_a_year_of_birth_names_the_range(new_case_envelope, attorney):
    this_year = clock.today(new_case_envelope.court.time_zone).year
    said = f"The year of birth must be between 1900 and {this_year}."
    person = {"kind": "person", "role": "respondent", "first_name": "Dana", "last_name": "Bell"}
    wizard = client_for(attorney).post(
        f"/filings/{new_case_envelope.public_id}/parties/", {**person, "birth_year": "1899"}
    )
    token = api_token_create(user=attorney, name="firm", scope=ApiToken.Scope.FILE)[1]
    filing_api = Client(HTTP_AUTHORIZATION=f"Bearer {token}").post(
        f"/api/v1/envelopes/{new_case_envelope.public_id}/parties",
        {**person, "birth_year": 1899},
        content_type="application/json",
    )
    search = "kind=name&last_name=bell&birth_year=1899"
    page = Client().get(f"/public/search/?{search}")
    public_api = Client().get(f"/api/v1/public/cases?{search}")
    for answer in (wizard, page):
        assert answer.status_code in (400, 422)
        text = answer.content.decode()
        assert said in text and "at least 1900" not in text and 'min="1900"' not in text
    for answer in (filing_api, public_api):
        assert answer.status_code == 422
        assert answer.json()["detail"] == said and answer.json()["field"] == "birth_year"
