"""The filer's service page (issue 12, "delivery state"): each person served, when and how,
and whether the e-mail that told them was sent, failed or bounced; the parties to serve
conventionally; another user's envelope answers as a missing one."""

from efiling.accounts.models import NoticeEmail, Role
from efiling.core import clock
from efiling.service.models import NoticeDelivery, ServiceRecord
from tests import factories
from tests.service.helpers import motion, submit


def _page(user, envelope):
    return factories.client_for(user).get(f"/notices/service/{envelope.public_id}/")


def test_the_filer_sees_each_person_served_and_the_state_of_their_e_mail(
    case, attorney, opposing, pdf
):
    envelope = submit(motion(case, attorney, pdf), attorney)
    record = ServiceRecord.objects.get(envelope=envelope)
    delivery = record.notice.deliveries.get()
    response = _page(attorney, envelope)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Olive Opposing" in text and f"{opposing.email}: <strong>Queued</strong>" in text
    assert "Dana Pro-Se" in text and "12 Elm Street" in text  # to serve conventionally
    delivery.state, delivery.last_error = NoticeDelivery.State.BOUNCED, "550 mailbox unknown"
    delivery.save()
    text = _page(attorney, envelope).content.decode()
    assert f"{opposing.email}: <strong>Bounced</strong>" in text
    assert "550 mailbox unknown" not in text  # the mail server's answer stays the recipient's
    receipt = factories.client_for(attorney).get(f"/filings/{envelope.public_id}/receipt/")
    assert f"/notices/service/{envelope.public_id}/" in receipt.content.decode()


def test_the_served_persons_extra_addresses_are_not_shown_to_the_filer(
    case, attorney, opposing, pdf
):
    NoticeEmail.objects.create(
        user=opposing,
        email="olive.private@example.net",
        created_at=clock.now(),
        confirmed_at=clock.now(),
    )
    envelope = submit(motion(case, attorney, pdf), attorney)
    record = ServiceRecord.objects.get(envelope=envelope)
    assert record.notice.deliveries.count() == 2  # both addresses get the e-mail
    text = _page(attorney, envelope).content.decode()
    assert "olive.private@example.net" not in text and opposing.email in text


def test_another_users_envelope_answers_as_a_missing_one(case, attorney, opposing, pdf):
    envelope = submit(motion(case, attorney, pdf), attorney)
    stranger = factories.user(Role.ATTORNEY, first_name="Sid", last_name="Stranger")
    for user in (opposing, stranger):
        response = _page(user, envelope)
        assert response.status_code == 404
    missing = _page(stranger, envelope).content.decode()
    assert "Olive Opposing" not in missing


def test_a_draft_has_no_service_yet(case, attorney, pdf):
    envelope = motion(case, attorney, pdf)
    response = _page(attorney, envelope)
    assert response.status_code == 302 and response["Location"].endswith("/review/")
