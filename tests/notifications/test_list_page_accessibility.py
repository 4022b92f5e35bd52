"""The notification list in headless Chromium: the header's count, opening one, and axe.

Uses the Chromium, axe-core and helpers of tests/browser; skipped on a machine without them,
failed in CI. The browser runs in a thread of its own, started and closed by this test, so it
never meets the session-wide browser of tests/browser (Playwright's sync API allows one per
thread).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from playwright.sync_api import expect, sync_playwright

from notifications.models import Notification
from partners.models import Agency, Role
from tests import factories
from tests.browser import conftest as browser_helpers
from tests.conftest import require_service
from tests.notifications.conftest import notify_many

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def _in_a_browser(base_url: str, journey: Callable[[Page], None]) -> None:
    """Run the journey in a new headless Chromium, in a thread with no event loop of its own."""
    chromium = browser_helpers.CHROMIUM
    require_service(chromium.exists(), f"Chromium at {chromium}")
    require_service(browser_helpers.AXE.exists(), f"axe-core at {browser_helpers.AXE}")

    def run() -> None:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(chromium), args=browser_helpers.CHROMIUM_ARGS, headless=True
            )
            try:
                context = browser.new_context(base_url=base_url, locale="en-GB")
                context.set_default_timeout(10_000)
                journey(context.new_page())
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(run).result()


def test_the_list_page_shows_the_count_opens_one_and_passes_axe(
    live_server, transactional_db, settings
):
    """Given a hub manager with three unread notifications, one about a page that exists, when
    they go to their notifications and open that one, then the header's count goes from three to
    two, and the list passes axe."""
    settings.CSE_HUB_MFA_REQUIRED = False
    hub = factories.agency(kind=Agency.Kind.CSE_HUB, name="Northbrook CSE Hub")
    manager = factories.member(
        agency=hub, role=Role.HUB_MANAGER, full_name="Harriet Hub", mfa=False
    )
    notify_many(manager, 3)
    target = reverse("partners:my_memberships")
    Notification.objects.filter(key="referral_submitted:3").update(link=target)
    newest = Notification.objects.get(key="referral_submitted:3")

    def journey(page: Page) -> None:
        browser_helpers.sign_in(page, manager.email, password=factories.PASSWORD)
        bar = page.locator(".moj-identity-bar")
        bar.get_by_role("link", name="Notifications, 3 unread").click()

        expect(page.locator("h1")).to_have_text("Notifications")
        expect(page.locator(".moj-badge", has_text="Unread")).to_have_count(3)
        violations = browser_helpers.axe_violations(page, browser_helpers.AXE)
        assert not violations, browser_helpers.describe_violations(violations)

        page.get_by_role("link", name=newest.message).first.click()
        expect(page).to_have_url(f"{live_server.url}{target}")
        expect(bar.get_by_role("link", name="Notifications, 2 unread")).to_be_visible()

    _in_a_browser(live_server.url, journey)
