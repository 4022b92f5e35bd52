"""The consultancy journey in headless Chromium, with an accessibility check on each page.

A social worker asks about a young person they do not name, is warned that their first wording
looks identifying and rewrites it; the spoke worker placed in their local authority finds it in
their inbox and records advice; the social worker reads the advice and marks it helpful, which
closes the request. Two-factor authentication is skipped, as in the other journeys.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from accounts.models import User
from consultancy.models import ConsultancyRequest
from partners.models import Agency, Role
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.browser

FIRST_WORDING = (
    "Jane Smith, born 03/04/2011, is collected from school by older males in cars. "
    "How should I raise it with her?"
)
QUESTION = (
    "A 14-year-old girl in my caseload is collected from school by older males in cars. "
    "How should I raise it with her and her mum?"
)
ADVICE = (
    "Talk with her about the relationships rather than the gifts, record what you see, and "
    "ask for a strategy discussion if the males are identified."
)


@dataclass
class Cast:
    worker: User
    social_worker: User


@pytest.fixture
def cast(transactional_db, settings) -> Cast:
    """Ashdown, its hub with one placed spoke worker and a manager, and Ashdown's social worker."""
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
    factories.placement(worker=worker, hub=hub, local_authority=ashdown, by=manager)
    return Cast(worker, social_worker)


def test_request_advise_and_mark_helpful_journey(page, live_server, cast, axe_script):
    """Given a social worker and the worker placed in their area, when the social worker asks,
    the worker advises and the social worker marks it helpful, then the request is closed as
    helpful and each side saw what they needed."""
    sign_in(page, cast.social_worker.email, password=factories.PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Consultancy").click()
    expect(page.locator("h1")).to_have_text("Your consultancy requests")
    assert_accessible(page, axe_script, "requester's list, empty")
    page.get_by_role("button", name="Ask for consultancy").click()
    expect(page.locator("h1")).to_have_text("Ask for consultancy")
    assert_accessible(page, axe_script, "request form")

    page.get_by_label("A young person I will not name").check()
    page.get_by_label("Age of the young person").fill("14")
    page.get_by_label("Your question").fill(FIRST_WORDING)
    page.get_by_label("Soon: within 2 working days").check()
    page.get_by_label("In writing, through CSE Hub").check()
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("looks like a full name")
    expect(
        page.get_by_label("I have checked: this does not identify the young person")
    ).to_be_visible()
    assert_accessible(page, axe_script, "request form with the identifying warning")

    page.get_by_label("Your question").fill(QUESTION)
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("sent to Northbrook CSE Hub")
    expect(page.locator("h1")).to_contain_text("Consultancy request C")
    assert_accessible(page, axe_script, "request just sent")
    reference = ConsultancyRequest.objects.get().reference
    sign_out(page)

    # The placed worker finds it in their inbox and advises.
    sign_in(page, cast.worker.email, password=factories.PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Consultancy").click()
    expect(page.locator("h1")).to_have_text("Consultancy requests to answer")
    assert_accessible(page, axe_script, "worker's inbox")
    page.get_by_role("link", name=reference).click()
    page.get_by_role("button", name="Record advice").click()
    expect(page.locator("h1")).to_have_text("Record advice")
    assert_accessible(page, axe_script, "advise form")
    page.get_by_label("Advice given").fill(ADVICE)
    page.get_by_label("Time spent, in minutes").fill("40")
    page.get_by_label("Recognising signs of exploitation").check()
    page.get_by_role("button", name="Save and send advice").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Advice recorded")
    assert_accessible(page, axe_script, "advised, as the worker sees it")
    sign_out(page)

    # The social worker reads the advice and says it helped.
    sign_in(page, cast.social_worker.email, password=factories.PASSWORD)
    page.goto(ConsultancyRequest.objects.get().get_absolute_url())
    expect(page.locator("main")).to_contain_text(ADVICE)
    assert_accessible(page, axe_script, "advice, as the requester sees it")
    page.get_by_role("button", name="Say whether it helped").click()
    expect(page.locator("h1")).to_have_text("Did the advice help?")
    assert_accessible(page, axe_script, "feedback form")
    page.get_by_label("Yes").check()
    page.get_by_label("Anything you would like to tell the worker").fill("Clear next steps.")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("request is closed")
    expect(page.locator("main")).to_contain_text("the advice helped")
    assert_accessible(page, axe_script, "closed as helpful")

    item = ConsultancyRequest.objects.get()
    assert item.status == ConsultancyRequest.Status.CLOSED
    assert item.helpful is True
    assert item.responding_worker == cast.worker
