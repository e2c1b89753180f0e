from efiling.accounts.permissions import FILERS

FILER_ROLES = sorted(role.value for role in FILERS)


def navigation(request):
    """What the page header needs to show a user's own links (My filings for filers)."""
    return {"filer_roles": FILER_ROLES}
