"""The balance pages in headless Chromium, each checked with axe for WCAG 2.2 AA: a spoke
worker's month with work and without, the month chooser with an error, the hub's table, a
manager's view of one worker, and the target form empty and with errors; and the journey of a
manager setting the target and seeing the worker's month measured against it.

Two-factor authentication is skipped here, as in the other journeys; test_two_factor.py
covers it.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from partners.models import Role
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in, sign_out
from tests.consultancy.balance.conftest import MARCH, month_of_work  # noqa: F401
from tests.consultancy.conftest import hub_worker  # noqa: F401

pytestmark = pytest.mark.browser


def test_every_balance_page_passes_axe_and_the_target_journey_works(
    page,
    live_server,
    world,
    month_of_work,  # noqa: F811
    axe_script,
    settings,
):
    """Given a spoke worker's hand-built March, when the worker reads their balance and a hub
    manager reads the hub's table, drills into the worker and sets a new target (first with
    shares that do not add up), then every page passes the WCAG 2.2 AA checks and the worker's
    month is measured against the new target."""
    settings.CSE_HUB_MFA_REQUIRED = False
    worker = factories.member(
        agency=world.hub, role=Role.SPOKE_WORKER, full_name="Wren Worker", mfa=False
    )
    manager = factories.member(
        agency=world.hub, role=Role.HUB_MANAGER, full_name="Mina Manager", mfa=False
    )
    month_of_work(worker=worker)

    sign_in(page, worker.email, password=factories.PASSWORD)
    page.get_by_role("link", name="Your balance").click()
    expect(page.locator("h1")).to_contain_text("Your balance:")
    expect(page.locator("main")).to_contain_text("No work recorded this month")
    assert_accessible(page, axe_script, "own balance, a month without work")

    page.get_by_label("Show another month").select_option(label="March 2025")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("h1")).to_have_text("Your balance: March 2025")
    expect(page.locator("main")).to_contain_text("9.5 hours recorded")
    assert_accessible(page, axe_script, "own balance, March 2025")

    page.get_by_role("link", name="Previous month").click()
    expect(page.locator("h1")).to_have_text("Your balance: February 2025")

    page.goto("/balance/?month=2025-13")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a real month")
    assert_accessible(page, axe_script, "own balance with an unreadable month")
    sign_out(page)

    sign_in(page, manager.email, password=factories.PASSWORD)
    page.get_by_role("link", name="Balance", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Balance of the hub's spoke workers")
    assert_accessible(page, axe_script, "hub balance, this month")
    page.goto(f"/balance/hub/?month={MARCH.param}")
    expect(page.locator("tbody")).to_contain_text("Wren Worker")
    assert_accessible(page, axe_script, "hub balance, March 2025")

    page.get_by_role("link", name="Wren Worker").click()
    expect(page.locator("h1")).to_have_text("Wren Worker: March 2025")
    assert_accessible(page, axe_script, "a worker's balance, seen by the manager")

    page.get_by_role("link", name="Change the target").click()
    expect(page.locator("h1")).to_have_text("Set the target balance")
    assert_accessible(page, axe_script, "target form")
    page.get_by_label("Direct work with young people").fill("45")
    page.get_by_label("Training").fill("twenty")
    page.get_by_role("button", name="Save the target").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the share for training as a whole number."
    )
    assert_accessible(page, axe_script, "target form with a field error")
    page.get_by_label("Training").fill("20")
    page.get_by_role("button", name="Save the target").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("They add up to 90%.")
    assert_accessible(page, axe_script, "target form with shares not adding up")
    page.get_by_label("Direct work with young people").fill("50")
    page.get_by_label("Consultancy").fill("20")
    page.get_by_role("button", name="Save the target").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The balance target for Northbrook CSE Hub has been saved."
    )
    expect(page.locator("main")).to_contain_text("Target set by Mina Manager")
    sign_out(page)

    sign_in(page, worker.email, password=factories.PASSWORD)
    page.goto(f"/balance/?month={MARCH.param}")
    expect(page.locator("main")).to_contain_text("36.8% of hours, target 50%")
