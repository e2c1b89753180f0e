from pathlib import Path


def stored_files(settings) -> list[Path]:
    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"]) / "documents"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def upload(client, envelope, path: Path, kind: str = "lead", filing=None, title: str = ""):
    filing = filing or envelope.filings.first()
    with open(path, "rb") as handle:
        return client.post(
            f"/filings/{envelope.public_id}/filings/{filing.pk}/upload/",
            {"kind": kind, "title": title, "files": handle},
        )
