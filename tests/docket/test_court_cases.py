"""The court's way in: the court-work page and each court's searchable list of cases."""

from efiling.accounts.models import Role
from efiling.courts.models import CaseType
from tests import factories
from tests.factories import client_for


def test_court_work_lists_the_courts_a_clerk_serves_with_the_queue(clerk, court, other_court):
    page = client_for(clerk).get("/court/")
    assert page.status_code == 200
    text = page.content.decode()
    assert court.name in text and other_court.name not in text
    assert "0 filings waiting" in text
    assert f'href="/court/{court.code}/cases/"' in text
    assert 'href="/court/"' in text and 'aria-current="page">Court work' in text  # the nav link


def test_a_judge_has_cases_and_calendar_but_no_review_queue(judge, court):
    text = client_for(judge).get("/court/").content.decode()
    assert court.name in text and "Review queue" not in text and "Judges' calendar" in text


def test_filers_have_notices_but_no_court_work(attorney):
    client = client_for(attorney)
    text = client.get("/notices/").content.decode()
    assert 'aria-current="page">Notices' in text and "Court work" not in text
    assert client.get("/court/").status_code == 403


def test_the_case_list_searches_by_number_and_caption(clerk, court, other_court):
    factories.case(court, number="26SL-CC00001", caption="Lawson v. Acme Corp.")
    factories.case(court, number="26SL-CC00002", caption="Reyes v. Brown")
    factories.case(other_court, number="26BA-CC00001", caption="Lawson v. Elsewhere")
    client = client_for(clerk)
    everything = client.get(f"/court/{court.code}/cases/").content.decode()
    assert "2 cases, newest first." in everything
    assert everything.index("26SL-CC00002") < everything.index("26SL-CC00001")
    assert "26BA-CC00001" not in everything
    by_number = client.get(f"/court/{court.code}/cases/", {"q": "cc00002"}).content.decode()
    assert "26SL-CC00002" in by_number and "26SL-CC00001" not in by_number
    by_caption = client.get(f"/court/{court.code}/cases/", {"q": " lawson "}).content.decode()
    assert "1 case match" in by_caption and "Lawson v. Acme Corp." in by_caption


def test_the_case_list_pages_and_stays_in_its_court(clerk, court, other_court):
    for n in range(1, 53):
        factories.case(court, number=f"26SL-CC{n:05d}", caption=f"Case {n}")
    client = client_for(clerk)
    first = client.get(f"/court/{court.code}/cases/").content.decode()
    assert "page 1 of 2" in first and "Next page" in first
    second = client.get(f"/court/{court.code}/cases/", {"page": "2"}).content.decode()
    assert second.count('href="/court/cases/') == 2
    refused = client.get(f"/court/{court.code}/cases/", {"page": "x"})  # was quietly page 1
    assert refused.status_code == 400 and b"page number must be a whole number" in refused.content
    assert client.get(f"/court/{other_court.code}/cases/").status_code == 403
    assert client.get("/court/ZZ/cases/").status_code == 404
    outsider = factories.court_staff(Role.CLERK, other_court)
    assert client_for(outsider).get(f"/court/{court.code}/cases/").status_code == 403


def test_a_case_list_reads_as_many_statements_for_many_cases_as_for_one(
    clerk, court, other_court, attorney
):
    """The list's cases carry only the columns the list shows (cases_search, cases_listed): a
    field of a case, its type or its court read from another column would be a query per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def statements(client, path):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(path)
        assert page.status_code == 200
        return len(queries), page.content.decode()

    lists = ((client_for(clerk), f"/court/{court.code}/cases/"), (client_for(attorney), "/cases/"))
    factories.case(court, number="26SL-CC00001", counsel=[attorney], security_level="sealed")
    [statements(client, path) for client, path in lists]  # the first request's own reads
    one = [statements(client, path) for client, path in lists]
    for n in range(2, 8):
        factories.case(
            other_court if n % 2 else court, number=f"26SL-CC{n:05d}", counsel=[attorney]
        )
    many = [statements(client, path) for client, path in lists]
    assert [count for count, _ in many] == [count for count, _ in one]
    clerk_list, attorney_list = (text for _, text in many)
    case_type = CaseType.objects.get(code="CC").name
    assert "Sealed" in clerk_list and f"<td>{case_type}</td>" in clerk_list  # security, type
    assert other_court.name in attorney_list and court.name in attorney_list  # the court column
