from django.test import Client


def test_healthz_is_200_when_database_and_storage_work(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "storage": "ok"}


def test_healthz_is_503_when_storage_fails(db, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the document folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker / "documents")},
        },
    }
    response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["storage"].startswith("document storage unavailable")


def test_healthz_leaves_no_probe_file(db, settings):
    Client().get("/healthz")
    from pathlib import Path

    folder = Path(settings.STORAGES["default"]["OPTIONS"]["location"]) / "healthz"
    assert not folder.exists() or list(folder.iterdir()) == []


def test_error_pages_are_friendly(db):
    response = Client().get("/no-such-page")
    assert response.status_code == 404
    assert b"There is no page at this address" in response.content
