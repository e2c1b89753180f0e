"""Health checks: each answers None when its part works, or a short reason when it does not."""

from __future__ import annotations

import contextlib
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connections

PROBE_FOLDER = "healthz"


def database_problem(alias: str = "default") -> str | None:
    """A failed connection is closed, so that the next check connects anew."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "not working"
        connections[alias].close()
        return f"database unavailable: {type(exc).__name__}"
    return None


def storage_problem(alias: str = "default") -> str | None:
    """Write, read back and delete a small probe file in the document storage."""
    storage = storages[alias]
    payload = secrets.token_bytes(16)
    name = None
    try:
        name = storage.save(f"{PROBE_FOLDER}/probe-{secrets.token_hex(8)}", ContentFile(payload))
        with storage.open(name, "rb") as handle:
            if handle.read() != payload:
                return "document storage returned different bytes"
    except Exception as exc:
        return f"document storage unavailable: {type(exc).__name__}"
    finally:
        if name is not None:
            with contextlib.suppress(Exception):  # the answer above already says what failed
                storage.delete(name)
    return None


def health_report() -> tuple[bool, dict[str, str]]:
    checks = {"database": database_problem(), "storage": storage_problem()}
    healthy = all(problem is None for problem in checks.values())
    return healthy, {name: problem or "ok" for name, problem in checks.items()}
