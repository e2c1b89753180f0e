from django import forms

from efiling.audit.checkpoints import DOCUMENT_MAX_CHARS
from efiling.core.forms import AccessibleForm


class CheckpointCheckForm(AccessibleForm):
    checkpoint = forms.CharField(
        label="A checkpoint you kept",
        max_length=DOCUMENT_MAX_CHARS,
        help_text='Paste the JSON exactly as you kept it, from { to } (it starts {"seq": ...).',
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off"}),
        error_messages={
            "required": "Paste a checkpoint to check.",
            "max_length": "That is far longer than a checkpoint.",
        },
    )
