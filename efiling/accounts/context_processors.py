from efiling.accounts.permissions import FILERS, ROLE_PERMISSIONS, Action

FILER_ROLES = sorted(role.value for role in FILERS)
COURT_ROLES = sorted(role.value for role in ROLE_PERMISSIONS[Action.VIEW_COURT_CASES])


def navigation(request):
    """What the page header needs to show a user's own links (My filings for filers, Court
    work for clerks and judges)."""
    return {"filer_roles": FILER_ROLES, "court_roles": COURT_ROLES}
