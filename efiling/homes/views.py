"""The home page of every signed-in user (LOGIN_REDIRECT_URL)."""

from django.shortcuts import render

from efiling.accounts.access import requires
from efiling.accounts.permissions import Action
from efiling.core.pages import safe_only
from efiling.homes.selectors import home_for


@requires(Action.VIEW_OWN_HOME)
@safe_only
def my_home(request):
    template, context = home_for(user=request.user, request=request)
    return render(request, template, context)
