"""The case journeys in headless Chromium, with an accessibility check on every case page.

A spoke worker logs a session and finds it on the chronology, shares the case with a social
worker's agency at summary scope; the social worker sees the summary only; once the share is
joint, the social worker records a joint visit. Two-factor authentication is skipped here, as in
the other journeys; test_two_factor.py covers it.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from cases import casework, record, services
from cases.models import Case, CaseShare, CaseworkEntry, RiskLevel
from cases.sharing import case_share_create
from partners.models import Agency, Role
from tests import factories
from tests.browser.conftest import axe_violations, describe_violations, sign_in, sign_out

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

SESSION_SUMMARY = "Met after college; talked through who she can call if a lift feels unsafe."
JOINT_SUMMARY = "Joint home visit with the spoke worker; agreed a safety plan with mum."


@dataclass
class Cast:
    hub: Agency
    social_care: Agency
    worker: User
    manager: User
    social_worker: User
    administrator: User
    case: Case


@pytest.fixture
def cast(transactional_db, settings) -> Cast:
    """A hub with a worker placed in Ashdown, its manager, Ashdown's social worker and a case.

    Nobody has an authenticator and two-factor is not required, so sign-in is one step.
    """
    settings.CSE_HUB_MFA_REQUIRED = False
    ashdown = factories.local_authority(name="Ashdown")
    hub = factories.agency(
        kind=Agency.Kind.CSE_HUB, name="Northbrook CSE Hub", local_authorities=[ashdown]
    )
    social_care = factories.agency(name="Ashdown Children's Services", local_authorities=[ashdown])
    worker = factories.member(agency=hub, role=Role.SPOKE_WORKER, full_name="Sam Spoke", mfa=False)
    manager = factories.member(
        agency=hub, role=Role.HUB_MANAGER, full_name="Harriet Hub", mfa=False
    )
    social_worker = factories.member(
        agency=social_care, role=Role.PRACTITIONER, full_name="Sol Worker", mfa=False
    )
    administrator = factories.member(
        agency=factories.agency(kind=Agency.Kind.OTHER, name="CSE Hub Support"),
        role=Role.ADMINISTRATOR,
        full_name="Ada Admin",
        mfa=False,
    )
    factories.placement(
        worker=worker, hub=hub, local_authority=ashdown, host_agency=social_care, by=manager
    )
    case = services.case_open(
        by=manager,
        hub=hub,
        local_authority=ashdown,
        risk_level=RiskLevel.HIGH,
        rationale="Picked up from school by older males in different cars.",
        young_person_data={"first_name": "Robin", "last_name": "Journeytest"},
        lead_worker=worker,
    )
    return Cast(hub, social_care, worker, manager, social_worker, administrator, case)


def assert_accessible(page: Page, axe: Path, where: str) -> None:
    violations = axe_violations(page, axe)
    assert not violations, f"{where}:\n{describe_violations(violations)}"


def test_log_share_summary_joint_journey(page, live_server, cast, axe_script):
    """Given a case, when the worker logs a session, shares at summary scope, and the share
    becomes joint, then the social worker sees the summary only and then records a joint visit."""
    # The spoke worker logs a session from their caseload, in well under a minute.
    sign_in(page, cast.worker.email, password=factories.PASSWORD)
    started = time.monotonic()
    expect(page.locator("h1")).to_have_text("Spoke worker home")
    page.get_by_role("link", name="See your caseload").click()
    expect(page.locator("h1")).to_have_text("Your caseload")
    assert_accessible(page, axe_script, "caseload")
    page.get_by_role("link", name="Log casework for Robin Journeytest").click()
    expect(page.locator("h1")).to_have_text("Log casework")
    assert_accessible(page, axe_script, "casework form")
    page.get_by_label("Kind of work").select_option(label="One-to-one session")
    page.get_by_label("What happened").fill(SESSION_SUMMARY)
    page.get_by_label("The young person's voice").fill("I know who to ring now.")
    page.get_by_role("button", name="Save casework").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Casework recorded")
    assert time.monotonic() - started < 60

    # ... and finds it on the case and on the chronology.
    expect(page.locator("h1")).to_have_text("Robin Journeytest")
    assert_accessible(page, axe_script, "case page, full record")
    page.get_by_role("button", name="Chronology").click()
    expect(page.locator("h1")).to_have_text("Chronology")
    expect(page.locator(".moj-timeline")).to_contain_text(SESSION_SUMMARY)
    assert_accessible(page, axe_script, "chronology")
    page.get_by_role("link", name="One-to-one session (attended)").first.click()
    expect(page.locator("h1")).to_have_text("One-to-one session")
    assert_accessible(page, axe_script, "casework entry")

    # The worker shares the case with the social worker's agency at summary scope.
    page.goto(cast.case.get_absolute_url())
    page.get_by_role("button", name="Share the case").click()
    expect(page.locator("h1")).to_have_text("Share the case")
    assert_accessible(page, axe_script, "share form")
    page.get_by_label("Summary: identity, risk").check()
    page.get_by_label("Share with").select_option(label=cast.social_care.name)
    page.get_by_label("Safeguarding without consent").check()
    page.get_by_label("Why are you sharing?").fill("Social worker leads the strategy meeting.")
    expiry = timezone.localdate() + datetime.timedelta(days=30)
    ends = page.get_by_role("group", name="Share ends on")
    ends.get_by_label("Day").fill(str(expiry.day))
    ends.get_by_label("Month").fill(str(expiry.month))
    ends.get_by_label("Year").fill(str(expiry.year))
    page.get_by_role("button", name="Share case").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Case shared")
    expect(page.locator("main")).to_contain_text(cast.social_care.name)
    sign_out(page)

    # The social worker sees the summary only.
    sign_in(page, cast.social_worker.email, password=factories.PASSWORD)
    page.goto("/cases/")
    expect(page.locator("h1")).to_have_text("Shared cases")
    assert_accessible(page, axe_script, "shared cases")
    page.get_by_role("link", name="Robin Journeytest").click()
    expect(page.locator("main")).to_contain_text("Summary shared with you")
    expect(page.locator("main")).to_contain_text(cast.worker.email)
    expect(page.locator("main")).not_to_contain_text(SESSION_SUMMARY)
    expect(page.get_by_role("button", name="Log casework")).to_have_count(0)
    expect(page.get_by_role("button", name="Chronology")).to_have_count(0)
    assert_accessible(page, axe_script, "case page, summary")
    response = page.goto(f"/cases/{cast.case.pk}/chronology/")
    assert response is not None
    assert response.status == 403
    sign_out(page)

    # The hub manager makes the share joint.
    sign_in(page, cast.manager.email, password=factories.PASSWORD)
    page.goto(cast.case.get_absolute_url())
    page.get_by_role("link", name=f"Change share with {cast.social_care.name}").click()
    expect(page.locator("h1")).to_have_text("Change what is shared")
    assert_accessible(page, axe_script, "change a share")
    page.get_by_label("Joint: the full record").check()
    page.get_by_label("Why are you changing the share?").fill("Joint work agreed.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Share changed")
    sign_out(page)

    # The social worker records a joint visit, and sees it on the chronology.
    sign_in(page, cast.social_worker.email, password=factories.PASSWORD)
    page.goto(cast.case.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Recent casework")
    expect(page.get_by_role("link", name="One-to-one session")).to_have_count(1)
    page.get_by_role("button", name="Log casework").click()
    expect(page.get_by_label("Restricted")).to_have_count(0)
    page.get_by_label("Kind of work").select_option(label="Joint visit with a social worker")
    page.get_by_label("What happened").fill(JOINT_SUMMARY)
    page.get_by_role("button", name="Save casework").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Casework recorded")
    page.get_by_role("button", name="Chronology").click()
    expect(page.locator(".moj-timeline")).to_contain_text(JOINT_SUMMARY)
    expect(page.locator(".moj-timeline")).to_contain_text(cast.social_care.name)
    entry = CaseworkEntry.objects.get(summary=JOINT_SUMMARY)
    assert entry.author_agency_id == cast.social_care.pk


def test_every_other_case_page_passes_axe(page, live_server, cast, axe_script):
    """Given a case with a record, when the hub manager and an administrator visit each of the
    remaining case pages, then every one passes the WCAG 2.2 AA checks."""
    entry = casework.entry_create(
        case=cast.case,
        by=cast.worker,
        kind=CaseworkEntry.Kind.PHONE,
        occurred_at=timezone.now() - datetime.timedelta(hours=3),
        attendance=CaseworkEntry.Attendance.ATTENDED,
        summary="Checked in by phone before the weekend.",
    )
    share = case_share_create(
        case=cast.case,
        by=cast.manager,
        scope=CaseShare.Scope.FULL,
        lawful_basis=CaseShare.LawfulBasis.SAFEGUARDING,
        reason="Strategy discussion.",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
        agency=cast.social_care,
    )
    review = record.review_schedule(
        case=cast.case, by=cast.manager, due_on=timezone.localdate() + datetime.timedelta(days=5)
    )
    involvement = record.involvement_add(
        case=cast.case, by=cast.manager, agency=cast.social_care, professional_name="Sol Worker"
    )
    pk = cast.case.pk
    manager_pages = {
        "/cases/": "Cases",
        "/cases/?status=all&sort=name": "Cases",
        "/cases/new/": "Open a case",
        f"/cases/{pk}/": "Robin Journeytest",
        f"/cases/{pk}/close/": "Close the case",
        f"/cases/{pk}/allocate/": "Allocate workers",
        f"/cases/{pk}/risk/new/": "Assess risk",
        f"/cases/{pk}/plan/": "The plan",
        f"/cases/{pk}/reviews/new/": "Schedule a review",
        f"/cases/{pk}/reviews/{review.pk}/": "Record a review",
        f"/cases/{pk}/involvement/new/": "Add an agency's involvement",
        f"/cases/{pk}/involvement/{involvement.pk}/stepped-back/": (
            "Record that an agency stepped back"
        ),
        f"/cases/{pk}/shares/{share.pk}/revoke/": "Stop sharing",
        f"/cases/{pk}/chronology/?kinds=casework": "Chronology",
        f"/cases/{pk}/chronology/print/": "Robin Journeytest: chronology",
        f"/cases/{pk}/casework/{entry.pk}/entered-in-error/": "Mark as entered in error",
        f"/cases/{pk}/access-history/": "Access history",
    }
    sign_in(page, cast.manager.email, password=factories.PASSWORD)
    for url, heading in manager_pages.items():
        page.goto(url)
        expect(page.locator("h1")).to_have_text(heading)
        assert_accessible(page, axe_script, url)
    # An error summary is part of every form page too.
    page.goto(f"/cases/{pk}/close/")
    page.get_by_role("button", name="Close case").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
    assert_accessible(page, axe_script, "close form with errors")
    sign_out(page)

    # The author's edit page.
    sign_in(page, cast.worker.email, password=factories.PASSWORD)
    page.goto(f"/cases/{pk}/casework/{entry.pk}/edit/")
    expect(page.locator("h1")).to_have_text("Change casework")
    assert_accessible(page, axe_script, "change casework")
    sign_out(page)

    # Break-glass: the reason first, then the case opens read-only.
    sign_in(page, cast.administrator.email, password=factories.PASSWORD)
    page.goto(f"/cases/{pk}/break-glass/")
    expect(page.locator("h1")).to_have_text("Break-glass access")
    assert_accessible(page, axe_script, "break-glass")
    page.get_by_label("Why do you need to open this case?").fill("Urgent data protection request.")
    page.get_by_role("button", name="Open the case").click()
    expect(page.locator("h1")).to_have_text("Robin Journeytest")
    expect(page.locator("main")).to_contain_text("break-glass access")
    assert_accessible(page, axe_script, "case page, break-glass")
