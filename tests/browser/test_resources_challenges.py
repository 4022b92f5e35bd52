"""Resources and practice challenges in headless Chromium, with an accessibility check on every
page on the way.

A spoke worker shares a leaflet with every partner in Ashdown (after a refused upload of the
wrong type), uploads a new version, and Ashdown's social worker finds and downloads it; then the
worker records a practice challenge of Ashdown Children's Services about a young person's case
(after a form with errors), escalates it, and the team manager reads it; the hub's manager
resolves it. Two-factor authentication is skipped, as in the other journeys.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from audit.models import AuditEvent
from cases import services as case_services
from cases.models import Case, CaseShare, RiskLevel
from cases.sharing import case_share_create
from consultancy.models import PracticeChallenge, Resource
from partners.models import Agency, Role
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
CONCERN = "Case closed after one missed visit, with no strategy discussion about the risks."


@dataclass
class Cast:
    worker: User
    manager: User
    social_worker: User
    team_manager: User
    case: Case


@pytest.fixture
def cast(transactional_db, settings) -> Cast:
    """Ashdown, its hub with a worker and a manager, and Ashdown Children's Services with a
    social worker and a team manager; a case of the hub shared with them."""
    settings.CSE_HUB_MFA_REQUIRED = False
    ashdown = factories.local_authority(name="Ashdown")
    hub = factories.agency(
        kind=Agency.Kind.CSE_HUB, name="Northbrook CSE Hub", local_authorities=[ashdown]
    )
    social_care = factories.agency(name="Ashdown Children's Services", local_authorities=[ashdown])
    factories.agency(kind=Agency.Kind.POLICE, name="Shire Police", local_authorities=[ashdown])
    worker = factories.member(agency=hub, role=Role.SPOKE_WORKER, full_name="Sam Spoke", mfa=False)
    manager = factories.member(
        agency=hub, role=Role.HUB_MANAGER, full_name="Harriet Hub", mfa=False
    )
    social_worker = factories.member(
        agency=social_care, role=Role.PRACTITIONER, full_name="Sol Worker", mfa=False
    )
    team_manager = factories.member(
        agency=social_care, role=Role.TEAM_MANAGER, full_name="Tess Manager", mfa=False
    )
    factories.placement(worker=worker, hub=hub, local_authority=ashdown, by=manager)
    case = case_services.case_open(
        by=manager,
        hub=hub,
        local_authority=ashdown,
        risk_level=RiskLevel.MEDIUM,
        rationale="Older boyfriend; missing overnight twice.",
        young_person_data={"first_name": "Robin", "last_name": "Example"},
        lead_worker=worker,
    )
    case_share_create(
        case=case,
        by=manager,
        agency=social_care,
        scope=CaseShare.Scope.FULL,
        lawful_basis=CaseShare.LawfulBasis.SAFEGUARDING,
        reason="Strategy discussion agreed to share.",
        expires_on=timezone.localdate() + datetime.timedelta(days=60),
    )
    return Cast(worker, manager, social_worker, team_manager, case)


def _menu(page, name: str) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=name).click()


def test_share_a_resource_and_download_it_as_a_partner(page, live_server, cast, axe_script):
    """Given a spoke worker and Ashdown's social worker, when the worker shares a leaflet with
    every partner in Ashdown and uploads a second version, then the social worker downloads the
    second version and the download is audited."""
    sign_in(page, cast.worker.email, password=factories.PASSWORD)
    _menu(page, "Resources")
    expect(page.locator("h1")).to_have_text("Resources you share")
    assert_accessible(page, axe_script, "hub's empty resource list")
    page.get_by_role("button", name="Share a resource").click()
    expect(page.locator("h1")).to_have_text("Share a resource")
    assert_accessible(page, axe_script, "share a resource form")

    # A web page renamed .pdf is refused with a message at the file.
    page.get_by_label("Title").fill("Spotting the signs: a leaflet for parents")
    page.get_by_label("Leaflet").check()
    page.get_by_label("Every partner agency in chosen local authorities").check()
    page.get_by_role("group", name="Local authorities").get_by_label("Ashdown").check()
    page.get_by_label("File", exact=True).set_input_files(
        files=[{"name": "leaflet.pdf", "mimeType": "application/pdf", "buffer": b"<html></html>"}]
    )
    page.get_by_role("button", name="Share resource").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("is not a PDF file")
    assert_accessible(page, axe_script, "share form with a refused file")

    page.get_by_label("File", exact=True).set_input_files(
        files=[{"name": "leaflet.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Share resource").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Resource shared")
    expect(page.locator("h1")).to_have_text("Spotting the signs: a leaflet for parents")
    assert_accessible(page, axe_script, "resource page for the hub")

    page.get_by_role("button", name="Upload a new version").click()
    expect(page.locator("h1")).to_have_text("Upload a new version")
    assert_accessible(page, axe_script, "new version form")
    page.get_by_label("New file").set_input_files(
        files=[{"name": "leaflet-2026.pdf", "mimeType": "application/pdf", "buffer": PDF + b"%2"}]
    )
    page.get_by_label("What changed").fill("New helpline numbers.")
    page.get_by_role("button", name="Upload version").click()
    expect(page.locator("table")).to_contain_text("leaflet-2026.pdf")
    expect(page.locator("table")).to_contain_text("New helpline numbers.")

    page.get_by_role("button", name="Change details or who may see it").click()
    expect(page.locator("h1")).to_have_text("Change the resource")
    assert_accessible(page, axe_script, "change resource form")
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("link", name="Withdraw this resource").click()
    expect(page.locator("h1")).to_have_text("Withdraw the resource")
    assert_accessible(page, axe_script, "withdraw resource page")
    _menu(page, "Resources")
    expect(page.locator("main")).to_contain_text("Every partner in Ashdown")
    assert_accessible(page, axe_script, "hub's resource list")
    sign_out(page)

    # The social worker finds it and downloads the current version only.
    sign_in(page, cast.social_worker.email, password=factories.PASSWORD)
    _menu(page, "Resources")
    expect(page.locator("h1")).to_have_text("Resources shared with you")
    assert_accessible(page, axe_script, "partner's resource list")
    page.get_by_role("link", name="Spotting the signs: a leaflet for parents").click()
    expect(page.locator("main")).not_to_contain_text("Versions")
    assert_accessible(page, axe_script, "resource page for a partner")
    with page.expect_download() as waiting:
        page.get_by_role("button", name="Download leaflet-2026.pdf").click()
    download = waiting.value
    assert download.suggested_filename == "leaflet-2026.pdf"
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == PDF + b"%2"
    resource = Resource.objects.get()
    event = AuditEvent.objects.get(action=AuditEvent.Action.RESOURCE_DOWNLOADED)
    assert event.actor_id == cast.social_worker.pk
    assert event.object_id == str(resource.pk)


def test_raise_escalate_and_resolve_a_practice_challenge(page, live_server, cast, axe_script):
    """Given a case shared with Ashdown Children's Services, when the worker challenges their
    closing it too early and escalates to a manager, then the team manager reads the challenge
    and the case link, and the hub's manager resolves it."""
    sign_in(page, cast.worker.email, password=factories.PASSWORD)
    _menu(page, "Challenges")
    expect(page.locator("h1")).to_have_text("Your practice challenges")
    assert_accessible(page, axe_script, "worker's empty challenge list")
    page.get_by_role("button", name="Record a challenge").click()
    expect(page.locator("h1")).to_have_text("Record a practice challenge")
    assert_accessible(page, axe_script, "record a challenge form")

    page.get_by_role("button", name="Record challenge").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose the agency whose practice you are challenging."
    )
    assert_accessible(page, axe_script, "challenge form with errors")

    page.get_by_label("Agency whose practice you are challenging").select_option(
        label="Ashdown Children's Services"
    )
    page.get_by_label("Local authority").select_option(label="Ashdown")
    page.get_by_label("Case it is about").select_option(index=1)
    page.get_by_label("Case closed or stepped down too early").check()
    page.get_by_label("The concern").fill(CONCERN)
    page.get_by_role("button", name="Record challenge").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Practice challenge recorded"
    )
    expect(page.locator("h1")).to_have_text("Case closed or stepped down too early")
    assert_accessible(page, axe_script, "challenge page for the raiser")
    challenge = PracticeChallenge.objects.get()

    page.get_by_role("button", name="Escalate").click()
    expect(page.locator("h1")).to_have_text("Escalate the challenge")
    assert_accessible(page, axe_script, "escalate form")
    page.get_by_label("Manager", exact=True).check()
    page.get_by_label("Why it is being escalated").fill("No reply in ten working days.")
    page.get_by_role("button", name="Escalate challenge").click()
    expect(page.locator("main")).to_contain_text("Escalated to manager level")
    page.get_by_role("link", name="Change what it is about").click()
    expect(page.locator("h1")).to_have_text("Change the challenge")
    assert_accessible(page, axe_script, "change challenge form")
    sign_out(page)

    # The challenged agency's team manager reads it, with the case they may see.
    sign_in(page, cast.team_manager.email, password=factories.PASSWORD)
    _menu(page, "Practice challenges")
    expect(page.locator("h1")).to_have_text("Practice challenges to your agency")
    assert_accessible(page, axe_script, "team manager's challenge list")
    page.get_by_role("link", name=challenge.reference).click()
    expect(page.locator("main")).to_contain_text(CONCERN)
    expect(page.locator("main")).to_contain_text("Robin Example")
    expect(page.get_by_role("button", name="Resolve")).to_have_count(0)
    assert_accessible(page, axe_script, "challenge page for the team manager")
    sign_out(page)

    # The hub's manager resolves it.
    sign_in(page, cast.manager.email, password=factories.PASSWORD)
    _menu(page, "Challenges")
    expect(page.locator("h1")).to_have_text("Practice challenges")
    page.get_by_role("link", name=challenge.reference).click()
    page.get_by_role("button", name="Resolve").click()
    expect(page.locator("h1")).to_have_text("Resolve the challenge")
    assert_accessible(page, axe_script, "resolve form")
    page.get_by_role("button", name="Resolve challenge").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the outcome.")
    assert_accessible(page, axe_script, "resolve form with errors")
    page.get_by_label("Practice changed").check()
    page.get_by_label("How it was resolved").fill("Case reopened; strategy meeting held.")
    page.get_by_role("button", name="Resolve challenge").click()
    expect(page.locator("main")).to_contain_text("How it ended")
    assert_accessible(page, axe_script, "resolved challenge page")
    challenge.refresh_from_db()
    assert challenge.status == PracticeChallenge.Status.RESOLVED
    assert challenge.level == PracticeChallenge.Level.MANAGER
