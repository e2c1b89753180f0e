def public(view):
    """Marks a page that anyone may open, signed in or not. Every other page must be guarded by
    `efiling.accounts.access.requires`; the permission-matrix test checks that one or the other
    mark is on every page."""
    view.public_page = True
    return view
