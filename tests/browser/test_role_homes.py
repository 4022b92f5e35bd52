"""Every demo account signs in and lands on its role's home page; each role's home passes axe.

Two-factor authentication is skipped here, as the demo skips it; test_two_factor.py covers it.
The accessibility check rides along with the first account of each role, so the demo data is
loaded once per account rather than again for the check.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    DEMO_ACCOUNTS,
    ONE_PER_ROLE,
    axe_violations,
    describe_violations,
    sign_in,
    sign_out,
)

pytestmark = pytest.mark.browser

CHECKED_FOR_ACCESSIBILITY = {account.email for account in ONE_PER_ROLE}


@pytest.fixture(autouse=True)
def _demo_skips_two_factor(settings):
    settings.CSE_HUB_MFA_REQUIRED = False


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda account: account.email)
def test_demo_account_lands_on_its_home_page(page, live_server, demo_data, axe_script, account):
    """Given a demo account, when it signs in, then it lands on its role's home page."""
    sign_in(page, account.email)

    expect(page).to_have_url(f"{live_server.url}/home/{account.role}/")
    expect(page.locator("h1")).to_have_text(account.heading)
    expect(page).to_have_title(f"{account.heading} – CSE Hub")
    expect(page.locator(".moj-identity-bar")).to_contain_text(account.acting_as)
    home_link = page.get_by_role("navigation", name="Menu").get_by_role("link", name="Home")
    expect(home_link).to_have_attribute("aria-current", "page")

    if account.email in CHECKED_FOR_ACCESSIBILITY:
        violations = axe_violations(page, axe_script)
        assert not violations, f"{account.heading}:\n{describe_violations(violations)}"

    sign_out(page)
    expect(page.locator("h1")).to_have_text("Sign in to CSE Hub")
