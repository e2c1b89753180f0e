"""The court's one-button forms (review decisions, minute entries, sealing, corrections,
counsel rows): every value the court's pages post goes through an AccessibleForm, so text is
cleaned in the one place and ids are plain numbers, never a server error."""

from django import forms

from efiling.cases.models import SecurityLevel
from efiling.core.forms import AccessibleForm
from efiling.core.words import REASON_MAX
from efiling.docket.services import ENTRY_TEXT_MAX


def _id(label: str, *, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=1, required=required)


def _text(label: str, *, max_length: int, multiline: bool = False) -> forms.CharField:
    """Optional here: the service says what is missing, in its own words."""
    widget = forms.Textarea if multiline else forms.TextInput
    return forms.CharField(label=label, max_length=max_length, required=False, widget=widget)


class ReviewDecisionForm(AccessibleForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[
            ("accept", "Accept"),
            ("reject", "Reject"),
            ("return", "Return"),
            ("grant_waiver", "Grant the fee waiver"),
            ("deny_waiver", "Deny the fee waiver"),
        ],
        error_messages={
            "required": "Choose accept, reject or return.",
            "invalid_choice": "Choose accept, reject or return.",
        },
    )
    reason = _id("Rejection reason", required=False)
    details = _text("Details", max_length=ENTRY_TEXT_MAX, multiline=True)


class MinuteEntryForm(AccessibleForm):
    text = _text("Entry text", max_length=ENTRY_TEXT_MAX, multiline=True)


class HearingHeldForm(AccessibleForm):
    hearing = _id("Hearing")
    note = _text("Note for the docket", max_length=REASON_MAX)


class SecurityLevelForm(AccessibleForm):
    entry = _id("Docket entry", required=False)
    level = forms.ChoiceField(label="Security level", choices=SecurityLevel.choices)
    reason = _text("Reason", max_length=REASON_MAX)


class CorrectionForm(AccessibleForm):
    text = _text("Corrected text", max_length=ENTRY_TEXT_MAX, multiline=True)
    reason = _text("Reason for the correction", max_length=REASON_MAX)


class CounselRowForm(AccessibleForm):
    """A revoke or withdraw button: the row it names, and the reason for a withdrawal."""

    admission = _id("Admission", required=False)
    counsel = _id("Attorney of record", required=False)
    reason = _text("Reason", max_length=REASON_MAX)
