"""The one rule for which page of a case a user is sent to (from a notice, its e-mail, the
tracking button, the preferences list, a served filing): the page they may open."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.urls import Resolver404, resolve, reverse

from efiling.accounts.models import User
from efiling.accounts.permissions import Action, can
from efiling.cases.models import Case
from efiling.docket.access import case_visible
from efiling.service.tracking import case_public


def case_page_url(user: User, case: Case, *, anchor: str = "") -> str | None:
    """The path of the case's page for `user`: the court's page (/court/cases/<id>/) for its
    court's staff; My cases' page (/cases/<id>/) for those who take part in it and may see
    cases; its public page (/public/cases/<number>/, never the row id) for anyone else while it
    is public, with `#anchor` when given (the public page's docket rows are `entry-<number>`,
    its hearings table `hearings-caption`); None when the user may open none of them (a case
    sealed or expunged since, a case they never took part in)."""
    if can(user, Action.VIEW_COURT_CASES, court=case.court):
        return reverse("court-case", args=[case.pk])
    if can(user, Action.VIEW_CASES) and case_visible(user, case):
        return reverse("my-case", args=[case.pk])
    if case.number and case_public(case):
        return reverse("public-case", args=[case.number]) + (f"#{anchor}" if anchor else "")
    return None


def link_page_name(link: str) -> str | None:
    """The URL name of the page a stored link (a path, maybe with #anchor) points to, or None
    when it names no page of ours (e.g. "public-case" for /public/cases/26SL-CC00001/#entry-3)."""
    if not link.startswith("/"):
        return None
    try:
        return resolve(urlsplit(link).path).url_name
    except Resolver404:
        return None
