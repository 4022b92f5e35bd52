"""cases.remind_no_contact: an open case whose last successful contact is 14 days old."""

from __future__ import annotations

import pytest

from cases import services as case_services
from notifications.models import Notification
from partners.services import reminder_settings_set
from tests.schedule.conftest import at, london, recipients, told

pytestmark = pytest.mark.django_db
JOB = "cases.remind_no_contact"
KIND = Notification.Kind.NO_RECENT_CONTACT


def test_fourteen_days_after_the_last_contact_the_worker_is_told_once(
    world, open_case, contact, run
):
    case = open_case(london(2026, 11, 2, 10))
    contact(case, london(2026, 11, 20, 15))

    assert run(JOB, london(2026, 12, 4, 14))["reminders"] == 0
    assert run(JOB, london(2026, 12, 4, 15))["reminders"] == 1
    assert run(JOB, london(2026, 12, 9, 9))["reminders"] == 0

    assert told(KIND) == [
        (
            world.spoke_worker.pk,
            f"Case {case.pk} has had no successful contact for 14 days or more (the last was on "
            "20 November 2026). Check the case's safe-contact rules before getting in touch.",
        )
    ]


def test_a_new_gap_after_a_new_contact_is_a_new_reminder(open_case, contact, run):
    case = open_case(london(2026, 11, 2, 10))
    contact(case, london(2026, 11, 3, 10))
    assert run(JOB, london(2026, 11, 18, 9))["reminders"] == 1

    contact(case, london(2026, 11, 20, 10))

    assert run(JOB, london(2026, 12, 3, 9))["reminders"] == 0
    assert run(JOB, london(2026, 12, 4, 11))["reminders"] == 1


def test_closed_cases_are_not_reminded(world, open_case, contact, run):
    case = open_case(london(2026, 11, 2, 10))
    contact(case, london(2026, 11, 3, 10))
    with at(london(2026, 11, 10, 10)):
        case.refresh_from_db()
        case_services.case_close(
            case=case,
            by=world.hub_manager,
            version=case.version,
            reason="outcomes_met",
            outcome="Safe and settled at college.",
        )

    assert run(JOB, london(2026, 12, 1, 9))["reminders"] == 0


def test_a_case_without_a_lead_worker_goes_to_the_managers(world, open_case, contact, run):
    case = open_case(london(2026, 11, 2, 10))
    contact(case, london(2026, 11, 3, 10))
    with at(london(2026, 11, 4, 10)):
        case.refresh_from_db()
        case_services.case_allocate(
            case=case, by=world.hub_manager, version=case.version, lead_worker=None
        )

    run(JOB, london(2026, 11, 20, 9))

    assert recipients(KIND) == {world.hub_manager.pk}


def test_the_hubs_own_number_of_days(world, open_case, contact, run):
    reminder_settings_set(hub=world.hub, by=world.hub_manager, version=1, no_contact_days=7)
    case = open_case(london(2026, 11, 2, 10))
    contact(case, london(2026, 11, 3, 10))

    assert run(JOB, london(2026, 11, 10, 9))["reminders"] == 0
    assert run(JOB, london(2026, 11, 10, 11))["reminders"] == 1
