"""The hub's referral pages in headless Chromium, each checked with axe for WCAG 2.2 AA: the
triage queue, a referral at each triage step (with possible matches), the decision page with
its reveals open and with errors, the allocation page, and a spoke worker's allocated list.

Two-factor authentication is skipped here, as in the other journeys; test_two_factor.py
covers it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from partners.models import Role
from referrals.models import Referral
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in, sign_out
from tests.referrals.conftest import years_ago

if TYPE_CHECKING:
    pass

pytestmark = pytest.mark.browser

S = Referral.Status


def test_every_triage_page_passes_axe(
    page, live_server, world, make_referral, known_young_person, axe_script, settings
):
    """Given referrals at each step of triage, when a hub manager and a spoke worker visit
    each hub page, then every one passes the WCAG 2.2 AA checks."""
    settings.CSE_HUB_MFA_REQUIRED = False
    manager = factories.member(
        agency=world.hub, role=Role.HUB_MANAGER, full_name="Mina Manager", mfa=False
    )
    worker = factories.member(
        agency=world.hub, role=Role.SPOKE_WORKER, full_name="Wren Worker", mfa=False
    )
    born = years_ago(15)
    known_young_person(first_name="Elizabeth", last_name="Marsh", date_of_birth=born)
    submitted = make_referral(status=S.SUBMITTED)
    screening = make_referral(
        status=S.SCREENING, first_name="Beth", last_name="Marsh", date_of_birth=born
    )
    accepted = make_referral(status=S.ACCEPTED, match="new")
    make_referral(status=S.ALLOCATED, worker=worker, first_name="Robin")

    sign_in(page, manager.email, password=factories.PASSWORD)
    page.goto("/referrals/triage/")
    expect(page.locator("h1")).to_have_text("Referrals to triage")
    assert_accessible(page, axe_script, "triage queue")

    page.get_by_role("link", name=submitted.display_name).first.click()
    expect(page.get_by_role("button", name="Start screening")).to_be_visible()
    assert_accessible(page, axe_script, "triage page, submitted")

    page.goto(f"/referrals/{screening.pk}/triage/")
    expect(page.locator("main")).to_contain_text("Strong match")
    assert_accessible(page, axe_script, "triage page, screening with matches")

    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("h1")).to_have_text("Decide on the referral")
    page.get_by_label("Accept and allocate a spoke worker now").check()
    expect(page.get_by_role("group", name="Spoke worker")).to_be_visible()
    assert_accessible(page, axe_script, "decision page, allocation revealed")
    page.get_by_label("Signpost to another service").check()
    expect(page.get_by_label("Which service?")).to_be_visible()
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reason")
    assert_accessible(page, axe_script, "decision page with errors")

    page.goto(f"/referrals/{accepted.pk}/triage/allocate/")
    expect(page.locator("h1")).to_have_text("Allocate a spoke worker")
    assert_accessible(page, axe_script, "allocation page")
    sign_out(page)

    sign_in(page, worker.email, password=factories.PASSWORD)
    page.goto("/referrals/allocated/")
    expect(page.locator("h1")).to_have_text("Referrals allocated to you")
    expect(page.locator("main")).to_contain_text("Robin Sample")
    assert_accessible(page, axe_script, "allocated referrals")
