"""What an Idempotency-Key costs: UploadDocument (a 1-page PDF and a 6.5 MB one) and AddParty,
each sent with and without a key, interleaved in one run, through Django's full request
handling in this process (no network), on a throw-away embedded database.

    uv run python benchmarks/idempotent_requests.py [RUNS]
    EFILING_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        uv run python benchmarks/idempotent_requests.py [RUNS]

With a key, an upload claims the key in a short transaction of its own before the PDF checks
and completes the record in the transaction that records the document; AddParty records its
answer in its own transaction. Prints the median and 95th percentile in milliseconds.
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(tempfile.mkdtemp(prefix="efiling-bench-"))
os.environ["EFILING_DATA_DIR"] = str(ROOT / "data")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ["EFILING_ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("EFILING_LOG_LEVEL", "WARNING")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from benchmarks.rows import embedded_only  # noqa: E402

embedded_only()
BENCH_SERVER_URL = os.environ.get("EFILING_BENCH_DATABASE_URL", "")
BENCH_DATABASE = f"efiling_bench_{os.getpid()}"


def postgres_database(action: str) -> None:
    import psycopg

    with psycopg.connect(BENCH_SERVER_URL, autocommit=True) as admin:
        if action == "create":
            admin.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
        else:
            admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')


if BENCH_SERVER_URL:
    postgres_database("create")
    os.environ["EFILING_DATABASE_URL"] = BENCH_SERVER_URL.rsplit("/", 1)[0] + "/" + BENCH_DATABASE

import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402

from efiling.accounts.models import Role  # noqa: E402
from efiling.accounts.tokens import api_token_create  # noqa: E402
from efiling.courts.fees import filing_codes_load  # noqa: E402
from efiling.courts.services import courts_load  # noqa: E402
from tests import factories  # noqa: E402
from tests.documents import builders  # noqa: E402


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"p50 {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms"


def main(runs: int) -> None:
    call_command("migrate", verbosity=0)
    courts_load()
    filing_codes_load()
    attorney = factories.user(Role.ATTORNEY, first_name="Avery", last_name="Lawson")
    raw = api_token_create(user=attorney, name="bench", scope="file")[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    small = builders.text_pdf(ROOT / "small.pdf", pages=1, text="IN THE CIRCUIT COURT")
    large = builders.pdf_padded_to(ROOT / "large.pdf", int(6.5 * 1024 * 1024))
    bodies = {"1-page PDF": small.read_bytes(), "6.5 MB PDF": large.read_bytes()}
    timings: dict[str, list[float]] = {}

    def timed(label: str, path: str, body, content_type: str, keyed: bool) -> None:
        key = {"HTTP_IDEMPOTENCY_KEY": uuid.uuid4().hex} if keyed else {}
        start = time.perf_counter()
        response = client.post(path, body, content_type=content_type, **key)
        timings.setdefault(label, []).append(time.perf_counter() - start)
        assert response.status_code == 201, response.content

    party = {"kind": "organization", "role": "respondent", "organization_name": "Acme"}
    for _ in range(runs):
        envelope = client.post(
            "/api/v1/envelopes",
            {"court": "SL", "case_type": "CC", "caption": "Bench v. Mark"},
            content_type="application/json",
        ).json()
        url = f"/api/v1/envelopes/{envelope['id']}"
        filing = client.post(f"{url}/filings", {"code": "PET"}, content_type="application/json")
        upload = (
            f"{url}/filings/{filing.json()['filings'][0]['id']}/documents"
            "?kind=attachment&file_name=a.pdf"
        )
        for keyed in (False, True):
            suffix = "with a key" if keyed else "without"
            timed(f"AddParty {suffix}", f"{url}/parties", party, "application/json", keyed)
            for name, body in bodies.items():
                timed(f"UploadDocument, {name}, {suffix}", upload, body, "application/pdf", keyed)
    vendor = connections["default"].vendor
    print(f"{runs} runs on {vendor}, in-process requests (Django test client)")
    for label in sorted(timings):
        print(f"  {label:45} {_ms(timings[label])}")


if __name__ == "__main__":
    try:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
    finally:
        connections.close_all()
        if BENCH_SERVER_URL:
            postgres_database("drop")
        shutil.rmtree(ROOT, ignore_errors=True)
