from functools import partial

from efiling.availability.models import ServiceHours
from efiling.availability.services import help_desk_is_open, hours_summary


def help_desk(request):
    """Every page footer says whether the help desk answers now, and when it does; the courts'
    front page also gives the best hours to file (`best_use_hours`). Templates call these only
    when they show them (so the courts' pages, below this app, never import it)."""
    return {
        "help_desk_open": help_desk_is_open,
        "help_desk_hours": partial(hours_summary, ServiceHours.Kind.HELP_DESK),
        "best_use_hours": partial(hours_summary, ServiceHours.Kind.BEST_USE),
    }
