from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from efiling.accounts.access import requires
from efiling.accounts.permissions import Action
from efiling.service.services import notice_mark_read, notices_for


@requires(Action.EDIT_OWN_PROFILE)
@require_GET
def notices(request):
    return render(request, "service/notices.html", {"notices": notices_for(request.user)[:200]})


@requires(Action.EDIT_OWN_PROFILE)
@require_POST
def notice_read(request, notice_id: int):
    notice_mark_read(user=request.user, notice_id=notice_id)
    return redirect("notices")
