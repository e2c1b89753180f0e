"""The public search page, /public/search/ (Case.net): anyone, signed in or not. One GET form
per kind of search, so every search has a URL to bookmark or share and works without
JavaScript. The searching is efiling.docket.public_search's."""

from functools import partial

from django.shortcuts import render

from efiling.accounts.access import public
from efiling.core.db_router import reads_from_replica
from efiling.core.errors import ValidationFailed
from efiling.core.pages import safe_only
from efiling.core.paging import page_read
from efiling.core.query import query_value
from efiling.docket.public_search import (
    KINDS,
    PER_PAGE,
    TooManyMatches,
    search_page,
)
from efiling.public.search_forms import SEARCH_FORMS

DEFAULT_KIND = "name"


@public
@safe_only
@reads_from_replica
def public_search(request):
    """The search form of `kind` (default: litigant name) and, once asked, its results: 25 a
    page (one SQL statement: docket.public_search.search_page), or the request to narrow a
    search of more than 1,000 matches. 400 with the form's errors for a search that cannot be
    run (a last name of one letter, an unknown kind)."""
    kind = query_value(request, "kind") or DEFAULT_KIND
    form_class = SEARCH_FORMS.get(kind, SEARCH_FORMS[DEFAULT_KIND])
    submitted = any(name in request.GET for name in form_class.base_fields if name != "sort")
    form = form_class(request.GET if submitted else None)
    context = {
        "kinds": KINDS,
        "kind": form_class.kind,
        "kind_label": KINDS[form_class.kind],
        "form": form,
        "page": None,
        "too_many": "",
    }
    status = 200
    if kind not in SEARCH_FORMS:
        context["kind_error"] = "Choose a kind of search from the list."
        status = 400
    elif submitted and form.is_valid():
        try:
            page = page_read(request, partial(search_page, form.search()), per_page=PER_PAGE)
            context["page"], context["count"] = page, page.paginator.count
            context["searched"] = True
        except TooManyMatches as exc:
            context["too_many"] = exc.message
        except ValidationFailed as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    if form.is_bound and form.errors:
        status = 400
    return render(request, "public/search.html", context, status=status)
