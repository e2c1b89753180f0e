"""The clerk dashboard of a court: a server-drawn chart (no JavaScript) with a table beside it."""

from __future__ import annotations

import math

from django.shortcuts import render

from efiling.accounts.access import requires
from efiling.accounts.permissions import Action, require
from efiling.core import clock
from efiling.core.pages import safe_only
from efiling.courts.services import court_get
from efiling.docket.dashboard import Dashboard, dashboard_figures

# The chart's drawing box (SVG user units); it scales to the page's width.
WIDTH, HEIGHT = 720, 330
LEFT, RIGHT, TOP, BOTTOM = 60, 12, 44, 62


def _scale_top(largest: int) -> tuple[int, int]:
    """A round top for the y axis and its tick step (at most 5 steps)."""
    if largest <= 5:
        return 5, 1
    rough = largest / 5
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough)
    return step * math.ceil(largest / step), step


def _chart(figures: Dashboard) -> dict:
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top, step = _scale_top(figures.largest)
    baseline = TOP + plot_height
    group = plot_width / len(figures.days)
    bar = group * 0.36

    def height(value: int) -> float:
        return round(plot_height * value / top, 2)

    groups = []
    for n, day in enumerate(figures.days):
        x = LEFT + n * group + (group - 2 * bar) / 2
        bars = []
        for offset, value, kind in ((0, day.received, "received"), (bar, day.accepted, "accepted")):
            h = height(value)
            bars.append(
                {
                    "kind": kind,
                    "value": value,
                    "x": round(x + offset, 2),
                    "y": round(baseline - h, 2),
                    "height": h,
                    "label_x": round(x + offset + bar / 2, 2),
                    "label_y": round(baseline - h - 4, 2),
                }
            )
        groups.append({"day": day.day, "bars": bars, "label_x": round(x + bar, 2)})
    ticks = [
        {"value": value, "y": round(baseline - height(value), 2)}
        for value in range(0, top + 1, step)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "baseline": baseline,
        "bar_width": round(bar, 2),
        "groups": groups,
        "ticks": ticks,
        "day_label_y": baseline + 18,
        "x_title_y": HEIGHT - 10,
        "y_title_x": 16,
        "y_title_y": TOP + plot_height / 2,
        "plot_middle": LEFT + plot_width / 2,
    }


@requires(Action.REVIEW_FILINGS)
@safe_only
def dashboard(request, code: str):
    court = court_get(code=code)
    require(request.user, Action.REVIEW_FILINGS, court=court)
    figures = dashboard_figures(court=court)
    context = {
        "court": court,
        "figures": figures,
        "chart": _chart(figures),
        "today": clock.today(court.time_zone),
    }
    return render(request, "docket/dashboard.html", context)
