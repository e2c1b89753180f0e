"""{% public_case_link case %}: on a signed-in case page, a link to the case's public page when
the case is public (efiling.cases.public), nothing otherwise. The docket app's case pages load
it by name, so the docket app never imports the public app."""

from django import template

from efiling.cases.public import public_cases

register = template.Library()


@register.inclusion_tag("public/_case_link.html")
def public_case_link(case) -> dict:
    shown = case.number is not None and public_cases().filter(pk=case.pk).exists()
    return {"case": case, "shown": shown}
