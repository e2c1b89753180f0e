"""{% track_case_button case %}: the "Track this case" / "Stop tracking" button of a case page
(a plain form: it works without JavaScript). The case pages of the docket app load it by name,
so the docket app never imports the service app. The public case page's button
(`{% track_case_button case public=True %}`) names the case by its number, never by its row id
(row ids would count the cases the public does not see), and is shown to every account that
may track a public case (Action.TRACK_PUBLIC_CASES: self-represented litigants too, while their
e-filing is not open); the signed-in case pages' button, to those who may see cases
(Action.VIEW_CASES)."""

from django import template
from django.urls import reverse

from efiling.accounts.permissions import Action, can
from efiling.service.tracking import case_tracked

register = template.Library()


@register.inclusion_tag("service/_track_button.html", takes_context=True)
def track_case_button(context, case, public: bool = False) -> dict:
    user = context["request"].user
    if public:
        action, allowed = (
            reverse("public-case-tracking", args=[case.number]),
            Action.TRACK_PUBLIC_CASES,
        )
    else:
        action, allowed = reverse("case-tracking", args=[case.pk]), Action.VIEW_CASES
    return {
        "action": action,
        "case": case,
        "shown": can(user, allowed),
        "tracked": case_tracked(user=user, case=case),
        "csrf_token": context.get("csrf_token"),
    }
