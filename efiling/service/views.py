from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from efiling.accounts.access import requires
from efiling.accounts.permissions import Action
from efiling.core.paging import page_of
from efiling.service.services import notice_mark_read, notices_for

NOTICES_PER_PAGE = 50


@requires(Action.EDIT_OWN_PROFILE)
@require_GET
def notices(request):
    """The user's notices, newest first, NOTICES_PER_PAGE to a page."""
    page = page_of(request, notices_for(request.user), per_page=NOTICES_PER_PAGE)
    return render(request, "service/notices.html", {"page": page})


@requires(Action.EDIT_OWN_PROFILE)
@require_POST
def notice_read(request, notice_id: int):
    notice_mark_read(user=request.user, notice_id=notice_id)
    return redirect("notices")
