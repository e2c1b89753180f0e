"""Every page of a filer's envelope answers without a server error, whatever the envelope is
(a new case, a case by number, a case the filer cannot see) and wherever it stands (draft,
submitted, accepted, cancelled), for GET and for an empty POST. The parties page of an
envelope into an existing case was a 500 (found by trying the system)."""

import pytest
from django.urls import URLPattern, get_resolver

from efiling.accounts.models import Role
from efiling.cases.models import SecurityLevel
from efiling.docket import services as docket
from efiling.filings import closing, services
from tests import factories
from tests.factories import client_for
from tests.filings.helpers import new_case_draft, with_lead_document


def _envelope_routes() -> list[str]:
    """The route names of the filings app that take an envelope and nothing else."""
    from efiling.filings import urls

    return [
        p.name
        for p in urls.urlpatterns
        if isinstance(p, URLPattern) and list(p.pattern.converters) == ["public_id"]
    ]


def _envelopes(court, attorney, pdf):
    clerk = factories.court_staff(Role.CLERK, court)
    submitted = services.envelope_submit(
        envelope=with_lead_document(
            new_case_draft(court, attorney, caption="A v. B"), attorney, pdf
        ),
        user=attorney,
        idempotency_key="walk-1",
        signature="/s/ Avery Lawson",
    )
    entry = docket.filing_accept(clerk=clerk, filing=submitted.filings.get())
    hidden = factories.case(court, number="26SL-CC09998")
    hidden.security_level = SecurityLevel.SEALED
    hidden.save(update_fields=["security_level"])
    into_case = services.draft_create(user=attorney, court=court, case_number=entry.case.number)
    by_number = services.draft_create(user=attorney, court=court, case_number=hidden.number)
    cancelled = services.envelope_submit(
        envelope=with_lead_document(
            new_case_draft(court, attorney, caption="C v. D"), attorney, pdf
        ),
        user=attorney,
        idempotency_key="walk-2",
        signature="/s/ Avery Lawson",
    )
    closing.envelope_cancel(envelope=cancelled, user=attorney)
    new_draft = new_case_draft(court, attorney, caption="E v. F")
    return {
        "new case draft": new_draft,
        "accepted new case": submitted,
        "draft into a case": into_case,
        "draft by number": by_number,
        "cancelled": cancelled,
    }


@pytest.mark.parametrize("method", ["get", "post"])
def test_every_envelope_page_answers_without_a_server_error(court, attorney, pdf, method):
    client = client_for(attorney)
    routes = _envelope_routes()
    assert "filing-parties" in routes and "filing-review" in routes
    for label, envelope in _envelopes(court, attorney, pdf).items():
        for name in routes:
            path = get_resolver().reverse(name, public_id=envelope.public_id)
            answer = getattr(client, method)("/" + path.lstrip("/"))
            assert answer.status_code < 500, (label, name, method, answer.status_code)
