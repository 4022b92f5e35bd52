"""The dashboards in a browser: a partnership manager opens their area's dashboard, changes the
period and downloads a table; and every dashboard page passes axe (WCAG 2.2 AA), with its
charts drawn and without them."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from consultancy.selectors.balance import Month
from partners.models import Agency, LocalAuthority
from tests.browser.conftest import assert_accessible, sign_in, sign_out

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _demo_skips_two_factor(settings):
    settings.CSE_HUB_MFA_REQUIRED = False


def test_a_partnership_manager_changes_the_period_and_downloads_a_table(
    page: Page, live_server, demo_data
):
    """Given the demo, when the partnership manager follows Dashboards to Ashdown's, chooses
    the last three months and downloads the referrals table, then the page says the new period
    and the CSV holds the same period and the table's rows."""
    sign_in(page, "partnership.manager@demo.test")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Dashboards").click()
    page.get_by_role("link", name="Ashdown").click()
    expect(page.locator("h1")).to_have_text("Ashdown: partnership dashboard")
    expect(page.locator("#figures-as-of")).to_contain_text("Figures as of")
    # The chart is drawn from the table beneath it.
    expect(page.locator('[data-dashboard-chart="referrals-by-source"] canvas')).to_be_visible()

    last = Month.current().previous
    first = last.previous.previous
    page.get_by_label("From", exact=True).select_option(first.param)
    page.get_by_label("To", exact=True).select_option(last.param)
    page.get_by_role("button", name="Show figures").click()
    page.wait_for_load_state()
    label = f"{first.label} to {last.label}"
    expect(page.locator(".govuk-body-l")).to_contain_text(label)

    with page.expect_download() as waiting:
        page.locator('a[href*="/tables/referrals-by-source.csv"]').click()
    download = waiting.value
    with open(download.path(), encoding="utf-8") as downloaded:
        rows = list(csv.reader(downloaded))
    assert rows[0][0].startswith("Referrals received")
    assert rows[2] == ["This period", label]
    assert "Referred by" in [row[0] for row in rows if row]
    sign_out(page)


def _check(page: Page, axe: Path, url: str, where: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, where
    assert_accessible(page, axe, where)


def test_every_dashboard_page_passes_axe(page: Page, live_server, demo_data, axe_script):
    """Given the demo, when each role opens each kind of dashboard page (and a period with a
    mistake), then axe finds no WCAG 2.2 AA violation."""
    ashdown = LocalAuthority.objects.get(name="Ashdown")
    northbrook = Agency.objects.get(name="Northbrook CSE Hub")

    sign_in(page, "partnership.manager@demo.test")
    _check(page, axe_script, "/dashboards/", "the partnership manager's dashboards")
    _check(page, axe_script, f"/dashboards/local-authorities/{ashdown.pk}/", "Ashdown")
    page.goto(f"/dashboards/local-authorities/{ashdown.pk}/?from=2026-03&to=2025-01")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, axe_script, "a period running backwards")
    sign_out(page)

    sign_in(page, "hub.manager@demo.test")
    _check(page, axe_script, f"/dashboards/hubs/{northbrook.pk}/", "the hub's dashboard")
    sign_out(page)

    sign_in(page, "commissioner@demo.test")
    _check(page, axe_script, "/dashboards/", "the commissioner's dashboards")
    _check(page, axe_script, "/dashboards/england/", "England")
    _check(page, axe_script, f"/dashboards/regions/{ashdown.region}/", "a region")
    sign_out(page)
