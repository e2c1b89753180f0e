"""The page header's navigation. It lives in the service app, above the apps whose pages it
links, because it carries the unread notices count."""

from dataclasses import dataclass

from django.urls import reverse

from efiling.accounts.permissions import Action, assigned_courts, can
from efiling.service.services import notices_unread_count

PAYMENT_PAGES = (
    "payment-account",
    "payment-add-funds",
    "payment-deposit",
    "payment-deposit-receipt",
)


@dataclass(frozen=True)
class NavItem:
    """One link of the page header's main navigation: `url` a path, `current` when the page
    shown is that link's (its URL name is in `url_names`), `badge` a short count in words
    ("2 unread") or ""."""

    label: str
    url: str
    current: bool = False
    badge: str = ""


def _item(request, label: str, url_name: str, *also_current: str, badge: str = "") -> NavItem:
    match = getattr(request, "resolver_match", None)
    shown = match.url_name if match else None
    return NavItem(label, reverse(url_name), shown in (url_name, *also_current), badge)


def _signed_in(user) -> dict:
    """Who is signed in, for the header: name, role in words and their courts (court staff;
    read once per request with the permission checks': accounts.permissions.assigned_courts)."""
    courts = [name for _court_id, name in assigned_courts(user)]
    return {
        "name": user.get_full_name() or user.email,
        "role": user.get_role_display(),
        "courts": ", ".join(courts),
    }


def navigation(request):
    """The header's main navigation as `main_nav`, a list of NavItem in display order: public
    links for everyone, then the links of what the signed-in user may do by the permission
    matrix (efiling.accounts.permissions), so no one is offered a page that would refuse them.
    `signed_in` (name, role, courts) when a user is signed in. Other pages add their entries
    here, one line each."""
    user = getattr(request, "user", None)
    items = [
        _item(request, "Courts", "home", "court-policy"),
        _item(request, "Search cases", "public-search", "public-case"),
        _item(request, "Deadline calculator", "deadline"),
    ]
    if user is None or not user.is_authenticated:
        items += [_item(request, "Sign in", "sign-in"), _item(request, "Register", "register")]
        return {"main_nav": items}
    items.append(_item(request, "Home", "my-home"))
    if can(user, Action.VIEW_OWN_FILINGS):
        items.append(_item(request, "My filings", "my-filings", "filing-receipt"))
    if can(user, Action.VIEW_CASES) and not can(user, Action.VIEW_COURT_CASES):
        items.append(_item(request, "My cases", "my-cases", "my-case"))
    if can(user, Action.MANAGE_PAYMENT_ACCOUNT):
        items.append(_item(request, "Payment account", "payment-accounts", *PAYMENT_PAGES))
    if can(user, Action.VIEW_COURT_CASES):
        items.append(_item(request, "Court work", "court-home"))
    if can(user, Action.MANAGE_COURTS):
        items.append(_item(request, "Court administration", "courtadmin-index"))
    unread = notices_unread_count(user)
    items += [
        _item(request, "Notices", "notices", badge=f"{unread} unread" if unread else ""),
        _item(request, "My account", "profile"),
    ]
    return {"main_nav": items, "signed_in": _signed_in(user)}
