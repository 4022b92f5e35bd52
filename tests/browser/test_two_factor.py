"""Mandatory two-factor authentication in the browser: set up on first sign-in, asked for after."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from partners.models import Role
from tests import factories
from tests.browser.conftest import (
    axe_violations,
    current_totp,
    describe_violations,
    sign_in,
    sign_out,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def new_starter(transactional_db, settings):
    """A practitioner with no authenticator yet, where two-factor authentication is required."""
    settings.CSE_HUB_MFA_REQUIRED = True
    agency = factories.agency(name="Westvale Children's Services")
    user = factories.user(full_name="Nia Newstart", email="nia.newstart@example.test", mfa=False)
    factories.membership(user=user, agency=agency, role=Role.PRACTITIONER)
    return user


def test_first_sign_in_sets_up_an_authenticator_then_asks_for_codes(
    page, live_server, new_starter, axe_script
):
    """Given no authenticator, when the user signs in, then they must set one up and use it."""
    sign_in(page, new_starter.email, password=factories.PASSWORD)

    # Sent to set up before anything else, and kept there.
    expect(page).to_have_url(f"{live_server.url}/accounts/2fa/totp/activate/")
    expect(page.locator("h1")).to_have_text("Set up two-factor authentication")
    violations = axe_violations(page, axe_script)
    assert not violations, describe_violations(violations)
    page.goto("/home/practitioner/")
    expect(page).to_have_url(f"{live_server.url}/accounts/2fa/totp/activate/")

    # The secret is shown as text for anyone who cannot scan the QR code.
    secret = page.locator("#totp-secret").inner_text().strip()
    assert len(secret) >= 16
    wrong = "000000" if current_totp(secret) != "000000" else "111111"
    page.get_by_label("Authenticator code").fill(wrong)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")

    page.get_by_label("Authenticator code").fill(current_totp(secret))
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(f"{live_server.url}/accounts/2fa/recovery-codes/")
    expect(page.locator("h1")).to_have_text("Your recovery codes")
    expect(page.locator("#recovery-codes li")).to_have_count(10)

    page.get_by_role("button", name="Continue to CSE Hub").click()
    expect(page).to_have_url(f"{live_server.url}/home/practitioner/")
    expect(page.locator("h1")).to_have_text("Practitioner home")

    # Signing in again needs the password and then a code from the app.
    sign_out(page)
    sign_in(page, new_starter.email, password=factories.PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/accounts/2fa/authenticate/")
    expect(page.locator("h1")).to_have_text("Enter the code from your authenticator app")
    violations = axe_violations(page, axe_script)
    assert not violations, describe_violations(violations)

    page.get_by_label("Code", exact=True).fill(current_totp(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{live_server.url}/home/practitioner/")
    expect(page.locator(".moj-identity-bar")).to_contain_text("Nia Newstart")
