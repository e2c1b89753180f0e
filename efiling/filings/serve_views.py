"""The page that starts serving documents without filing them (decision 0014): from a case
page's "Serve documents (not filed)" action. The rest of the way is the filing wizard's
(documents, then review and serve), which a serve-only envelope walks without parties or fees."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from efiling.accounts.access import requires
from efiling.accounts.permissions import Action, filers_acted_for
from efiling.core.errors import DomainError, ValidationFailed
from efiling.core.forms import add_domain_error
from efiling.core.query import query_value
from efiling.filings import services
from efiling.filings.forms import ServeStartForm, signer_chosen


@requires(Action.FILE_IN_CASE)
@require_http_methods(["GET", "HEAD", "POST"])
def serve_start(request):
    """GET ?court=SL&case=26SL-CC00001 (the case page's link): the form, filled in; POST: a
    serve-only draft of that case, then its documents step. A case the signer does not take
    part in is answered as one that does not exist (404)."""
    signers = filers_acted_for(request.user)
    initial = {
        "court": query_value(request, "court"),
        "case_number": query_value(request, "case", ""),
    }
    form = ServeStartForm(request.POST or None, signers=signers, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            signer = signer_chosen(signers, data.get("signer"))
            try:
                if signer is None:
                    raise ValidationFailed("No attorney has authorized you to serve for them.")
                envelope = services.draft_create(
                    user=request.user,
                    court=data["court"],
                    signer=signer,
                    case_number=data["case_number"],
                    serve_only=True,
                    request=request,
                )
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
            else:
                return redirect("filing-documents", envelope.public_id)
        else:
            status = 400
    return render(request, "filings/serve_start.html", {"form": form}, status=status)
