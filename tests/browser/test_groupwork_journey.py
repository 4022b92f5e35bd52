"""Awareness sessions and group work in headless Chromium, with an accessibility check on every
page on the way.

A spoke worker records an awareness session at a school (first with a mistake, which the form
explains); sets up a group-work programme, adds two young people from their caseload, records a
session with one there and one not, and finds the group-work entry on a young person's case.
Two-factor authentication is skipped, as in the other journeys.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from cases import services as case_services
from cases.models import Case, RiskLevel
from partners.models import Agency, Role
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@dataclass
class Cast:
    worker: User
    manager: User
    morgan: Case
    robin: Case


@pytest.fixture
def cast(transactional_db, settings) -> Cast:
    """Ashdown, its hub with a placed worker and a manager, and two young people on the worker's
    caseload. Nobody has an authenticator and two-factor is not required."""
    settings.CSE_HUB_MFA_REQUIRED = False
    ashdown = factories.local_authority(name="Ashdown")
    hub = factories.agency(
        kind=Agency.Kind.CSE_HUB, name="Northbrook CSE Hub", local_authorities=[ashdown]
    )
    worker = factories.member(agency=hub, role=Role.SPOKE_WORKER, full_name="Sam Spoke", mfa=False)
    manager = factories.member(
        agency=hub, role=Role.HUB_MANAGER, full_name="Harriet Hub", mfa=False
    )
    factories.placement(worker=worker, hub=hub, local_authority=ashdown, by=manager)

    def open_case(first: str, last: str) -> Case:
        return case_services.case_open(
            by=manager,
            hub=hub,
            local_authority=ashdown,
            risk_level=RiskLevel.MEDIUM,
            rationale="Older friends with cars; missing overnight.",
            young_person_data={"first_name": first, "last_name": last},
            lead_worker=worker,
        )

    return Cast(worker, manager, open_case("Morgan", "Fictional"), open_case("Robin", "Example"))


def _fill_date(page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_record_an_awareness_session(page, live_server, cast, axe_script):
    """Given a spoke worker, when they record an awareness session (correcting an age range the
    form refuses), then it is on the list with the young people reached."""
    sign_in(page, cast.worker.email, password=factories.PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Awareness and groups"
    ).click()
    expect(page.locator("h1")).to_have_text("Awareness sessions")
    assert_accessible(page, axe_script, "awareness list, empty")

    page.get_by_role("button", name="Record an awareness session").click()
    expect(page.locator("h1")).to_have_text("Record an awareness session")
    assert_accessible(page, axe_script, "awareness form")
    page.get_by_label("School", exact=True).check()
    page.get_by_label("Name of the school or setting").fill("Ashdown Academy")
    page.get_by_label("Local authority").select_option(label="Ashdown")
    _fill_date(page, "Date", timezone.localdate() - datetime.timedelta(days=1))
    page.get_by_label("Length in minutes").fill("50")
    page.get_by_label("Number of young people").fill("28")
    page.get_by_label("Youngest age").fill("15")
    page.get_by_label("Oldest age").fill("13")
    page.get_by_label("Online exploitation").check()
    page.get_by_role("button", name="Record the session").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The oldest age must be the same as or above the youngest"
    )
    assert_accessible(page, axe_script, "awareness form with errors")
    page.get_by_label("Youngest age").fill("13")
    page.get_by_label("Oldest age").fill("14")
    page.get_by_role("button", name="Record the session").click()

    expect(page.locator("h1")).to_have_text("Ashdown Academy")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Awareness session recorded")
    assert_accessible(page, axe_script, "awareness session")
    page.get_by_role("button", name="Change the session").click()
    expect(page.locator("h1")).to_have_text("Change the awareness session")
    assert_accessible(page, axe_script, "awareness edit form")
    page.get_by_label("Number of young people").fill("29")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("29")

    page.get_by_role("link", name="Back to awareness sessions").click()
    expect(page.locator("main")).to_contain_text("29 young people reached in 1 session")
    assert_accessible(page, axe_script, "awareness list")


def test_record_a_group_session_and_see_it_on_a_case(page, live_server, cast, axe_script):
    """Given two young people on the worker's caseload, when the worker sets up a programme,
    adds both and records a session with Morgan there and Robin not, then Morgan's case shows
    the group-work entry."""
    sign_in(page, cast.worker.email, password=factories.PASSWORD)
    page.goto("/group-work/")
    expect(page.locator("h1")).to_have_text("Group work")
    assert_accessible(page, axe_script, "programme list, empty")

    page.get_by_role("button", name="Set up a programme").click()
    assert_accessible(page, axe_script, "programme form")
    page.get_by_role("button", name="Set up the programme").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the programme's title")
    assert_accessible(page, axe_script, "programme form with errors")
    page.get_by_label("Title").fill("Healthy relationships group")
    page.get_by_label("Local authority").select_option(label="Ashdown")
    page.get_by_label("Where it meets").fill("Ashdown Youth Centre")
    _fill_date(page, "Start date", timezone.localdate() - datetime.timedelta(days=14))
    page.get_by_role("button", name="Set up the programme").click()
    expect(page.locator("h1")).to_have_text("Healthy relationships group")
    assert_accessible(page, axe_script, "programme, nobody in it")

    for name in ("Morgan Fictional", "Robin Example"):
        page.get_by_role("button", name="Add a young person").click()
        expect(page.locator("h1")).to_have_text("Add a young person to the group")
        assert_accessible(page, axe_script, "add a young person")
        page.get_by_label("Young person").select_option(
            label=f"{name} (case {cast.morgan.pk if name.startswith('Morgan') else cast.robin.pk}, "
            "Sam Spoke)"
        )
        page.get_by_role("button", name="Add to the group").click()
        expect(page.locator("main")).to_contain_text(name)

    page.get_by_role("button", name="Record a session").click()
    expect(page.locator("h1")).to_have_text("Record a group session")
    assert_accessible(page, axe_script, "session form")
    _fill_date(page, "Date", timezone.localdate() - datetime.timedelta(days=1))
    page.get_by_label("Start time").fill("16:30")
    page.get_by_label("Length in minutes").fill("90")
    page.get_by_label("What the session covered").fill("Consent and pressure")
    page.get_by_role("group", name="Did Morgan Fictional attend?").get_by_label("Attended").check()
    page.get_by_label("Note for Morgan Fictional's case").fill("Spoke up about pressure.")
    page.get_by_role("button", name="Record the session").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Say whether Robin Example attended"
    )
    assert_accessible(page, axe_script, "session form with errors")
    page.get_by_role("group", name="Did Robin Example attend?").get_by_label(
        "Did not attend"
    ).check()
    page.get_by_role("button", name="Record the session").click()

    expect(page.locator("h1")).to_have_text("Consent and pressure")
    expect(page.locator("main")).to_contain_text("1 of 2")
    assert_accessible(page, axe_script, "session and register")
    page.get_by_role("link", name="Back to the programme").click()
    expect(page.locator("main")).to_contain_text("1 of 2")
    assert_accessible(page, axe_script, "programme with a session")

    page.get_by_role("link", name="Morgan Fictional").click()
    expect(page.locator("h1")).to_contain_text("Morgan Fictional")
    page.get_by_role("button", name="Chronology").click()
    expect(page.locator("main")).to_contain_text("Group session of Healthy relationships group")
    expect(page.locator("main")).to_contain_text("Spoke up about pressure.")
    assert_accessible(page, axe_script, "the young person's chronology")
