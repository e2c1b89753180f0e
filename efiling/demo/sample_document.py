"""The one stored file every generated judgment's document names as its stamped copy
(efiling.demo.generate): a sample judgment rendered and file-stamped as a signed one is,
labelled "Generated load data" (not a court record), written once per run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from efiling.core.scratch import scratch_dir
from efiling.docket.models import CourtOrder
from efiling.docket.order_pdf import order_pdf_render
from efiling.documents.stamp import stamp_pdf
from efiling.filings.storage import document_store, file_sha256


@dataclass(frozen=True)
class SampleFile:
    """The one stored file every generated judgment's document names as its stamped copy: its
    storage name, SHA-256 and pages."""

    name: str
    sha256: str
    pages: int


SAMPLE_LABEL = "Generated load data"


def sample_judgment_store() -> SampleFile:
    """Render a one-page sample judgment, file-stamp it (documents.stamp, as a docketed
    document is) and store it once (filings.storage.document_store)."""
    signed = datetime(2026, 1, 5, 10, 0, tzinfo=ZoneInfo("America/Chicago"))
    body = order_pdf_render(
        court_name=SAMPLE_LABEL,
        case_number="GENERATED",
        caption="A generated case",
        kind=CourtOrder.Kind.JUDGMENT,
        title="Judgment",
        body_text="A sample judgment written by efiling generate for load data. Every "
        "generated judgment shows this file; it is not a court record.",
        judge_name="Generated Judge",
        signature="/s/ Generated Judge",
        issued_local=signed,
    )
    with scratch_dir(prefix="generated-judgment-") as folder:
        source, stamped = folder / "judgment.pdf", folder / "stamped.pdf"
        source.write_bytes(body)
        pages = stamp_pdf(
            source,
            stamped,
            court_name=SAMPLE_LABEL,
            filed_at_local=signed,
            case_number="GENERATED",
            docket_number=1,
            title="Judgment",
        )
        name = document_store(source=stamped)
        return SampleFile(name, file_sha256(stamped), pages)
