"""{% service_of_process case %}: a case page's "Service of process" section: per party asked to
be served, where service stands (requested, summons issued, served and when with the answer due
date, not found, answered) with a link to its latest summons (efiling.service.summons
.service_states). The docket's case pages load it by name, so the docket never imports the
service app; the pages themselves decide who sees the case. `parties` (optional): the case's
parties as the page read them (efiling.docket.access.case_overview, with `asked_to_serve`), so
they are not read again."""

from django import template

from efiling.service.summons_returns import service_states

register = template.Library()


@register.inclusion_tag("service/_service_of_process.html")
def service_of_process(case, parties=None) -> dict:
    return {"states": service_states(case, parties=parties)}
