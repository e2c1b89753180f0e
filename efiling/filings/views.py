"""The filing wizard: court and case, parties, documents, fees, review and sign (the receipt and
what follows submission: receipt_views)."""

import uuid

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from efiling.accounts.access import requires
from efiling.accounts.models import Role
from efiling.accounts.permissions import Action
from efiling.core.db_router import reads_from_replica
from efiling.core.errors import DomainError, Unavailable, ValidationFailed
from efiling.core.forms import add_domain_error
from efiling.core.pages import safe_only
from efiling.core.paging import page_of
from efiling.core.query import posted_value, query_value
from efiling.core.text import parse_int
from efiling.core.words import counted
from efiling.courts.fees import filing_codes_for
from efiling.courts.selectors import counties
from efiling.filings import services
from efiling.filings.appearance import NOT_LISTED, appearable_parties
from efiling.filings.attempts import failed_attempt_record, submission_attempted
from efiling.filings.documents import (
    document_add,
    document_kinds,
    document_remove,
    envelope_document,
    redaction_confirm,
    refusal_message,
)
from efiling.filings.forms import (
    CourtStepForm,
    FilingForm,
    PartyForm,
    ServiceRequestForm,
    SignForm,
    SplitForm,
    StartForm,
    UploadForm,
    signer_chosen,
)
from efiling.filings.parties import party_add, party_remove
from efiling.filings.service_list import NOT_SERVED_NOTE, envelope_served, service_plan
from efiling.filings.service_requests import service_request_remove, service_request_set
from efiling.filings.serving import envelope_serve
from efiling.filings.storage import document_pdf_response
from efiling.filings.uploads import discarding_uploads, install_upload_handler, upload_limits
from efiling.payments.services import balance, payment_account_for

FILINGS_PER_PAGE = 50
REVIEW_PAGE = "Submit (review page)"  # a filing attempt's operation, from the wizard
# What the add-a-filing form says of a choice not in its list, by field.
FILING_FORM_ERRORS = {
    "code": "Choose a document type from the list.",
    "responds_to": "Choose the docket entry from the list.",
    "appearing_for": NOT_LISTED,
}


def envelope_for_request(request, public_id):
    """The signed-in user's envelope `public_id` (NotFound otherwise), audited as
    services.envelope_get_for_user."""
    return services.envelope_get_for_user(user=request.user, public_id=public_id, request=request)


def _steps(envelope, current):
    steps = [
        ("start", "Court and case"),
        ("parties", "Parties"),
        ("documents", "Documents"),
        ("service", "Service of process"),
        ("fees", "Fees"),
        ("review", "Review and sign"),
    ]
    skipped = {"parties", "service", "fees"} if envelope.serve_only else {"parties", "service"}
    if not envelope.is_new_case:
        steps = [s for s in steps if s[0] not in skipped]
    at = [k for k, _ in steps].index(current)
    return [
        {"key": k, "label": label, "current": n == at, "complete": n < at}
        for n, (k, label) in enumerate(steps)
    ]


def _page(request, template, envelope, step, context=None, status=200):
    base = {
        "envelope": envelope,
        "steps": _steps(envelope, step),
        "editable": envelope.status in services.EDITABLE,
    }
    return render(request, template, {**base, **(context or {})}, status=status)


@requires(Action.VIEW_OWN_FILINGS)
@safe_only
@reads_from_replica
def my_filings(request):
    """The user's envelopes, newest first, FILINGS_PER_PAGE to a page (the page's reads of
    envelopes into confidential or sealed cases audited)."""
    envelopes = services.envelopes_visible_to(request.user).order_by("-created_at", "-pk")
    page = page_of(request, envelopes, per_page=FILINGS_PER_PAGE)
    services.envelopes_listed_audit(user=request.user, envelopes=page.object_list, request=request)
    context = {"page": page, "attorney_column": request.user.role == Role.STAFF}
    return render(request, "filings/my_filings.html", context)


@requires(Action.FILE_IN_CASE)
@require_http_methods(["GET", "HEAD", "POST"])
def start(request):
    signers = services._signers_for(request.user)
    case_number = query_value(request, "case", "")  # "File into this case" on a case page
    if request.method != "POST":  # GET or HEAD
        step = CourtStepForm(request.GET if "court" in request.GET else None)
        if not step.is_valid():  # first the court: then only the case types it takes
            status = 400 if step.is_bound else 200
            return render(request, "filings/start_court.html", {"form": step}, status=status)
    form = StartForm(
        request.POST or None,
        signers=signers,
        initial={
            "court": query_value(request, "court"),
            "kind": StartForm.EXISTING if case_number else StartForm.NEW,
            "case_number": case_number,
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            signer = signer_chosen(signers, data.get("signer"))
            try:
                if signer is None:
                    raise ValidationFailed(
                        "No attorney has authorized you to file on their behalf."
                    )
                existing = data["kind"] == StartForm.EXISTING
                if existing and not (data["case_number"] or "").strip():
                    raise ValidationFailed(
                        "Give the number of the case, for example 26SL-CC00001.",
                        field="case_number",
                    )
                envelope = services.draft_create(
                    user=request.user,
                    court=data["court"],
                    signer=signer,
                    case_number=data["case_number"] if existing else "",
                    case_type=data["case_type"],
                    caption=data["caption"],
                    request=request,
                )
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
            else:
                return redirect(
                    "filing-parties" if envelope.is_new_case else "filing-documents",
                    envelope.public_id,
                )
        else:
            status = 400
    return render(request, "filings/start.html", {"form": form}, status=status)


@requires(Action.VIEW_OWN_FILINGS)
@require_http_methods(["GET", "HEAD", "POST"])
def parties(request, public_id):
    envelope = envelope_for_request(request, public_id)
    if not envelope.is_new_case:  # an existing case's parties are on its docket: no such step
        return redirect("filing-documents", envelope.public_id)
    form = PartyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                party_remove(
                    envelope=envelope,
                    user=request.user,
                    party_id=parse_int(
                        posted_value(request, "remove"), field="remove", label="party"
                    ),
                    request=request,
                )
                return redirect("filing-parties", envelope.public_id)
            if form.is_valid():
                data = form.cleaned_data
                party_add(
                    envelope=envelope,
                    user=request.user,
                    values=data,
                    represented=data["represented"],
                    request=request,
                )
                messages.success(request, "The party is added.")
                return redirect("filing-parties", envelope.public_id)
            status = 400
        except DomainError as exc:
            add_domain_error(form, exc)
            status = exc.status
    party_list = envelope.parties.prefetch_related("represented_by")
    return _page(
        request,
        "filings/parties.html",
        envelope,
        "parties",
        {"form": form, "parties": party_list},
        status,
    )


@requires(Action.VIEW_OWN_FILINGS)
@require_http_methods(["GET", "HEAD", "POST"])
def service_of_process(request, public_id):
    """A new case's service of process: for each party to be served, how (issue 14)."""
    envelope = envelope_for_request(request, public_id)
    if not envelope.is_new_case:  # service of process comes with a new case only
        return redirect("filing-fees", envelope.public_id)
    to_serve = [
        party
        for party in envelope.parties.prefetch_related("represented_by")
        if envelope.signer not in party.represented_by.all()
    ]
    form = ServiceRequestForm(request.POST or None, parties=to_serve, counties=counties())
    status = 200
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                service_request_remove(
                    envelope=envelope,
                    user=request.user,
                    party_id=parse_int(
                        posted_value(request, "remove"), field="remove", label="party"
                    ),
                    request=request,
                )
                return redirect("filing-service", envelope.public_id)
            if form.is_valid():
                service_request_set(
                    envelope=envelope,
                    user=request.user,
                    party_id=form.cleaned_data["party"],
                    values=form.cleaned_data,
                    request=request,
                )
                messages.success(request, "Service of process is asked for.")
                return redirect("filing-service", envelope.public_id)
            status = 400
        except DomainError as exc:
            add_domain_error(form, exc)
            status = exc.status
    asked = envelope.service_requests.select_related("party").order_by("pk")
    return _page(
        request,
        "filings/service.html",
        envelope,
        "service",
        {"form": form, "asked": asked, "to_serve": to_serve},
        status,
    )


def _filing_form(envelope, data=None) -> FilingForm:
    """The add-a-filing form: the court's codes for this case type, and for an existing case
    its docket entries a filing can respond to and its parties an entry of appearance names.
    A serve-only envelope offers only serve-only codes, and no other envelope offers them."""
    codes = filing_codes_for(
        court=envelope.court,
        case_type=services.envelope_case_type(envelope),
        initiating=None if envelope.is_new_case else False,
    )
    return FilingForm(
        data,
        codes=[code for code in codes if code.serve_only == envelope.serve_only],
        entries=[] if envelope.serve_only else services.respondable_entries(envelope),
        parties=[] if envelope.serve_only else appearable_parties(envelope),
        signer=envelope.signer,
        serve_only=envelope.serve_only,
    )


def _documents_context(request, envelope, *, filing_form=None, upload_errors=None):
    max_file, room = upload_limits(envelope)
    return {
        "filing_form": filing_form or _filing_form(envelope),
        "upload_form": UploadForm(),
        "document_kinds": document_kinds(envelope),
        "filings": envelope.filings.select_related("filing_code", "responds_to").prefetch_related(
            "documents", "appearing_for"
        ),
        "max_file": max_file,
        "room": room,
        "upload_errors": upload_errors or [],
    }


@requires(Action.VIEW_OWN_FILINGS)
@require_http_methods(["GET", "HEAD", "POST"])
def documents(request, public_id):
    envelope = envelope_for_request(request, public_id)
    status = 200
    filing_form = None
    if request.method == "POST":
        try:
            if "remove_filing" in request.POST:
                services.filing_remove(
                    envelope=envelope,
                    user=request.user,
                    filing_id=parse_int(
                        posted_value(request, "remove_filing"),
                        field="remove_filing",
                        label="filing",
                    ),
                    request=request,
                )
            elif "remove_document" in request.POST:
                document_id = parse_int(
                    posted_value(request, "remove_document"),
                    field="remove_document",
                    label="document",
                )
                if posted_value(request, "confirmed") != "yes":  # first ask, on a page of its own
                    document = envelope_document(envelope=envelope, document_id=document_id)
                    return render(
                        request,
                        "filings/document_remove.html",
                        {"envelope": envelope, "document": document},
                    )
                document_remove(
                    envelope=envelope, user=request.user, document_id=document_id, request=request
                )
                messages.success(request, "The document is removed.")
            elif "confirm_redaction" in request.POST:
                redaction_confirm(
                    envelope=envelope,
                    user=request.user,
                    document_id=parse_int(
                        posted_value(request, "confirm_redaction"),
                        field="confirm_redaction",
                        label="document",
                    ),
                    request=request,
                )
            else:
                filing_form = _filing_form(envelope, request.POST)
                if not filing_form.is_valid():
                    field = next(iter(filing_form.errors))
                    message = FILING_FORM_ERRORS.get(field) or filing_form.errors[field][0]
                    raise ValidationFailed(message, field=field)
                services.filing_add(
                    envelope=envelope,
                    user=request.user,
                    code=filing_form.cleaned_data["code"],
                    description=filing_form.cleaned_data["description"],
                    responds_to=filing_form.cleaned_data.get("responds_to"),
                    appearing_for=filing_form.cleaned_data.get("appearing_for"),
                    request=request,
                )
            return redirect("filing-documents", envelope.public_id)
        except DomainError as error:
            messages.error(request, error.message)
            status = error.status
            if filing_form is not None:
                add_domain_error(filing_form, error)
    return _page(
        request,
        "filings/documents.html",
        envelope,
        "documents",
        _documents_context(request, envelope, filing_form=filing_form),
        status,
    )


@discarding_uploads
@csrf_exempt
@requires(Action.VIEW_OWN_FILINGS)
@require_POST
def upload(request, public_id, filing_id):
    """Multipart upload of one or more files into a filing, checked against the court's limits
    while they stream in (the handler must be in place before anything reads the body)."""
    envelope = envelope_for_request(request, public_id)
    max_file, room = upload_limits(envelope)
    outcome = install_upload_handler(request, max_file_bytes=max_file, max_total_bytes=room)
    return _upload_checked(request, envelope, filing_id, outcome)


@csrf_protect
def _upload_checked(request, envelope, filing_id, outcome):
    form = UploadForm(request.POST)  # reading the body runs the upload handler
    errors, added = [refusal_message(r) for r in outcome.refused], []
    try:
        filing = envelope.filings.filter(pk=filing_id).first()
        if filing is None:
            raise ValidationFailed("There is no such filing in this envelope.")
        if not form.is_valid():
            raise ValidationFailed(
                "Choose what the file is: lead document, attachment or confidential sheet."
            )
        if not outcome.received and not outcome.refused:
            raise ValidationFailed("Choose a PDF file to upload.")
        for received in list(outcome.received):
            try:
                document = document_add(
                    envelope=envelope,
                    user=request.user,
                    filing=filing,
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"] if len(outcome.received) == 1 else "",
                    received=received,
                    request=request,
                )
                added.append(document)
            except DomainError as exc:
                errors.append(
                    exc.message
                    if exc.message.startswith(received.original_name)
                    else f"{received.original_name}: {exc.message}"
                )
    except DomainError as exc:
        errors.append(exc.message)
    for document in added:
        messages.success(
            request, f"{document.original_name}: uploaded ({counted(document.page_count, 'page')})."
        )
    if errors:
        context = _documents_context(request, envelope, upload_errors=errors)
        return _page(
            request,
            "filings/documents.html",
            envelope,
            "documents",
            context,
            status=413 if outcome.refused and not added else 400,
        )
    return redirect("filing-documents", envelope.public_id)


@requires(Action.VIEW_OWN_FILINGS)
@require_http_methods(["GET", "HEAD", "POST"])
def fees(request, public_id):
    envelope = envelope_for_request(request, public_id)
    status = 200
    if request.method == "POST":
        try:
            services.fee_waiver_set(
                envelope=envelope,
                user=request.user,
                requested=posted_value(request, "waiver") == "on",
                request=request,
            )
            return redirect("filing-fees", envelope.public_id)
        except DomainError as exc:
            messages.error(request, exc.message)
            status = exc.status
    calculation = services.envelope_fees(envelope)
    return _page(request, "filings/fees.html", envelope, "fees", {"fees": calculation}, status)


@requires(Action.VIEW_OWN_FILINGS)
@require_http_methods(["GET", "HEAD", "POST"])
@submission_attempted(REVIEW_PAGE)
def review(request, public_id):
    """Review, sign and submit. A submission refused (or stopped by planned maintenance:
    503 with Retry-After) is recorded as a filing attempt and its reference shown above the
    form; a server error or a database outage is recorded by `submission_attempted` and its
    reference shown on the error page (efiling.filings.attempts)."""
    envelope = envelope_for_request(request, public_id)
    form = SignForm(request.POST or None, initial={"idempotency_key": uuid.uuid4().hex})
    status = 200
    attempt_reference = retry_after = None
    if request.method == "POST":
        if form.is_valid():
            try:
                (envelope_serve if envelope.serve_only else services.envelope_submit)(
                    envelope=envelope,
                    user=request.user,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                    signature=form.cleaned_data["signature"],
                    request=request,
                )
            except (DomainError, Unavailable) as exc:  # maintenance too: shown with its record
                add_domain_error(form, exc)
                status = exc.status
                failed_attempt_record(
                    user=request.user, operation=REVIEW_PAGE, envelope_id=public_id, exc=exc
                )
                attempt_reference = getattr(exc, "attempt_reference", None)
                retry_after = getattr(exc, "retry_after", None)
            else:
                return redirect("filing-receipt", envelope.public_id)
        else:
            status = 400
    context = {
        "form": form,
        "problems": services.envelope_problems(envelope),
        "fees": services.envelope_fees(envelope),
        "available_cents": balance(payment_account_for(envelope.signer)).available,
        "expected_signature": services._expected_signature(envelope.signer),
        "service": service_plan(envelope),
        "served": envelope_served(envelope),
        "not_served_note": NOT_SERVED_NOTE,
        "attempt_reference": attempt_reference,
    }
    response = _page(request, "filings/review.html", envelope, "review", context, status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


@requires(Action.VIEW_OWN_FILINGS)
@safe_only
def document_download(request, public_id, document_id):
    """A filer reads back what they uploaded (as stored, after any cleaning)."""
    from efiling.filings.models import Document

    envelope = envelope_for_request(request, public_id)
    document = Document.objects.filter(pk=document_id, filing__envelope=envelope).first()
    if document is None:
        return render(
            request,
            "core/error.html",
            {"title": "Not found", "message": "There is no such document."},
            status=404,
        )
    return document_pdf_response(document, stamped=False)


@discarding_uploads
@csrf_exempt
@requires(Action.VIEW_OWN_FILINGS)
@require_http_methods(["GET", "HEAD", "POST"])
def split(request):
    """The splitting tool: a PDF over the attachment limit comes back as parts that fit."""
    from django.conf import settings

    if request.method != "POST":  # GET or HEAD
        form = SplitForm(initial={"court": query_value(request, "court")})
        return render(
            request,
            "filings/split.html",
            {"form": form, "max_upload": settings.EFILING_SPLIT_MAX_BYTES},
        )
    limit = settings.EFILING_SPLIT_MAX_BYTES
    outcome = install_upload_handler(request, max_file_bytes=limit, max_total_bytes=limit)
    return _split_checked(request, outcome)


@csrf_protect
def _split_checked(request, outcome):
    from django.conf import settings

    from efiling.filings.splitting import split_for_download

    form = SplitForm(request.POST)
    status = 400
    try:
        if outcome.refused:
            raise ValidationFailed(refusal_message(outcome.refused[0]), field=None)
        if not form.is_valid():
            raise ValidationFailed("Choose a court.", field="court")
        if not outcome.received:
            raise ValidationFailed("Choose a PDF file to split.")
        received = outcome.received[0]
        archive, name = split_for_download(received=received, court=form.cleaned_data["court"])
        response = FileResponse(
            archive, as_attachment=True, filename=name, content_type="application/zip"
        )
        return response
    except DomainError as exc:
        add_domain_error(form, exc)
        status = 413 if outcome.refused else exc.status
    return render(
        request,
        "filings/split.html",
        {"form": form, "max_upload": settings.EFILING_SPLIT_MAX_BYTES},
        status=status,
    )
