"""A docket entry's own page: where it came from, what responds to it, its corrections."""

import pytest

from efiling.audit.models import AuditEvent
from efiling.core.errors import ValidationFailed
from efiling.docket import services as docket
from efiling.docket.models import DocketCorrection
from tests.factories import client_for


def test_a_clerk_corrects_the_text_and_the_old_text_is_kept(accepted, clerk):
    client = client_for(clerk)
    url = f"/court/cases/{accepted.case_id}/docket/1/"
    page = client.get(url)
    assert page.status_code == 200
    assert b"confirmation E" in page.content and b"Correct the docket text" in page.content
    response = client.post(
        url, {"text": "Petition filed by Avery Lawson for Pat Lawson.", "reason": "Wording."}
    )
    assert response.status_code == 302
    correction = DocketCorrection.objects.get(entry=accepted)
    assert correction.old_text == "Petition filed by Avery Lawson on behalf of Pat Lawson."
    assert correction.reason == "Wording." and correction.corrected_by == clerk
    page = client.get(url).content.decode()
    assert "is corrected" in page and "Wording." in page
    case_page = client.get(f"/court/cases/{accepted.case_id}/").content.decode()
    assert "(corrected)" in case_page
    assert AuditEvent.objects.filter(action="docket_entry.corrected").exists()


def test_bad_corrections_are_explained_and_change_nothing(accepted, clerk):
    client = client_for(clerk)
    url = f"/court/cases/{accepted.case_id}/docket/1/"
    for data, message in [
        ({"text": "New text", "reason": ""}, "reason for the correction"),
        ({"text": accepted.text, "reason": "None"}, "is the same as"),
        ({"text": "x" * 4001, "reason": "Long"}, "at most 4,000 characters"),
        ({"text": "New text", "reason": "r" * 301}, "at most 300 characters"),
    ]:
        page = client.post(url, data, follow=True).content.decode()
        assert message in page
    assert not DocketCorrection.objects.exists()


def test_a_judge_reads_the_entry_but_cannot_correct_it(accepted, judge):
    client = client_for(judge)
    url = f"/court/cases/{accepted.case_id}/docket/1/"
    page = client.get(url)
    assert page.status_code == 200 and b"Correct the docket text" not in page.content
    client.post(url, {"text": "Changed", "reason": "Mine"})
    assert not DocketCorrection.objects.exists()


def test_missing_entries_and_strangers(accepted, attorney, clerk):
    assert client_for(clerk).get(f"/court/cases/{accepted.case_id}/docket/99/").status_code == 404
    assert client_for(attorney).get(f"/court/cases/{accepted.case_id}/docket/1/").status_code == 403


def test_limits_of_minute_entries_and_sealing_reasons(accepted, clerk):
    with pytest.raises(ValidationFailed, match="at most 4,000"):
        docket.minute_entry_add(clerk=clerk, case=accepted.case, text="x" * 4001)
    with pytest.raises(ValidationFailed, match="at most 300"):
        docket.security_level_set(clerk=clerk, case=accepted.case, level="sealed", reason="r" * 301)
