from efiling.service.models import Notice


def notices_unread(request):
    """How many notices the signed-in user has not read, for the header's Notices link (one
    indexed count per page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notices_unread": Notice.objects.filter(recipient=user, read_at__isnull=True).count()}
