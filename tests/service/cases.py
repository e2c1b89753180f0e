"""The service tests' case (also the serve-only tests'): the filer (Avery Lawson) and opposing
counsel of record (Olive Opposing), a plaintiff the filer represents and an unrepresented
defendant with an address. Plain functions, so that each test package's fixtures call them."""

from efiling.accounts.models import Role
from efiling.cases.models import Party
from tests import factories


def opposing_counsel():
    return factories.user(Role.ATTORNEY, first_name="Olive", last_name="Opposing")


def served_case(court, attorney, opposing):
    case = factories.case(court, counsel=[attorney, opposing], number="26SL-CC00042")
    Party.objects.create(
        case=case,
        kind=Party.Kind.PERSON,
        role=Party.PartyRole.DEFENDANT,
        first_name="Dana",
        last_name="Pro-Se",
        address_line1="12 Elm Street",
        city="Clayton",
        state="MO",
        postal_code="63105",
    )
    represented = Party.objects.create(
        case=case,
        kind=Party.Kind.PERSON,
        role=Party.PartyRole.PLAINTIFF,
        first_name="Pat",
        last_name="Lawson",
    )
    represented.represented_by.add(attorney)
    return case
