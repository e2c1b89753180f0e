"""The court's one-button forms (review decisions, minute entries, sealing, corrections,
counsel rows): every value the court's pages post goes through an AccessibleForm, so text is
cleaned in the one place and ids are plain numbers, never a server error."""

from django import forms

from efiling.accounts.models import User
from efiling.cases.models import SecurityLevel
from efiling.core.columns import column_max_length
from efiling.core.forms import AccessibleForm
from efiling.core.words import REASON_MAX
from efiling.docket.services import ENTRY_TEXT_MAX, PENDING, REVIEW_DETAILS_MAX


def _id(label: str, *, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=1, required=required)


def _text(label: str, *, max_length: int, multiline: bool = False) -> forms.CharField:
    """Optional here: the service says what is missing, in its own words."""
    widget = forms.Textarea if multiline else forms.TextInput
    return forms.CharField(label=label, max_length=max_length, required=False, widget=widget)


class JudgeAssignForm(AccessibleForm):
    judge = _id("Judge", required=False)


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
    details = _text("Details for the filer", max_length=REVIEW_DETAILS_MAX, multiline=True)


class ReviewQueueFilterForm(AccessibleForm):
    """The review queue's filters (GET): the court's case types, filing codes and the queue's
    statuses as lists, the filer's name or e-mail as text; an empty value does not filter."""

    case_type = forms.ChoiceField(label="Case type", required=False)
    filing_code = forms.ChoiceField(label="Filing code", required=False)
    status = forms.ChoiceField(label="Status", required=False)
    filer = forms.CharField(
        label="Filer",
        required=False,
        max_length=column_max_length(User, "email"),
        help_text="Last name or e-mail address.",
    )

    def __init__(self, *args, court, **kwargs):
        super().__init__(*args, **kwargs)
        codes = (  # serve-only documents never reach the clerk (decision 0014)
            court.filing_codes.filter(serve_only=False)
            .order_by("name", "code")
            .values_list("code", "name")
        )
        self.fields["case_type"].choices = [("", "All case types")] + [
            (t.code, t.name) for t in court.case_types.order_by("name")
        ]
        self.fields["filing_code"].choices = [("", "All filing codes")] + [
            (code, f"{name} ({code})") for code, name in dict(codes).items()
        ]
        self.fields["status"].choices = [("", "Waiting (any)")] + [
            (s.value, s.label) for s in PENDING
        ]
        for name in ("case_type", "filing_code", "status"):
            self.fields[name].error_messages["invalid_choice"] = "Choose one from the list."
        self.style_fields()
        for field in self.fields.values():
            field.label_note = ""  # a filter is never "optional": empty means all


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
