"""Reminders in headless Chromium, with axe on every page: a hub manager changes the hub's
reminder settings (first with a number out of range), a spoke worker reads them, finds the
reminder the scheduler sent about a case gone quiet and opens the case from it, and chooses a
daily digest instead of an email each time.

Two-factor authentication is skipped here, as in the other journeys; test_two_factor.py
covers it.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from cases import casework
from cases import services as case_services
from cases.models import CaseworkEntry, RiskLevel
from ops.jobs import job_run
from partners.models import Role
from partners.selectors import reminder_settings_of
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.browser


def test_reminder_settings_a_reminder_and_the_digest_choice(
    page, live_server, world, axe_script, settings
):
    settings.CSE_HUB_MFA_REQUIRED = False
    manager = factories.member(
        agency=world.hub, role=Role.HUB_MANAGER, full_name="Mina Manager", mfa=False
    )
    worker = factories.member(
        agency=world.hub, role=Role.SPOKE_WORKER, full_name="Wren Worker", mfa=False
    )
    today = timezone.localdate()
    case = case_services.case_open(
        by=manager,
        hub=world.hub,
        local_authority=world.la_a,
        risk_level=RiskLevel.MEDIUM,
        rationale="Older associates and missing episodes.",
        young_person_data={"first_name": "Robin", "last_name": "Testcase"},
        lead_worker=worker,
        opened_on=today - datetime.timedelta(days=30),
    )
    casework.entry_create(
        case=case,
        by=worker,
        kind=CaseworkEntry.Kind.ONE_TO_ONE,
        occurred_at=timezone.now() - datetime.timedelta(days=12),
        attendance=CaseworkEntry.Attendance.ATTENDED,
        summary="Met at the youth centre.",
    )

    sign_in(page, manager.email, password=factories.PASSWORD)
    page.get_by_role("link", name="Reminder settings").click()
    expect(page.locator("h1")).to_have_text("Reminder settings")
    assert_accessible(page, axe_script, "reminder settings, the defaults")

    page.get_by_label("No successful contact: tell the worker after (days)").fill("100")
    page.get_by_role("button", name="Save the reminder settings").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a number from 3 to 60.")
    assert_accessible(page, axe_script, "reminder settings with an error")

    page.get_by_label("No successful contact: tell the worker after (days)").fill("10")
    page.get_by_role("button", name="Save the reminder settings").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("have been saved")
    assert reminder_settings_of(hub_id=world.hub.pk).no_contact_days == 10
    sign_out(page)

    # The scheduler's hourly sweep, as a worker would run it.
    assert job_run(name="cases.remind_no_contact") == {"reminders": 1}

    sign_in(page, worker.email, password=factories.PASSWORD)
    page.goto("/partners/reminders/")
    expect(page.locator("main")).to_contain_text("The hub's managers can change these.")
    assert_accessible(page, axe_script, "reminder settings, read by a worker")

    page.goto("/notifications/")
    reminder = page.get_by_role("link", name=f"Case {case.pk} has had no successful contact")
    expect(reminder).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Robin")
    assert_accessible(page, axe_script, "notifications with a reminder")
    reminder.click()
    expect(page.locator("h1")).to_contain_text("Robin Testcase")

    page.goto("/notifications/")
    page.get_by_role("link", name="Change how you are emailed").click()
    expect(page.locator("h1")).to_have_text("Notification emails")
    assert_accessible(page, axe_script, "notification emails")
    page.get_by_label("One email a day with the day's notifications").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("once a day, with a digest")
    worker.refresh_from_db()
    assert worker.email_notifications == User.EmailNotifications.DAILY
