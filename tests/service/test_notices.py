"""The in-app notices: each user reads their own; the header counts the unread ones."""

from efiling.service.models import Notice
from efiling.service.services import notices_record
from tests import factories
from tests.factories import client_for


def test_the_header_counts_unread_notices_until_they_are_read(attorney):
    other = factories.user()
    notices_record(
        recipients=[attorney, other],
        kind=Notice.Kind.ORDER,
        subject="26SL-CC00001: order entered",
        body="Order.",
    )
    client = client_for(attorney)
    page = client.get("/notices/").content.decode()
    assert ">1 unread</span>" in page and "26SL-CC00001: order entered" in page
    notice = Notice.objects.get(recipient=attorney)
    assert client.post(f"/notices/{notice.pk}/read/").status_code == 302
    assert "unread" not in client.get("/notices/").content.decode()
    mine_only = client.post(f"/notices/{Notice.objects.get(recipient=other).pk}/read/")
    assert mine_only.status_code == 404
    assert Notice.objects.get(recipient=other).read_at is None  # another's notice is untouched
