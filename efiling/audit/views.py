"""The public page of the audit trail's signed checkpoints: the latest ones, the public keys,
how to check one yourself, and a form that checks a checkpoint you kept."""

from django.shortcuts import render

from efiling.audit.chain import chain_head
from efiling.audit.checkpoints import (
    PURPOSE,
    audit_checkpoint_check,
    audit_checkpoints_latest,
    checkpoint_text,
)
from efiling.audit.forms import CheckpointCheckForm
from efiling.core.errors import DomainError
from efiling.core.forms import add_domain_error
from efiling.core.pages import public, safe_only
from efiling.core.signing import signing_keys


@public
@safe_only
def checkpoints(request):
    """A GET form: it changes nothing, works without JavaScript, and a result can be kept."""
    submitted = "checkpoint" in request.GET
    form = CheckpointCheckForm(request.GET if submitted else None)
    result, status = None, 200
    if submitted:
        if form.is_valid():
            try:
                result = audit_checkpoint_check(document=form.cleaned_data["checkpoint"])
            except DomainError as exc:
                add_domain_error(form, exc)
        if form.errors:
            status = 400
    head_seq, _ = chain_head()
    context = {
        "form": form,
        "result": result,
        "head_seq": head_seq,
        "checkpoints": [
            (checkpoint, checkpoint_text(checkpoint)) for checkpoint in audit_checkpoints_latest()
        ],
        "keys": signing_keys(),
        "purpose": PURPOSE,
    }
    return render(request, "audit/checkpoints.html", context, status=status)
