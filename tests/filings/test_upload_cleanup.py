"""Uploads leave no temporary file behind, whatever the answer: also when the CSRF check, made
after the body was read, refuses the request."""

import io
import logging

import pytest
from django.test import Client

from efiling.accounts.models import Role
from tests import factories
from tests.documents import builders
from tests.filings.helpers import stored_files


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


# --- the temporary folder (issue 9): refused, interrupted and abandoned uploads ---------------

MB = 1024 * 1024


class _CutOffBody:
    """A request body that stops after `sent` bytes the way a socket does when the client goes
    away or stalls past the server's wait: reading it fails."""

    def __init__(self, data: bytes, sent: int):
        self._data, self._sent, self._at = data, sent, 0

    def read(self, size=-1):
        if self._at >= self._sent:
            raise ConnectionResetError("the client went away")
        size = len(self._data) if size is None or size < 0 else size
        end = min(self._at + size, self._sent)
        chunk, self._at = self._data[self._at : end], end
        return chunk

    def readline(self, size=-1):
        return self.read(size)


def _api_client(attorney):
    from efiling.accounts.models import ApiToken
    from efiling.accounts.tokens import api_token_create

    token = api_token_create(user=attorney, name="firm", scope=ApiToken.Scope.FILE)[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _api_url(envelope, kind="lead"):
    filing = envelope.filings.get()
    return (
        f"/api/v1/envelopes/{envelope.public_id}/filings/{filing.pk}/documents"
        f"?kind={kind}&file_name=big.pdf"
    )


def test_three_refused_api_uploads_of_7_mb_leave_nothing(
    new_case_envelope, attorney, tmp_path, incoming, settings
):
    client = _api_client(attorney)
    limit = 7 * MB
    over = builders.pdf_padded_to(tmp_path / "over.pdf", limit + 1)
    pdf = builders.pdf_padded_to(tmp_path / "at-limit.pdf", limit - 4096)
    not_pdf = tmp_path / "letter.pdf"
    not_pdf.write_bytes(b"Dear Clerk,\n" + b"x" * (limit - 100))
    refusals = [
        (_api_url(new_case_envelope), over.read_bytes(), 413),  # its declared length
        (_api_url(new_case_envelope), not_pdf.read_bytes(), 422),  # its content
        (_api_url(new_case_envelope, kind="poster"), pdf.read_bytes(), 422),  # no such kind
    ]
    for url, body, status in refusals:
        response = client.post(url, body, content_type="application/pdf")
        assert response.status_code == status, response.content
    # API uploads are received straight into the store: a refusal leaves nothing there either.
    assert list(incoming.iterdir()) == [] and stored_files(settings) == []


def test_an_api_upload_is_written_once_where_it_is_kept(
    new_case_envelope, attorney, tmp_path, incoming, settings, monkeypatch
):
    from efiling.filings import storage

    def no_copy(**_):
        raise AssertionError("the upload was copied into the store")

    monkeypatch.setattr(storage, "document_store", no_copy)
    pdf = builders.text_pdf(tmp_path / "petition.pdf")
    response = _api_client(attorney).post(
        _api_url(new_case_envelope), pdf.read_bytes(), content_type="application/pdf"
    )
    assert response.status_code == 201, response.content
    document = new_case_envelope.filings.get().documents.get()
    assert not document.cleaned
    assert [str(p) for p in stored_files(settings)] == [
        storage.default_storage.path(document.storage_name)
    ]
    assert storage.file_sha256(stored_files(settings)[0]) == response.json()["sha256"]
    assert list(incoming.iterdir()) == []


def test_a_cleaned_api_upload_keeps_only_the_cleaned_copy(
    new_case_envelope, attorney, tmp_path, incoming, settings
):
    pdf = builders.pdf_with_javascript(tmp_path / "script.pdf")
    response = _api_client(attorney).post(
        _api_url(new_case_envelope), pdf.read_bytes(), content_type="application/pdf"
    )
    assert response.status_code == 201, response.content
    document = new_case_envelope.filings.get().documents.get()
    assert document.cleaned and document.sha256 != document.received_sha256
    assert len(stored_files(settings)) == 1  # the file as received is not kept
    assert list(incoming.iterdir()) == []


def test_an_api_upload_cut_off_mid_body_leaves_nothing(
    new_case_envelope, attorney, tmp_path, incoming, settings
):
    body = builders.pdf_padded_to(tmp_path / "a.pdf", 3 * MB).read_bytes()
    response = _api_client(attorney).post(
        _api_url(new_case_envelope),
        content_type="application/pdf",
        **{"wsgi.input": _CutOffBody(body, MB), "CONTENT_LENGTH": str(len(body))},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "upload_interrupted"
    assert list(incoming.iterdir()) == [] and stored_files(settings) == []


def test_a_page_upload_cut_off_mid_file_leaves_nothing(
    new_case_envelope, attorney, tmp_path, incoming
):
    from django.test.client import MULTIPART_CONTENT, encode_multipart

    filing = new_case_envelope.filings.get()
    url = f"/filings/{new_case_envelope.public_id}/filings/{filing.pk}/upload/"
    client = Client()
    client.force_login(attorney)
    with open(builders.pdf_padded_to(tmp_path / "a.pdf", 2 * MB), "rb") as handle:
        body = encode_multipart("BoUnDaRy", {"kind": "lead", "title": "x", "files": handle})
    response = client.post(
        url,
        content_type=MULTIPART_CONTENT,
        **{
            "wsgi.input": _CutOffBody(body, MB),
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": "multipart/form-data; boundary=BoUnDaRy",
        },
    )
    assert response.status_code == 400 and b"stopped before the whole file" in response.content
    assert list(incoming.iterdir()) == []


def test_the_sweep_removes_what_a_killed_process_left_after_the_grace_period(incoming):
    import os
    import time

    from django.core.management import call_command

    hour_ago = time.time() - 2 * 3600
    left = incoming / "tmpab12.upload"  # a worker killed mid-read
    left.write_bytes(b"%PDF-1.7 half a file")
    os.utime(left, (hour_ago, hour_ago))
    abandoned = incoming / "efiling-stamp-x1"  # a stamping attempt killed mid-way
    (abandoned / "sub").mkdir(parents=True)
    (abandoned / "sub" / "12.pdf").write_bytes(b"%PDF")
    for path in (abandoned / "sub" / "12.pdf", abandoned / "sub", abandoned):
        os.utime(path, (hour_ago, hour_ago))
    working = incoming / "efiling-docket-y2"  # made long ago, but still written to now
    working.mkdir()
    os.utime(working, (hour_ago, hour_ago))
    (working / "scan.pdf").write_bytes(b"%PDF")
    streaming = incoming / "tmpcd34.upload"  # an upload streaming in now
    streaming.write_bytes(b"%PDF")

    call_command("sweep_documents", "--delete", stdout=io.StringIO())
    assert sorted(p.name for p in incoming.iterdir()) == [working.name, streaming.name]


# --- bodies held to their Content-Length (issue 10) -----------------------------------------


class _Body:
    """A request body as the server hands it over: `data`, then the end of the stream (the
    client closed its side), whatever the Content-Length said. Records how much was read."""

    def __init__(self, data: bytes):
        self._data, self.consumed = data, 0

    def read(self, size=-1):
        size = len(self._data) if size is None or size < 0 else size
        chunk = self._data[self.consumed : self.consumed + size]
        self.consumed += len(chunk)
        return chunk

    def readline(self, size=-1):
        return self.read(size)


def _incremental_pdf(tmp_path):
    """A PDF updated incrementally: cut after its first %%EOF it is still a whole PDF."""
    import pikepdf

    first = builders.text_pdf(tmp_path / "first.pdf", pages=1, text="FIRST REVISION")
    original = first.read_bytes()
    with pikepdf.open(first, allow_overwriting_input=True) as pdf:
        pdf.docinfo["/Title"] = "Second revision"
        pdf.save(tmp_path / "second.pdf")
    updated = original + (tmp_path / "second.pdf").read_bytes()[len(original) :]
    return original, updated


def test_an_api_body_shorter_than_its_content_length_is_refused_and_not_stored(
    new_case_envelope, attorney, tmp_path, incoming, settings
):
    body = builders.text_pdf(tmp_path / "p.pdf", pages=1, text="IN THE CIRCUIT COURT").read_bytes()
    cut = len(body) - 1000
    response = _api_client(attorney).post(
        _api_url(new_case_envelope),
        content_type="application/pdf",
        **{"wsgi.input": _Body(body[:cut]), "CONTENT_LENGTH": str(len(body))},
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "upload_incomplete"
    assert f"{cut:,} of the {len(body):,} bytes" in response.json()["detail"]
    assert not new_case_envelope.filings.get().documents.exists()
    assert list(incoming.iterdir()) == [] and stored_files(settings) == []


def test_a_page_upload_shorter_than_its_content_length_is_refused_and_not_stored(
    new_case_envelope, attorney, tmp_path, incoming, settings
):
    """The cut falls right after the first revision's %%EOF: a whole PDF, not the file sent."""
    from django.test.client import MULTIPART_CONTENT, encode_multipart

    first, updated = _incremental_pdf(tmp_path)
    sent = tmp_path / "motion.pdf"
    sent.write_bytes(updated)
    with open(sent, "rb") as handle:
        body = encode_multipart("BoUnDaRy", {"kind": "lead", "title": "x", "files": handle})
    cut = body.index(first) + len(first)
    filing = new_case_envelope.filings.get()
    client = Client()
    client.force_login(attorney)
    response = client.post(
        f"/filings/{new_case_envelope.public_id}/filings/{filing.pk}/upload/",
        content_type=MULTIPART_CONTENT,
        **{
            "wsgi.input": _Body(body[:cut]),
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": "multipart/form-data; boundary=BoUnDaRy",
        },
    )
    assert response.status_code == 400
    assert b"did not arrive whole" in response.content
    assert not filing.documents.exists()
    assert list(incoming.iterdir()) == [] and stored_files(settings) == []


def test_nothing_past_the_content_length_is_read(new_case_envelope, attorney, tmp_path, incoming):
    """The API takes the declared bytes, a whole PDF, and never reads what follows."""
    pdf = builders.text_pdf(tmp_path / "p.pdf", pages=1, text="IN THE CIRCUIT COURT").read_bytes()
    body = _Body(pdf + b"%PDF-1.7 something else entirely" * 1000)
    response = _api_client(attorney).post(
        _api_url(new_case_envelope),
        content_type="application/pdf",
        **{"wsgi.input": body, "CONTENT_LENGTH": str(len(pdf))},
    )
    assert response.status_code == 201, response.content
    assert response.json()["received_size"] == len(pdf) == body.consumed


def test_a_json_body_that_cannot_be_read_is_a_400_logged_once_without_traceback(
    new_case_envelope, attorney, caplog
):
    class _Reset(_CutOffBody):
        """gunicorn's body reads until it has what was asked: the reset comes in that read."""

        def read(self, size=-1):
            if size is None or size < 0 or self._at + size > self._sent:
                raise ConnectionResetError("the client went away")
            return super().read(size)

    body = b'{"kind": "person", "role": "petitioner", "last_name": "Lawson"}'
    with caplog.at_level("INFO"):
        response = _api_client(attorney).post(
            f"/api/v1/envelopes/{new_case_envelope.public_id}/parties",
            content_type="application/json",
            **{"wsgi.input": _Reset(body, 10), "CONTENT_LENGTH": str(len(body))},
        )
    assert response.status_code == 400 and response.json()["code"] == "request_interrupted"
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(problems) == 1 and problems[0].exc_info is None
    assert "could not be read (the client reset the connection)" in problems[0].getMessage()
