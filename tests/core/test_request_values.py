"""A view reads a request parameter outside a form only through efiling.core.query (one value;
a parameter, posted field or file sent twice refused, naming it), never by QueryDict.get or
[], which take the last value silently (found by issue 15's trial: a record of filing attempts
sent twice was judged by whichever file came last)."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import efiling

SOURCE = Path(efiling.__file__).parent
DIRECT_READ = re.compile(r"request\.(GET|POST|FILES)\s*(\.get\(|\[)")


def test_no_view_reads_a_parameter_by_its_last_value():
    found = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in SOURCE.rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if DIRECT_READ.search(line)
    ]
    assert found == []


@pytest.mark.django_db
def test_a_file_sent_twice_is_refused_naming_its_field(client):
    pdf = b"%PDF-1.7\n%%EOF\n"
    response = client.post(
        reverse("filing-attempts-verify"),
        {
            "record": [
                SimpleUploadedFile("a.pdf", pdf, "application/pdf"),
                SimpleUploadedFile("b.pdf", pdf, "application/pdf"),
            ]
        },
    )
    assert response.status_code == 400
    assert "file field record is given 2 times" in response.content.decode()
