"""The API documentation page works without internet: Swagger UI is served from here."""

import re

import pytest
from django.test import Client


@pytest.mark.django_db
def test_the_docs_page_references_no_outside_url_and_its_assets_answer():
    client = Client()
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "an asset from another host"
    assets = re.findall(r"(?:src|href)=\"(/static/[^\"]+)\"", html)
    assert {a.rsplit("/", 1)[-1] for a in assets} >= {
        "swagger-ui.css",
        "swagger-ui-bundle.js",
        "swagger-ui-init.js",
    }
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"cdn.jsdelivr.net" not in body, asset
    assert client.get("/api/v1/openapi.json").status_code == 200
