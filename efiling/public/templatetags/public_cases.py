"""{% public_case_link case %}: on a signed-in case page, a link to the case's public page when
the case is public (efiling.cases.public), nothing otherwise: the case's `shown_publicly` when
it was read with it (efiling.docket.access.case_get_for_user), else one query. The docket
app's case pages load it by name, so the docket app never imports the public app."""

from django import template

from efiling.cases.public import public_cases

register = template.Library()


@register.inclusion_tag("public/_case_link.html")
def public_case_link(case) -> dict:
    shown = getattr(case, "shown_publicly", None)
    if shown is None:
        shown = case.number is not None and public_cases().filter(pk=case.pk).exists()
    return {"case": case, "shown": shown}
