"""GOV.UK Frontend, MoJ Frontend and htmx are served from this machine, as the layout needs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

# Every file the base layout and its JavaScript load.
LAYOUT_ASSETS = [
    "build/app.css",
    "js/app.js",
    "govuk/govuk-frontend.min.js",
    "moj/moj-frontend.min.js",
    "htmx/htmx.min.js",
    "images/favicon.svg",
]
BUILD_HINT = "run `npm install && npm run build` first"


@pytest.mark.parametrize("asset", LAYOUT_ASSETS)
def test_layout_assets_are_served_locally(asset):
    """Each asset the layout names is found by Django's static files, not fetched elsewhere."""
    assert finders.find(asset), f"{asset} is not a static file ({BUILD_HINT})"


def test_the_layout_loads_nothing_from_another_site():
    """The page names no CDN or other host: the product runs on closed networks."""
    html = render_to_string("base.html")
    for attribute in ("src", "href"):
        for value in html.split(f'{attribute}="')[1:]:
            assert not value.startswith(("http:", "https:", "//")), value.split('"')[0]


def test_the_stylesheet_uses_arial_and_no_gds_transport():
    """The GDS Transport typeface is for gov.uk services only: no font face, Arial instead."""
    path = finders.find("build/app.css")
    assert path, BUILD_HINT
    css = Path(str(path)).read_text(encoding="utf-8")
    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert "font-family:arial,sans-serif" in css


def test_every_url_in_the_stylesheet_is_a_file_we_serve():
    """Each image the CSS names exists (hashed static file names in production depend on it)."""
    path = finders.find("build/app.css")
    assert path, BUILD_HINT
    css = Path(str(path)).read_text(encoding="utf-8")
    urls = set(re.findall(r"url\(\"?([^\")]+)\"?\)", css))
    assert urls, "the stylesheet names no images at all"
    for url in urls:
        assert url.startswith(settings.STATIC_URL), url
        assert finders.find(url.removeprefix(settings.STATIC_URL)), url


def test_javascript_modules_import_what_we_serve():
    """The app script imports GOV.UK and MoJ Frontend by paths relative to it, which exist."""
    source = Path(str(finders.find("js/app.js"))).read_text(encoding="utf-8")
    for relative in ("../govuk/govuk-frontend.min.js", "../moj/moj-frontend.min.js"):
        assert f"'{relative}'" in source
        assert finders.find(relative.removeprefix("../"))


def test_npm_packages_are_pinned_exactly():
    """package.json pins each package to one version, which the lock file holds."""
    base = Path(settings.BASE_DIR)
    package = json.loads((base / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((base / "package-lock.json").read_text(encoding="utf-8"))
    pinned = {**package["dependencies"], **package["devDependencies"]}
    assert pinned["govuk-frontend"].startswith("6.")
    assert pinned["@ministryofjustice/frontend"].startswith("11.")
    assert pinned["htmx.org"].startswith("2.")
    for name, version in pinned.items():
        assert version[0].isdigit(), f"{name} is not pinned exactly: {version}"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
