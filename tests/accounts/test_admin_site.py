"""The Django admin is for system administrators: anyone else signed in is told so (403 in the
normal frame, with the way to their own pages), not sent to sign in again in a loop."""

from html import unescape

from django.test import Client

from efiling.accounts.admin_site import NOT_FOR_YOU
from efiling.accounts.models import Role
from tests import factories


def test_signed_out_visitors_are_still_sent_to_sign_in(courts):
    response = Client().get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/sign-in/")
    assert response.status_code == 200


def test_a_court_administrator_is_told_where_her_court_settings_are(court):
    administrator = factories.court_staff(Role.COURT_ADMINISTRATOR, court)
    client = factories.client_for(administrator)
    for path in ("/admin/", "/admin/courts/courtpolicy/"):
        response = client.get(path)
        assert response.status_code == 403
        html = unescape(response.content.decode())
        assert NOT_FOR_YOU in html and 'href="/court-admin/"' in html
        assert 'href="/home/"' in html and "Signed in as" in html  # the normal frame
    assert client.get("/court-admin/").status_code == 200  # the link opens


def test_a_clerk_is_sent_home_not_to_court_administration(court):
    clerk = factories.court_staff(Role.CLERK, court)
    response = factories.client_for(clerk).get("/admin/")
    html = unescape(response.content.decode())
    assert response.status_code == 403 and NOT_FOR_YOU in html
    assert 'href="/court-admin/"' not in html and 'href="/home/"' in html


def test_a_system_administrator_opens_the_admin(courts):
    sid = factories.user(Role.COURT_ADMINISTRATOR, is_staff=True, is_superuser=True)
    assert factories.client_for(sid).get("/admin/").status_code == 200
