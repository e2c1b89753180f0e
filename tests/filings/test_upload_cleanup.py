"""Uploads leave no temporary file behind, whatever the answer: also when the CSRF check, made
after the body was read, refuses the request."""

import pytest
from django.test import Client

from efiling.accounts.models import Role
from tests import factories
from tests.documents import builders


@pytest.fixture
def incoming(settings, tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


def _post_without_token(user, url, path):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.cookies["csrftoken"] = "a" * 32  # a cookie, so the check reads the body for the token
    with open(path, "rb") as handle:
        return client.post(url, {"kind": "lead", "title": "x", "files": handle, "file": handle})


def test_a_filer_upload_refused_by_csrf_leaves_no_file(
    new_case_envelope, attorney, tmp_path, incoming
):
    filing = new_case_envelope.filings.get()
    url = f"/filings/{new_case_envelope.public_id}/filings/{filing.pk}/upload/"
    response = _post_without_token(attorney, url, builders.text_pdf(tmp_path / "a.pdf"))
    assert response.status_code == 403
    assert list(incoming.iterdir()) == []


def test_a_clerk_upload_refused_by_csrf_leaves_no_file(court, tmp_path, incoming):
    clerk = factories.court_staff(Role.CLERK, court)
    case = factories.case(court, number="26SL-CC00001")
    url = f"/court/cases/{case.pk}/paper/"
    response = _post_without_token(clerk, url, builders.image_only_pdf(tmp_path / "s.pdf"))
    assert response.status_code == 403
    assert list(incoming.iterdir()) == []
