from functools import partial

from efiling.availability.maintenance import windows_announced
from efiling.availability.models import ServiceHours
from efiling.availability.services import help_desk_is_open, hours_summary


def help_desk(request):
    """Every page footer says whether the help desk answers now, and when it does; the courts'
    front page also gives the best hours to file (`best_use_hours`); every page's banner lists
    the maintenance windows posted and not ended (`maintenance_windows`). Templates call these
    only when they show them (so the courts' pages, below this app, never import it)."""
    return {
        "help_desk_open": help_desk_is_open,
        "help_desk_hours": partial(hours_summary, ServiceHours.Kind.HELP_DESK),
        "best_use_hours": partial(hours_summary, ServiceHours.Kind.BEST_USE),
        "maintenance_windows": windows_announced,
    }
