"""{% if user|may:"manage_docket" %}: whether the user may take an action of the permission
matrix (efiling.accounts.permissions.Action, by its value), in any of their courts. Pages offer
only what a click would be allowed to do; the view still decides."""

from django import template

from efiling.accounts.permissions import Action, can

register = template.Library()


@register.filter
def may(user, action: str) -> bool:
    return can(user, Action(action))
