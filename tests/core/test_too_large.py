"""A request over one of Django's limits (config/settings.py: DATA_UPLOAD_MAX_MEMORY_SIZE,
DATA_UPLOAD_MAX_NUMBER_FIELDS, DATA_UPLOAD_MAX_NUMBER_FILES) is 413 naming the limit, on a
page and in the API's shape; any other suspicious request stays 400."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from efiling.core.views import bad_request
from tests import factories

FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def client(attorney):
    return factories.client_for(attorney)


def _page(response) -> str:
    assert response.status_code == 413, response.content[:300]
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def _api(response) -> dict:
    assert response.status_code == 413, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "too_large"
    return body


@pytest.mark.django_db
def test_a_form_over_the_size_limit_is_413_naming_it(client):
    body = "digest_hour=7&notice_mail=" + "x" * 2_700_000
    page = _page(client.post(reverse("notice-preferences"), body, content_type=FORM))
    assert "larger than the 2.5 MB a form may carry" in page


@pytest.mark.django_db
def test_a_form_of_too_many_fields_is_413_naming_the_limit(client):
    body = "&".join(f"f{i}=1" for i in range(1001))
    page = _page(client.post(reverse("notice-preferences"), body, content_type=FORM))
    assert "more than 1,000 fields" in page


@pytest.mark.django_db
def test_an_address_of_too_many_parameters_is_413(client):
    page = _page(client.get(reverse("notices") + "?" + "&".join(["a="] * 1001)))
    assert "more than 1,000 query parameters" in page


@pytest.mark.django_db
def test_a_form_of_too_many_files_is_413_naming_the_limit(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    files = [SimpleUploadedFile(f"{i}.txt", b"x") for i in range(3)]
    page = _page(client.post(reverse("notice-preferences"), {"f": files}))
    assert "more than 2 files" in page


@pytest.mark.django_db
def test_the_api_answers_413_in_its_shape(client):
    big = json.dumps({"ids": [], "pad": "x" * 2_700_000})
    body = _api(client.post("/api/v1/notices/read", big, content_type="application/json"))
    assert "2.5 MB" in body["detail"]
    body = _api(client.get("/api/v1/notices?" + "&".join(["a"] * 1001)))
    assert "1,000" in body["detail"]


@pytest.mark.django_db
def test_other_suspicious_requests_stay_400(rf):
    from django.core.exceptions import SuspiciousOperation

    assert bad_request(rf.get("/"), SuspiciousOperation("x")).status_code == 400
