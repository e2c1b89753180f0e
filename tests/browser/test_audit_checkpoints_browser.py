import re

import pytest
from playwright.sync_api import expect

from efiling.audit.checkpoints import audit_checkpoint_publish
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_a_visitor_keeps_a_checkpoint_and_checks_it_without_javascript(
    page_without_javascript,
):
    checkpoint = audit_checkpoint_publish()
    page = page_without_javascript
    page.goto("/audit/checkpoints/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail checkpoints")
    table = page.get_by_role("table", name="Latest checkpoints, newest first")
    kept = table.get_by_role("row", name=re.compile(checkpoint.key_id)).locator("code").last
    kept = kept.inner_text()
    page.get_by_label("A checkpoint you kept").fill(kept)
    page.get_by_role("button", name="Check the checkpoint").click()
    expect(page.get_by_role("heading", level=2, name="The checkpoint checks")).to_be_visible()
    expect(
        page.get_by_text(f"the trail still contains it at link #{checkpoint.seq}")
    ).to_be_visible()


def test_the_checkpoints_page_is_accessible_with_its_errors(page):
    audit_checkpoint_publish()
    page.goto("/audit/checkpoints/")
    assert_accessible(page)
    page.get_by_label("A checkpoint you kept").fill("{not a checkpoint")
    page.get_by_role("button", name="Check the checkpoint").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("not a checkpoint")
    field = page.get_by_label("A checkpoint you kept")
    expect(field).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
