from django.http import HttpResponsePermanentRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse

from efiling.core.errors import DomainError, NotFound
from efiling.core.pages import public, safe_only
from efiling.core.query import query_value
from efiling.courts.calendar import deadline_compute
from efiling.courts.forms import DeadlineForm
from efiling.courts.services import court_get, court_policy, courts_list


@public
@safe_only
def home(request):
    courts = list(courts_list())
    participating = [c for c in courts if c.efiling_participating]
    return render(
        request,
        "courts/home.html",
        {
            "participating": participating,
            "paper_only": [c for c in courts if not c.efiling_participating],
        },
    )


@public
@safe_only
def policy(request, code: str):
    try:
        court = court_get(code=code)
    except NotFound as exc:
        return render(
            request,
            "core/error.html",
            {"title": "Court not found", "message": exc.message},
            status=404,
        )
    return render(
        request,
        "courts/policy.html",
        {"court": court, "policy": court_policy(court=court), "case_types": court.case_types.all()},
    )


@public
@safe_only
def deadline(request):
    """A GET form, so that it works without JavaScript and a result can be bookmarked. It takes
    the API's parameter names (`from=`); a bookmark with the page's old `start=` is sent, with
    a permanent redirect, to the same question asked with `from=`."""
    if "start" in request.GET and "from" not in request.GET:
        query = QueryDict(mutable=True)
        for name, values in request.GET.lists():
            query.setlist("from" if name == "start" else name, values)
        return HttpResponsePermanentRedirect(f"{reverse('deadline')}?{query.urlencode()}")
    submitted = "from" in request.GET or "days" in request.GET
    form = DeadlineForm(
        request.GET if submitted else None, initial={"court": query_value(request, "court")}
    )
    result, status = None, 200
    if submitted:
        if form.is_valid():
            try:
                result = deadline_compute(
                    court=form.cleaned_data["court"],
                    start=form.cleaned_data["start"],
                    days=form.cleaned_data["days"],
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        if not form.is_valid() or form.errors:
            status = 400
    return render(request, "courts/deadline.html", {"form": form, "result": result}, status=status)
