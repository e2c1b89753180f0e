"""Plain-text templates (the text parts and subjects of e-mails) are rendered without HTML
escaping: "O'Brien & Sons <b>" reads as typed, not "O&#x27;Brien &amp; Sons &lt;b&gt;" (found
by issue 15's trial in a help-desk e-mail). Every .txt template is held to it, so a new one
cannot forget it."""

from pathlib import Path

import pytest
from django.template.loader import render_to_string

import efiling

TEMPLATES = Path(efiling.__file__).parent / "templates"
TEXT_TEMPLATES = sorted(TEMPLATES.rglob("*.txt"))


def test_there_are_text_templates_to_check():
    assert len(TEXT_TEMPLATES) >= 8


@pytest.mark.parametrize("path", TEXT_TEMPLATES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_every_text_template_turns_html_escaping_off(path):
    text = path.read_text().strip()
    assert text.startswith("{% autoescape off %}"), path
    assert text.endswith("{% endautoescape %}"), path


def test_a_text_email_shows_what_was_typed():
    class Ticket:
        name = "O'Brien & Sons <b>"
        subject = 'Locked out "again" <b>bold</b>'

    text = render_to_string(
        "helpdesk/email/ticket_created.txt", {"ticket": Ticket, "link": "https://x/?a=1&b=2"}
    )
    assert "Hello O'Brien & Sons <b>," in text
    assert '"Locked out "again" <b>bold</b>"' in text
    assert "https://x/?a=1&b=2" in text
