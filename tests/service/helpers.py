"""Filing a motion into the service tests' case."""

from efiling.filings import services
from efiling.filings.documents import document_add
from tests.filings.helpers import received_file


def motion(case, attorney, pdf, code="MOT"):
    envelope = services.draft_create(user=attorney, court=case.court, case_number=case.number)
    filing = services.filing_add(envelope=envelope, user=attorney, code=code)
    document_add(
        envelope=envelope,
        user=attorney,
        filing=filing,
        kind="lead",
        title="Motion to compel",
        received=received_file(pdf("motion.pdf")),
    )
    return envelope


def submit(envelope, attorney, key="k1"):
    return services.envelope_submit(
        envelope=envelope, user=attorney, idempotency_key=key, signature="/s/ Avery Lawson"
    )
