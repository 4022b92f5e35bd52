"""The API docs at /api/docs/: Swagger UI served from our own static files, never a CDN."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

URL = reverse("api_docs")


@pytest.fixture
def page(client, db) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def test_docs_page_renders_swagger_ui_for_our_schema(page):
    """Given GET /api/docs/, then Swagger UI is set up to read /api/schema/."""
    assert "SwaggerUIBundle" in page
    assert reverse("api_schema") in page


def test_docs_page_reaches_nothing_outside_the_product(page):
    """Given the docs page, then no URL in it leaves the product (the network may be closed)."""
    assert "http://" not in page
    assert "https://" not in page
    assert "//cdn" not in page
    # Swagger UI would otherwise post the schema to validator.swagger.io.
    assert '"validatorUrl": null' in page


def test_docs_assets_are_static_files_we_serve(client, page):
    """Given each script, stylesheet and icon the page loads, then it is one of our static files."""
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)

    assert len(assets) >= 4
    for asset in assets:
        assert asset.startswith(settings.STATIC_URL), asset
        # drf-spectacular-sidecar's files, found only while its app is installed.
        assert finders.find(asset.removeprefix(settings.STATIC_URL)), asset
        assert client.get(asset).status_code == 200, asset
