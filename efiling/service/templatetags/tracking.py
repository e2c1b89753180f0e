"""{% track_case_button case %}: the "Track this case" / "Stop tracking" button of a case page
(a plain form: it works without JavaScript). The case pages of the docket app load it by name,
so the docket app never imports the service app. The public case page's button
(`{% track_case_button case public=True %}`) names the case by its number, never by its row id
(row ids would count the cases the public does not see)."""

from django import template
from django.urls import reverse

from efiling.accounts.permissions import Action, can
from efiling.service.tracking import case_tracked

register = template.Library()


@register.inclusion_tag("service/_track_button.html", takes_context=True)
def track_case_button(context, case, public: bool = False) -> dict:
    user = context["request"].user
    if public:
        action = reverse("public-case-tracking", args=[case.number])
    else:
        action = reverse("case-tracking", args=[case.pk])
    return {
        "action": action,
        "case": case,
        "shown": can(user, Action.VIEW_CASES),
        "tracked": case_tracked(user=user, case=case),
        "csrf_token": context.get("csrf_token"),
    }
