"""A summons' return-by date (Rule 54.21: served and returned within 30 days of its issue,
court data), its expiry, the alias summons once it is returned not found or has expired, and
the new address a not-found return may give, which the clerk's alias summons is served at."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from efiling.core.errors import Conflict, ValidationFailed
from efiling.courts.services import court_policy
from efiling.service.summons import (
    alias_address_suggested,
    summons_alias_issue,
    summonses_to_serve,
)
from efiling.service.summons_models import Summons
from efiling.service.summons_returns import service_return_file, service_states
from tests import factories
from tests.docket.conftest import committed, stored_pdf_text
from tests.service.test_summons import _issued, clerk, issued, sheriff  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

# The summons of the `issued` fixture is issued Tuesday, October 20, 2026 at 10:00 a.m.
# (Central); 30 days later is Thursday, November 19, 2026.
RETURN_BY = date(2026, 11, 19)
STILL_TO_SERVE = datetime(2026, 11, 2, 15, tzinfo=UTC)
LAST_DAY = datetime(2026, 11, 20, 5, 30, tzinfo=UTC)  # 11:30 p.m. on the 19th, Central
EXPIRED = datetime(2026, 11, 20, 15, tzinfo=UTC)
NEW_ADDRESS = {
    "address_line1": "45 Pine Street",
    "city": "Clayton",
    "state": "mo",
    "postal_code": "63105",
}


def _not_found(summons, user, **extra):
    with committed():
        return service_return_file(
            user=user,
            summons_id=summons.pk,
            outcome="not_found",
            reason="Moved; a neighbour gave the new address.",
            **extra,
        )


def test_the_return_by_date_is_set_at_issue_and_printed(issued):  # noqa: F811
    assert issued.return_by == RETURN_BY
    text = " ".join(stored_pdf_text(issued.document.storage_name).split())
    assert "returned to the court, by Thursday, November 19, 2026 (Rule 54.21)" in text
    assert "100 Industrial Drive" in text and issued.address["city"] == "Columbia"
    with time_machine.travel(STILL_TO_SERVE):
        [state] = service_states(issued.case)
    assert (state["state"], state["return_by"]) == ("summons issued", RETURN_BY)
    with time_machine.travel(EXPIRED):
        [state] = service_states(issued.case)
    assert (state["state"], state["return_by"]) == ("expired", RETURN_BY)


def test_the_period_is_court_data_counted_with_the_courts_calendar(
    new_case_envelope,
    attorney,
    pdf,
    clerk,  # noqa: F811
    court,
):
    policy = court_policy(court=court)
    policy.summons_return_days = 37  # as if by the court's order (Rule 54.21: up to 90)
    policy.save()
    with time_machine.travel(datetime(2026, 10, 20, 15, tzinfo=UTC)):
        summons = _issued(new_case_envelope, attorney, pdf, clerk)
    # October 20 + 37 days is Thanksgiving (Thursday, November 26): the next day counts.
    assert summons.return_by == date(2026, 11, 27)


def test_an_issued_summons_is_reissued_only_once_it_expired(issued, clerk):  # noqa: F811
    for moment in (STILL_TO_SERVE, LAST_DAY):
        with time_machine.travel(moment, tick=False), pytest.raises(Conflict) as refused:
            summons_alias_issue(clerk=clerk, summons=issued)
        assert refused.value.code == "summons_not_expired"
        assert "served and returned through Thursday, November 19, 2026" in str(refused.value)
    issued.refresh_from_db()
    assert issued.status == Summons.Status.ISSUED and not Summons.objects.filter(alias_of=issued)
    with time_machine.travel(EXPIRED, tick=False), committed():
        alias = summons_alias_issue(clerk=clerk, summons=issued)
    issued.refresh_from_db()
    assert issued.status == Summons.Status.REISSUED
    assert (alias.status, alias.alias_of_id, alias.address) == ("issued", issued.pk, issued.address)
    # Issued November 20: 30 days later is Sunday, December 20; it runs to Monday.
    assert alias.return_by == date(2026, 12, 21)
    assert alias.docket_entry.text.startswith("Alias summons issued to Acme Corp.")


def test_service_after_the_summons_expired_is_refused(issued, sheriff):  # noqa: F811
    with time_machine.travel(datetime(2026, 11, 25, 15, tzinfo=UTC), tick=False):
        with pytest.raises(ValidationFailed) as refused:
            service_return_file(
                user=sheriff,
                summons_id=issued.pk,
                outcome="served",
                served_on=date(2026, 11, 20),
                how_served="personal",
                person_served="Pat",
            )
        assert refused.value.field == "served_on"
        assert str(refused.value).startswith(
            "The summons expired after Thursday, November 19, 2026, its last day for service"
        )
        with committed():  # its last day is still in time, the return filed later
            service_return_file(
                user=sheriff,
                summons_id=issued.pk,
                outcome="served",
                served_on=RETURN_BY,
                how_served="personal",
                person_served="Pat",
            )
    assert Summons.objects.get(pk=issued.pk).status == Summons.Status.SERVED


def test_a_not_found_return_gives_a_new_address_the_alias_is_served_at(issued, sheriff, clerk):  # noqa: F811
    for wrong, field in (
        ({"city": "Clayton"}, "address_line1"),
        ({**NEW_ADDRESS, "state": "ZZ"}, "state"),
    ):
        with pytest.raises(ValidationFailed) as refused:
            _not_found(issued, sheriff, new_address=wrong)
        assert refused.value.field == field
    found = _not_found(issued, sheriff, new_address=NEW_ADDRESS)
    assert found.new_address == {**NEW_ADDRESS, "state": "MO"}
    issued.refresh_from_db()
    assert alias_address_suggested(issued) == found.new_address
    with pytest.raises(ValidationFailed) as refused:
        summons_alias_issue(clerk=clerk, summons=issued, county="Nowhere County")
    assert refused.value.field == "county"
    with committed():
        alias = summons_alias_issue(
            clerk=clerk, summons=issued, address=found.new_address, county="St. Louis County"
        )
    assert (alias.address, alias.county) == (found.new_address, "St. Louis County")
    text = stored_pdf_text(alias.document.storage_name)
    assert "45 Pine Street" in text and "Clayton, MO 63105" in text
    assert "100 Industrial Drive" not in text
    # The party's address on the case stays as filed; the new county's sheriff serves it.
    alias.party.refresh_from_db()
    assert alias.party.address_line1 == "100 Industrial Drive"
    st_louis = factories.user(sheriff.role, county="St. Louis County")
    assert list(summonses_to_serve(st_louis)) == [alias]
    assert list(summonses_to_serve(sheriff)) == []


def test_the_pages_show_the_return_by_date_and_the_alias_rules(issued, sheriff, clerk):  # noqa: F811
    clerk_pages, sheriff_pages = factories.client_for(clerk), factories.client_for(sheriff)
    path = f"/summonses/{issued.pk}/"
    with time_machine.travel(STILL_TO_SERVE):
        page = clerk_pages.get(path).content.decode()
        assert "Return by" in page and "Thursday, Nov. 19, 2026" in page
        assert "from the day after Thursday, Nov. 19, 2026" in page
        assert "Issue an alias summons" not in page
        refused = clerk_pages.post(f"{path}reissue/", {"address_line1": "1 Main Street"})
        assert refused.status_code == 409
        assert "still to be served" in refused.content.decode()
        home = sheriff_pages.get("/home/").content.decode()
        assert "Return by" in home and "Thursday, Nov. 19, 2026" in home
        assert "expired: return it as not found" not in home
        case_page = clerk_pages.get(f"/court/cases/{issued.case_id}/").content.decode()
        assert "Summons issued; return due Thursday, Nov. 19, 2026" in case_page
    with time_machine.travel(EXPIRED):
        clerk_pages, sheriff_pages = factories.client_for(clerk), factories.client_for(sheriff)
        assert "expired: return it as not found" in sheriff_pages.get("/home/").content.decode()
        case_page = clerk_pages.get(f"/court/cases/{issued.case_id}/").content.decode()
        assert "Summons expired Thursday, Nov. 19, 2026, unserved" in case_page
        form = sheriff_pages.get(f"{path}return/").content.decode()
        assert "New address: street" in form and "To be served by Thursday, Nov. 19, 2026" in form
        with committed():
            filed = sheriff_pages.post(
                f"{path}return/",
                {"outcome": "not_found", "reason": "Moved.", **NEW_ADDRESS},
            )
        assert filed.status_code == 302
        page = clerk_pages.get(path).content.decode()
        assert "May be found at: 45 Pine Street, Clayton, MO 63105" in page
        assert 'value="45 Pine Street"' in page  # the alias form, prefilled
        wrong = clerk_pages.post(
            f"{path}reissue/", {**NEW_ADDRESS, "state": "ZZ", "county": "Boone County"}
        )
        assert wrong.status_code == 400
        assert "two-letter postal code, for example MO" in wrong.content.decode()
        with committed():
            made = clerk_pages.post(
                f"{path}reissue/", {**NEW_ADDRESS, "county": "St. Louis County"}
            )
        assert made.status_code == 302
        alias = Summons.objects.get(alias_of=issued)
        assert made["Location"] == f"/summonses/{alias.pk}/"
        page = clerk_pages.get(made["Location"]).content.decode()
        assert "45 Pine Street, Clayton, MO 63105" in page and "St. Louis County" in page


def test_upgrading_fills_the_address_and_return_by_date_of_summonses_issued_before(issued):  # noqa: F811
    from importlib import import_module

    from django.apps import apps

    migration = import_module("efiling.service.migrations.0012_summons_return_by_and_address")
    Summons.objects.filter(pk=issued.pk).update(address={}, return_by=None)
    migration.issued_summonses_fill(apps, None)
    issued.refresh_from_db()
    assert issued.return_by == RETURN_BY
    assert issued.address == {
        "address_line1": "100 Industrial Drive",
        "city": "Columbia",
        "state": "MO",
        "postal_code": "65201",
    }
