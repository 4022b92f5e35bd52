"""The training journey in headless Chromium, with an accessibility check on every training page.

A spoke worker records a training session they delivered in Ashdown, then its attendance from
three agencies: a social worker and a police officer by name with their own confidence scores,
and a number of teachers from the academy with the average of their evaluation forms; the session
page shows the totals by agency and the average confidence before and after. The social worker
then finds the session in the training they attended, with their own scores and nobody else's.
Forms are also shown with errors, as people meet them. Two-factor authentication is skipped, as
in the other journeys; test_two_factor.py covers it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from consultancy.models import TrainingAttendance, TrainingSession
from partners.models import Agency, Role
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.browser


@dataclass
class Cast:
    worker: User
    social_worker: User
    police_officer: User


@pytest.fixture
def cast(transactional_db, settings) -> Cast:
    """Ashdown, its hub with a placed worker, and practitioners at three Ashdown agencies.

    Nobody has an authenticator and two-factor is not required, so sign-in is one step.
    """
    settings.CSE_HUB_MFA_REQUIRED = False
    ashdown = factories.local_authority(name="Ashdown")
    hub = factories.agency(
        kind=Agency.Kind.CSE_HUB, name="Northbrook CSE Hub", local_authorities=[ashdown]
    )
    social_care = factories.agency(name="Ashdown Children's Services", local_authorities=[ashdown])
    police = factories.agency(
        kind=Agency.Kind.POLICE, name="Shire Police", local_authorities=[ashdown]
    )
    factories.agency(
        kind=Agency.Kind.EDUCATION, name="Ashdown Academy", local_authorities=[ashdown]
    )
    worker = factories.member(agency=hub, role=Role.SPOKE_WORKER, full_name="Sam Spoke", mfa=False)
    manager = factories.member(
        agency=hub, role=Role.HUB_MANAGER, full_name="Harriet Hub", mfa=False
    )
    factories.placement(worker=worker, hub=hub, local_authority=ashdown, by=manager)
    social_worker = factories.member(
        agency=social_care, role=Role.PRACTITIONER, full_name="Sol Worker", mfa=False
    )
    police_officer = factories.member(
        agency=police, role=Role.PRACTITIONER, full_name="Pat Constable", mfa=False
    )
    return Cast(worker, social_worker, police_officer)


def test_record_a_training_session_with_attendance_from_three_agencies(
    page, live_server, cast, axe_script
):
    """Given a spoke worker who delivered training in Ashdown, when they record it with
    attendance from three agencies and confidence scores, then the session page shows the totals
    and averages, and a named attendee sees the session and only their own scores."""
    delivered = timezone.localdate() - datetime.timedelta(days=2)
    sign_in(page, cast.worker.email, password=factories.PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Training").click()
    expect(page.locator("h1")).to_have_text("Training sessions")
    expect(page.locator("main")).to_contain_text("There are no training sessions to show")
    assert_accessible(page, axe_script, "empty training list")

    # The session, first sent with nothing filled in.
    page.get_by_role("button", name="Add a training session").click()
    expect(page.locator("h1")).to_have_text("Add a training session")
    assert_accessible(page, axe_script, "new session form")
    page.get_by_role("group", name="Trainers").get_by_label("Sam Spoke").uncheck()
    page.get_by_role("button", name="Save session").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the title")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose at least one trainer")
    expect(page).to_have_title(re.compile("^Error:"))
    assert_accessible(page, axe_script, "new session form with errors")
    page.get_by_label("Title", exact=True).fill("Spotting the signs of exploitation")
    page.get_by_label("Who it is for").fill("Practitioners across Ashdown")
    page.get_by_label("Local authority").select_option(label="Ashdown")
    page.get_by_role("group", name="Status").get_by_label("Delivered").check()
    date = page.get_by_role("group", name="Date")
    date.get_by_role("textbox", name="Day").fill(str(delivered.day))
    date.get_by_role("textbox", name="Month").fill(str(delivered.month))
    date.get_by_role("textbox", name="Year").fill(str(delivered.year))
    page.get_by_label("Length in minutes").fill("120")
    page.get_by_label("Venue").fill("Ashdown Civic Centre")
    page.get_by_role("group", name="Trainers").get_by_label("Sam Spoke").check()
    page.get_by_label("Recognising signs of exploitation").check()
    page.get_by_label("Language and victim-blaming").check()
    page.get_by_role("button", name="Save session").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Training session recorded")
    expect(page.locator("h1")).to_have_text("Spotting the signs of exploitation")
    expect(page.locator("main")).to_contain_text("No attendance has been recorded yet")
    assert_accessible(page, axe_script, "session page before attendance")
    session = TrainingSession.objects.get()

    # Two named attendees who use CSE Hub, found by search, each with their own scores.
    for name, agency, before, after in (
        ("Sol Worker", "Ashdown Children's Services", "2", "4"),
        ("Pat Constable", "Shire Police", "1", "3"),
    ):
        page.get_by_role("button", name="Add a named attendee").click()
        expect(page.locator("h1")).to_have_text("Add a named attendee")
        if name == "Sol Worker":
            assert_accessible(page, axe_script, "attendee search")
        page.get_by_label("Search by name or email").fill(name.split()[0])
        page.get_by_role("button", name="Search").click()
        if name == "Sol Worker":
            assert_accessible(page, axe_script, "attendee search results")
            page.get_by_role("button", name="Add attendee").click()
            expect(page.locator(".govuk-error-summary")).to_contain_text("Choose who attended")
            assert_accessible(page, axe_script, "attendee form with errors")
        page.get_by_label(f"{name}, Practitioner, {agency}").check()
        page.get_by_label("Confidence before").select_option(before)
        page.get_by_label("Confidence after").select_option(after)
        page.get_by_role("button", name="Add attendee").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            f"{name} recorded as attending"
        )

    # Twelve teachers from the academy, not named, with the average of their forms.
    page.get_by_role("button", name="Add a number from an agency").click()
    expect(page.locator("h1")).to_have_text("Add a number from an agency")
    assert_accessible(page, axe_script, "number from an agency form")
    page.get_by_label("Agency").select_option(label="Ashdown Academy")
    page.get_by_label("Average confidence before").fill("2.5")
    page.get_by_label("Average confidence after").fill("7")
    page.get_by_role("button", name="Add attendance").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter how many people came")
    assert_accessible(page, axe_script, "number from an agency form with errors")
    page.get_by_label("Number of people").fill("12")
    page.get_by_role("button", name="Add attendance").click()
    expect(summary).to_contain_text("Enter a score from 1 to 5")
    page.get_by_label("Average confidence after").fill("4.25")
    page.get_by_role("button", name="Add attendance").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Attendance from Ashdown Academy recorded"
    )

    # The session page: 14 people from 3 agencies; (2 + 1 + 12 × 2.5) / 14 = 2.36 before and
    # (4 + 3 + 12 × 4.25) / 14 = 4.14 after.
    overall = page.locator("#attendance-summary")
    expect(overall).to_contain_text("14 from 3 agencies")
    expect(overall).to_contain_text("2.36 out of 5")
    expect(overall).to_contain_text("4.14 out of 5")
    expect(overall).to_contain_text("Up 1.78")
    by_agency = page.get_by_role("table", name="Attendance by agency")
    expect(by_agency.get_by_role("row", name="Ashdown Academy")).to_contain_text("12")
    expect(by_agency.get_by_role("row", name="Shire Police")).to_contain_text("1.00")
    assert_accessible(page, axe_script, "session page with attendance")
    assert TrainingAttendance.objects.filter(session=session).count() == 3

    # Correcting a score, and the removal page (left without removing).
    page.get_by_role("link", name="Change Pat Constable").click()
    expect(page.locator("h1")).to_have_text("Change Pat Constable's scores")
    assert_accessible(page, axe_script, "change a named attendee's scores")
    page.get_by_label("Confidence after").select_option("4")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Attendance updated")
    page.get_by_role("link", name="Change the number from Ashdown Academy").click()
    expect(page.locator("h1")).to_have_text("Change the number from Ashdown Academy")
    assert_accessible(page, axe_script, "change an agency's number")
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("link", name="Remove Sol Worker").click()
    expect(page.locator("h1")).to_have_text("Remove Sol Worker from the attendance")
    assert_accessible(page, axe_script, "remove attendance")
    page.get_by_role("link", name="Cancel").click()

    # The feedback summary, on the session's change form.
    page.get_by_role("button", name="Change the session").click()
    expect(page.locator("h1")).to_have_text("Change the training session")
    assert_accessible(page, axe_script, "change session form")
    page.get_by_label("Feedback summary").fill("Most will now challenge victim-blaming language.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("main")).to_contain_text("Most will now challenge victim-blaming language.")

    # The list, now with the session.
    page.get_by_role("link", name="Back to training sessions").click()
    expect(page.get_by_role("row", name="Spotting the signs of exploitation")).to_contain_text("14")
    assert_accessible(page, axe_script, "training list with a session")
    sign_out(page)

    # The social worker sees the session and their own scores only.
    sign_in(page, cast.social_worker.email, password=factories.PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Training").click()
    expect(page.locator("h1")).to_have_text("Training you attended")
    row = page.get_by_role("row", name="Spotting the signs of exploitation")
    expect(row).to_contain_text("2 out of 5")
    expect(row).to_contain_text("4 out of 5")
    assert_accessible(page, axe_script, "training attended")
    row.get_by_role("link", name="Spotting the signs of exploitation").click()
    main = page.locator("main")
    expect(main).to_contain_text("Your attendance")
    expect(main).to_contain_text("Sam Spoke")
    expect(main).not_to_contain_text("Pat Constable")
    expect(main).not_to_contain_text("Ashdown Academy")
    assert_accessible(page, axe_script, "a session as its attendee sees it")
