"""The sign-in page works without an account in the way, and passes axe with and without errors."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, describe_violations, sign_in

pytestmark = pytest.mark.browser


def test_sign_in_page_is_accessible(page, transactional_db, axe_script):
    """Given the sign-in page, then axe finds no WCAG 2.2 AA violation."""
    page.goto("/accounts/login/")
    expect(page.locator("h1")).to_have_text("Sign in to CSE Hub")
    violations = axe_violations(page, axe_script)
    assert not violations, describe_violations(violations)


def test_sign_in_errors_are_summarised_and_accessible(page, transactional_db, axe_script):
    """Given a wrong password, then the error summary takes focus and the page passes axe."""
    sign_in(page, "nobody@example.test", password="not-the-password")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(page).to_have_title("Error: Sign in – CSE Hub")
    # GOV.UK Frontend's JavaScript moves focus to the summary for screen reader users.
    expect(summary).to_be_focused()
    violations = axe_violations(page, axe_script)
    assert not violations, describe_violations(violations)


def test_sign_in_works_without_javascript(browser, live_server, demo_data, settings):
    """Given JavaScript is off, then a person can still sign in and reach their home page."""
    settings.CSE_HUB_MFA_REQUIRED = False
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, "hub.manager@demo.test")
        expect(page.locator("h1")).to_have_text("Hub manager home")
        # The password's show button needs JavaScript, so it stays hidden without it.
        page.goto("/accounts/login/")
        expect(page.locator(".govuk-password-input__toggle")).to_be_hidden()
    finally:
        context.close()
