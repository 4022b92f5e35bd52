"""The referral journey in headless Chromium, with an accessibility check on each page on the way.

A social worker refers a young person the hub worked with before (under a slightly different
spelling, with the day and month of birth swapped); the hub manager screens the referral, sees
the possible match, links it, accepts and allocates it to a spoke worker; the spoke worker finds
the new case on their caseload; the social worker sees the outcome and the worker's contact, and
nothing about the hub's earlier work. Two-factor authentication is skipped, as in the other
journeys; test_two_factor.py covers it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from cases import services as case_services
from cases.models import Case, RiskLevel
from partners.models import Agency, Role
from referrals.models import Referral
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in, sign_out

if TYPE_CHECKING:
    pass

pytestmark = pytest.mark.browser

NARRATIVE = "Seen getting into cars with older males after school; missing overnight twice."
RATIONALE = "Known to the hub before; new missing episodes and an older boyfriend."


@dataclass
class Cast:
    hub: Agency
    worker: User
    manager: User
    social_worker: User
    known_case: Case
    born: datetime.date


@pytest.fixture
def cast(transactional_db, settings) -> Cast:
    """Ashdown, its hub with a placed worker and a manager, Ashdown's social worker, and a young
    person the hub worked with before (their case is closed).

    Nobody has an authenticator and two-factor is not required, so sign-in is one step.
    """
    settings.CSE_HUB_MFA_REQUIRED = False
    ashdown = factories.local_authority(name="Ashdown")
    hub = factories.agency(
        kind=Agency.Kind.CSE_HUB, name="Northbrook CSE Hub", local_authorities=[ashdown]
    )
    social_care = factories.agency(name="Ashdown Children's Services", local_authorities=[ashdown])
    worker = factories.member(agency=hub, role=Role.SPOKE_WORKER, full_name="Sam Spoke", mfa=False)
    worker.job_title = "Spoke worker"
    worker.save(update_fields=["job_title"])
    manager = factories.member(
        agency=hub, role=Role.HUB_MANAGER, full_name="Harriet Hub", mfa=False
    )
    social_worker = factories.member(
        agency=social_care, role=Role.PRACTITIONER, full_name="Sol Worker", mfa=False
    )
    factories.placement(
        worker=worker, hub=hub, local_authority=ashdown, host_agency=social_care, by=manager
    )
    today = timezone.localdate()
    born = datetime.date(today.year - 14, 3, 7)
    known_case = case_services.case_open(
        by=manager,
        hub=hub,
        local_authority=ashdown,
        risk_level=RiskLevel.LOW,
        rationale="Older boyfriend; now ended.",
        young_person_data={
            "first_name": "Robin",
            "last_name": "Journeytest",
            "date_of_birth": born,
        },
        lead_worker=worker,
    )
    case_services.case_close(
        case=known_case,
        by=manager,
        version=known_case.version,
        reason=Case.ClosureReason.OUTCOMES_MET,
        outcome="Goals met.",
    )
    return Cast(hub, worker, manager, social_worker, known_case, born)


def test_refer_triage_match_allocate_journey(page, live_server, cast, axe_script):
    """Given a young person the hub worked with before, when a social worker refers them under
    another spelling and the hub manager links, accepts and allocates the referral, then the spoke
    worker finds the new case on their caseload and the social worker sees the outcome."""
    # The social worker makes the referral from their list.
    sign_in(page, cast.social_worker.email, password=factories.PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Referrals").click()
    expect(page.locator("h1")).to_have_text("Your referrals")
    assert_accessible(page, axe_script, "referrer's list")
    page.get_by_role("button", name="Make a referral").click()
    expect(page.locator("h1")).to_have_text("Make a referral")
    assert_accessible(page, axe_script, "referral form")
    page.get_by_label("First name").fill("Robyn")
    page.get_by_label("Last name").fill("Journeytest")
    page.get_by_role("textbox", name="Day").fill(str(cast.born.month))  # swapped, as a slip
    page.get_by_role("textbox", name="Month").fill(str(cast.born.day))
    page.get_by_role("textbox", name="Year").fill(str(cast.born.year))
    page.get_by_label("Local authority where the young person lives").select_option(label="Ashdown")
    page.get_by_role("button", name="Find services for this local authority").click()
    expect(page.get_by_label("CSE service to refer to")).to_have_value(str(cast.hub.pk))
    page.get_by_label("Missing episodes").check()
    page.get_by_label("Older boyfriend or girlfriend").check()
    page.get_by_label("What has happened and why you are worried").fill(NARRATIVE)
    page.get_by_label("Priority: within 2 working days").check()
    page.get_by_role("group", name="Does the young person know about this referral?").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("group", name="Does the young person consent to it?").get_by_label(
        "Yes"
    ).check()
    page.get_by_role(
        "group", name="Do the young person's parents or carers know about this referral?"
    ).get_by_label("Yes").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Check your answers before sending the referral")
    assert_accessible(page, axe_script, "check your answers")
    page.get_by_role("button", name="Submit referral").click()
    expect(page.locator("h1")).to_have_text("Referral submitted")
    assert_accessible(page, axe_script, "referral submitted")
    referral = Referral.objects.get(last_name="Journeytest")
    assert referral.status == Referral.Status.SUBMITTED
    sign_out(page)

    # The hub manager triages it: screening, the possible match, the link.
    sign_in(page, cast.manager.email, password=factories.PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Referrals").click()
    expect(page.locator("h1")).to_have_text("Referrals to triage")
    assert_accessible(page, axe_script, "triage queue")
    page.get_by_role("link", name="Robyn Journeytest").click()
    expect(page.locator("h1")).to_have_text("Robyn Journeytest")
    page.get_by_role("button", name="Start screening").click()
    matches = page.locator("#matches").locator("xpath=..")
    expect(matches).to_contain_text("Robin Journeytest")
    expect(matches).to_contain_text("Date of birth with the day and month swapped")
    assert_accessible(page, axe_script, "triage page with a possible match")
    page.locator(".govuk-summary-card", has_text="Robin Journeytest").get_by_role(
        "button", name="This is the same young person"
    ).click()
    expect(page.locator("main")).to_contain_text("Robin Journeytest")

    # ... decides to accept and allocate in one go.
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("h1")).to_have_text("Decide on the referral")
    page.get_by_label("Accept and allocate").check()
    assert_accessible(page, axe_script, "decision page")
    page.get_by_label("Reason for the decision").fill("Meets the threshold for CSE support.")
    page.get_by_role("group", name="Spoke worker").get_by_label("Sam Spoke").check()
    page.get_by_role("group", name="Risk of child sexual exploitation").get_by_label(
        "Medium"
    ).check()
    page.get_by_label("Why this risk level").fill(RATIONALE)
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ALLOCATED
    assert referral.young_person_id == cast.known_case.young_person_id
    assert referral.case_id != cast.known_case.pk
    sign_out(page)

    # The spoke worker finds the new case on their caseload.
    sign_in(page, cast.worker.email, password=factories.PASSWORD)
    page.get_by_role("link", name="See your caseload").click()
    expect(page.locator("h1")).to_have_text("Your caseload")
    expect(page.locator("main")).to_contain_text("Robin Journeytest")
    page.get_by_role("link", name="Robin Journeytest").first.click()
    assert referral.case is not None
    expect(page).to_have_url(f"{live_server.url}{referral.case.get_absolute_url()}")
    sign_out(page)

    # The social worker sees the outcome and how to reach the worker, and nothing of the match.
    sign_in(page, cast.social_worker.email, password=factories.PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Referrals").click()
    row = page.get_by_role("row", name=referral.reference)
    expect(row).to_contain_text("Robyn Journeytest")
    expect(row).to_contain_text("Sam Spoke")
    row.get_by_role("link", name=referral.reference).click()
    main = page.locator("main")
    expect(main).to_contain_text("Allocated")
    expect(main).to_contain_text("Sam Spoke")
    expect(main).to_contain_text(cast.worker.email)
    expect(main).not_to_contain_text("Robin")
    expect(main).not_to_contain_text("Go to the case")
    assert_accessible(page, axe_script, "referrer's view of the outcome")
