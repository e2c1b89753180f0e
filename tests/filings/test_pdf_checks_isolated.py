"""Every upload check runs in a checker process with hard limits (issue 9, second round, A;
decision 0008): a file that makes the PDF libraries crash or exhaust memory or time is refused
in the filer's words, never a crash of the web process and never a 500, and nothing is
stored; the web process's memory does not grow. Filers' uploads, clerks' scans and orders,
and the splitting tool alike."""

import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from efiling.accounts.models import Role
from efiling.accounts.tokens import api_token_create
from efiling.core import clock
from efiling.core.errors import ValidationFailed
from efiling.courts.services import court_policy
from efiling.docket import orders, signing
from efiling.docket.models import DocketEntry
from efiling.docket.paper import paper_filing_docket
from efiling.filings import documents
from efiling.filings.models import Document
from tests import factories
from tests.docket.conftest import committed, proposed_order_filed
from tests.documents import builders, checker_hooks
from tests.documents import hostile_builders as hostile
from tests.documents.test_isolated import resident_mb
from tests.filings.helpers import stored_files, upload

TOO_MUCH_WORK = "This PDF takes more work to open than the court"  # ...'s systems allow


@pytest.fixture
def crashing(monkeypatch):
    """The upload check crashes its process, as a PDFium bug would."""
    monkeypatch.setattr(documents, "check_upload", checker_hooks.crash)


def test_the_probes_fanout_file_is_refused_with_its_reason(
    signed_in, new_case_envelope, tmp_path, settings
):
    before = resident_mb()
    response = upload(signed_in, new_case_envelope, hostile.fanout_pdf(tmp_path / "f.pdf", 6))
    assert response.status_code == 400  # the page again, with the form's error
    assert b"draws the same parts over and over" in response.content
    assert b"Nothing was stored" in response.content
    assert Document.objects.count() == 0 and stored_files(settings) == []
    assert resident_mb() - before < 20


def test_a_check_that_crashes_is_a_refusal_in_the_filers_words(
    signed_in, new_case_envelope, tmp_path, settings, crashing, monkeypatch
):
    response = upload(signed_in, new_case_envelope, builders.text_pdf(tmp_path / "a.pdf"))
    assert response.status_code == 400
    assert TOO_MUCH_WORK.encode() in response.content
    assert b"Print it again to a new PDF" in response.content
    assert Document.objects.count() == 0 and stored_files(settings) == []
    monkeypatch.undo()  # the next upload gets a new checker
    response = upload(signed_in, new_case_envelope, builders.text_pdf(tmp_path / "b.pdf"))
    assert response.status_code == 302 and Document.objects.count() == 1


def test_through_the_api_it_is_a_422_with_the_error_shape(
    new_case_envelope, attorney, tmp_path, crashing
):
    _, token = api_token_create(user=attorney, name="Case manager", scope="file")
    filing = new_case_envelope.filings.get()
    response = Client().post(
        f"/api/v1/envelopes/{new_case_envelope.public_id}/filings/{filing.pk}/documents"
        "?kind=lead&file_name=a.pdf",
        builders.text_pdf(tmp_path / "a.pdf").read_bytes(),
        content_type="application/pdf",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and body["detail"].startswith(f"a.pdf: {TOO_MUCH_WORK}")


def test_a_clerks_scan_that_crashes_the_check_is_refused(court, tmp_path, settings, crashing):
    clerk = factories.court_staff(Role.CLERK, court)
    case = factories.case(court, number="26SL-CC00001")
    with pytest.raises(ValidationFailed, match=TOO_MUCH_WORK), committed():
        paper_filing_docket(
            clerk=clerk,
            case=case,
            pdf_path=builders.image_only_pdf(tmp_path / "scan.pdf"),
            original_name="scan.pdf",
            title="Answer",
            filer="Jordan Smith, self-represented",
            received_at=clock.now(),
        )
    assert not DocketEntry.objects.exists() and stored_files(settings) == []


def test_signing_a_filed_proposed_order_that_crashes_the_check_is_refused(
    court, tmp_path, settings, monkeypatch
):
    """The filed proposed order with the judge's signature page is checked again before it is
    stored: a crash there refuses the signing and leaves nothing behind."""
    clerk = factories.court_staff(Role.CLERK, court)
    judge = factories.court_staff(Role.JUDGE, court)
    attorney = factories.user(Role.ATTORNEY)
    case = factories.case(court, number="26SL-CC00001", counsel=[attorney])
    with committed():
        filed = paper_filing_docket(
            clerk=clerk,
            case=case,
            pdf_path=builders.text_pdf(tmp_path / "proposed.pdf"),
            original_name="proposed.pdf",
            title="Proposed order",
            filer="Jordan Smith, self-represented",
            received_at=clock.now(),
        )
    proposed = proposed_order_filed(
        document=filed.documents.get(), attorney=attorney, judge=judge, clerk=clerk
    )
    before = set(stored_files(settings))
    monkeypatch.setattr(documents, "check_upload", checker_hooks.crash)
    with pytest.raises(ValidationFailed, match=TOO_MUCH_WORK), committed():
        signing.proposed_order_sign(
            judge=judge, proposed=proposed, signature=orders.judge_signature(judge)
        )
    assert DocketEntry.objects.count() == 1 and set(stored_files(settings)) == before
    proposed.refresh_from_db()
    assert proposed.status == proposed.Status.AWAITING_SIGNATURE


def test_the_splitting_tool_refuses_what_crashes_the_check(signed_in, court, pdf, monkeypatch):
    from efiling.filings import splitting

    monkeypatch.setattr(splitting, "refusals", checker_hooks.crash)
    file = SimpleUploadedFile("big.pdf", pdf("big.pdf").read_bytes())
    response = signed_in.post("/filings/split/", {"court": court.code, "file": file})
    assert response.status_code in (400, 422)
    assert TOO_MUCH_WORK.encode() in response.content


# --- Expensive constructions, generated ---------------------------------------------------------

expensive = st.one_of(
    st.builds(
        lambda levels, fan, spelling: ("fanout", levels, fan, spelling),
        st.integers(1, 9),
        st.integers(2, 12),
        st.sampled_from([b"/X Do", b"(X) Do", b"/X %c\nDo"]),
    ),
    st.builds(
        lambda pages, boxes: ("boxes", pages, boxes), st.integers(1, 4), st.integers(0, 4_000)
    ),
    st.builds(lambda levels: ("pattern", levels), st.integers(1, 7)),
    st.builds(lambda count: ("packed", count), st.sampled_from([10, 5_000, 100_001])),
    st.just(("self",)),
    st.builds(lambda mb: ("bomb", mb), st.sampled_from([1, 80, 600])),
)


def build(spec, path: Path) -> Path:
    kind = spec[0]
    if kind == "fanout":
        return hostile.fanout_pdf(path, spec[1], spec[2], spelling=spec[3])
    if kind == "boxes":
        return hostile.boxes_over_text_pdf(path, pages=spec[1], boxes=spec[2])
    if kind == "pattern":
        return hostile.fanout_in_pattern_pdf(path, spec[1])
    if kind == "packed":
        return hostile.object_stream_pdf(path, spec[1])
    if kind == "self":
        return hostile.self_drawing_form_pdf(path)
    return builders.bomb_pdf(path, inflated_bytes=spec[1] * 1024 * 1024)


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(spec=expensive)
def test_expensive_files_are_checked_or_refused_and_the_web_process_stays_small(court, spec):
    policy = court_policy(court=court)
    before = resident_mb()
    with tempfile.TemporaryDirectory(prefix="efiling-expensive-") as folder:
        path = build(spec, Path(folder) / "upload.pdf")
        try:
            check = documents.document_check(
                path=path, name="upload.pdf", policy=policy, public=True, workdir=Path(folder)
            )
        except ValidationFailed as refusal:
            assert refusal.message.startswith("upload.pdf")
            assert "Nothing was stored" in refusal.message
        else:
            assert check.page_count >= 1
    assert resident_mb() - before < 20
