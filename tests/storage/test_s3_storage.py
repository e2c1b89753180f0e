"""Document storage on S3, over real HTTP to an S3-compatible server on loopback."""

import hashlib
from datetime import timedelta

from django.core.files.storage import default_storage
from django.test import Client
from storages.backends.s3 import S3Storage

from efiling.filings.models import Document
from efiling.filings.storage import document_delete, document_open, document_store, documents_sweep
from tests.filings.helpers import upload


def test_the_storage_url_configures_s3(s3_storage):
    assert isinstance(default_storage, S3Storage)
    assert default_storage.endpoint_url == s3_storage.endpoint
    assert default_storage.bucket_name == s3_storage.bucket


def test_stored_document_reads_back_the_same_bytes(s3_storage, pdf):
    source = pdf()
    name = document_store(source=source)
    assert name.startswith("documents/") and name.endswith(".pdf")
    assert s3_storage.keys() == [f"docs/{name}"]
    with document_open(name) as handle:
        assert handle.read() == source.read_bytes()
    assert s3_storage.read(f"docs/{name}") == source.read_bytes()


def test_deleted_document_is_gone_from_the_bucket(s3_storage, pdf):
    name = document_store(source=pdf())
    assert s3_storage.keys() == [f"docs/{name}"]
    document_delete(name)
    assert s3_storage.keys() == []
    document_delete(name)  # deleting again is harmless


def test_sweep_removes_a_stray_object_and_keeps_an_owned_one(
    s3_storage, new_case_envelope, attorney, pdf
):
    from tests.filings.helpers import with_lead_document

    with_lead_document(new_case_envelope, attorney, pdf)
    owned = Document.objects.get().storage_name
    stray = document_store(source=pdf("stray.pdf"))  # stored, then the process died
    assert documents_sweep(older_than=timedelta(minutes=60), delete=False) == []  # grace period
    assert documents_sweep(older_than=timedelta(seconds=-1), delete=False) == [stray]
    assert documents_sweep(older_than=timedelta(seconds=-1), delete=True) == [stray]
    assert s3_storage.keys("documents/") == [f"docs/{owned}"]


def test_healthz_is_200_with_s3_and_503_when_s3_is_down(s3_storage, db):
    response = Client().get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["storage"] == "ok"
    assert s3_storage.keys() == []  # the probe cleaned up after itself
    s3_storage.stop()
    response = Client().get("/healthz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["storage"].startswith("document storage unavailable:")
    assert checks["database"] == "ok"


def test_upload_through_the_page_stores_the_document_in_the_bucket(
    s3_storage, signed_in, new_case_envelope, pdf
):
    response = upload(signed_in, new_case_envelope, pdf("petition.pdf", pages=3))
    assert response.status_code == 302
    document = Document.objects.get()
    keys = s3_storage.keys("documents/")
    assert keys == [f"docs/{document.storage_name}"]
    assert hashlib.sha256(s3_storage.read(keys[0])).hexdigest() == document.sha256
