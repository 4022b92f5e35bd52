"""cases.remind_first_contact: the lead worker after 5 working days, the managers after 10."""

from __future__ import annotations

import pytest

from cases import services as case_services
from notifications.models import Notification
from partners.services import reminder_settings_set
from tests.schedule.conftest import at, london, recipients, told

pytestmark = pytest.mark.django_db
JOB = "cases.remind_first_contact"
WORKER = Notification.Kind.FIRST_CONTACT_DUE
MANAGERS = Notification.Kind.FIRST_CONTACT_OVERDUE


def test_the_worker_then_the_managers_are_told(world, open_case, run):
    """Given a case allocated on Monday 7 December with no contact, then the worker is told on
    the 14th (5 working days), the managers on the 21st (10), and each only once."""
    case = open_case(london(2026, 12, 7, 11))

    assert run(JOB, london(2026, 12, 11, 19)) == {"worker_reminders": 0, "manager_reminders": 0}
    assert run(JOB, london(2026, 12, 14, 7)) == {"worker_reminders": 1, "manager_reminders": 0}
    assert run(JOB, london(2026, 12, 18, 19)) == {"worker_reminders": 0, "manager_reminders": 0}
    assert run(JOB, london(2026, 12, 21, 7)) == {"worker_reminders": 0, "manager_reminders": 1}

    assert told(WORKER) == [
        (
            world.spoke_worker.pk,
            f"Case {case.pk} was allocated to you 5 working days ago or more and has no "
            "successful contact yet. Check the case's safe-contact rules before getting in "
            "touch.",
        )
    ]
    assert told(MANAGERS) == [
        (
            world.hub_manager.pk,
            f"Case {case.pk} has had no successful contact 10 working days after it was "
            "allocated to Sam Spoke",
        )
    ]


def test_christmas_holidays_push_the_reminder_back(open_case, run):
    """Given an allocation on 21 December, then five working days end on 30 December."""
    open_case(london(2026, 12, 21, 10))

    assert run(JOB, london(2026, 12, 29, 19))["worker_reminders"] == 0
    assert run(JOB, london(2026, 12, 30, 7))["worker_reminders"] == 1


def test_a_first_contact_in_time_stops_the_reminders(open_case, contact, run):
    case = open_case(london(2026, 12, 7, 11))
    contact(case, london(2026, 12, 10, 15))

    assert run(JOB, london(2026, 12, 22, 9)) == {"worker_reminders": 0, "manager_reminders": 0}


def test_an_attempt_that_did_not_reach_them_is_not_a_first_contact(world, open_case, run):
    """Given only an attempted contact, then the worker is still reminded."""
    from cases import casework
    from cases.models import CaseworkEntry

    case = open_case(london(2026, 12, 7, 11))
    with at(london(2026, 12, 9, 15)):
        casework.entry_create(
            case=case,
            by=world.spoke_worker,
            kind=CaseworkEntry.Kind.ATTEMPTED_CONTACT,
            occurred_at=london(2026, 12, 9, 15),
            attendance=CaseworkEntry.Attendance.DID_NOT_ATTEND,
            summary="Went to the house; nobody answered.",
        )

    assert run(JOB, london(2026, 12, 14, 9))["worker_reminders"] == 1


def test_reallocation_starts_the_clock_again_for_the_new_worker(world, open_case, run):
    """Given a case reallocated on the 10th, then the new lead's five days run from then."""
    from partners.models import Role
    from tests import factories

    other = factories.member(agency=world.hub, role=Role.SPOKE_WORKER, full_name="Kit Newlead")
    case = open_case(london(2026, 12, 7, 11))
    with at(london(2026, 12, 10, 9)):
        case_services.case_allocate(
            case=case, by=world.hub_manager, version=case.version, lead_worker=other
        )

    assert run(JOB, london(2026, 12, 16, 9))["worker_reminders"] == 0
    assert run(JOB, london(2026, 12, 17, 9))["worker_reminders"] == 1
    assert recipients(WORKER) == {other.pk}


def test_an_unallocated_case_is_not_a_first_contact_reminder(open_case, run):
    open_case(london(2026, 12, 7, 11), lead_worker=None)

    assert run(JOB, london(2026, 12, 22, 9)) == {"worker_reminders": 0, "manager_reminders": 0}


def test_each_hub_sets_its_own_days(world, open_case, run):
    """Given the world's hub at 2 and 3 working days and another hub at the defaults, then each
    case is reminded at its own hub's thresholds."""
    reminder_settings_set(
        hub=world.hub,
        by=world.hub_manager,
        version=1,
        first_contact_working_days=2,
        first_contact_escalation_working_days=3,
    )
    open_case(london(2026, 12, 7, 11))
    open_case(london(2026, 12, 7, 11), hub=world.other_hub)

    assert run(JOB, london(2026, 12, 9, 9)) == {"worker_reminders": 1, "manager_reminders": 0}
    assert run(JOB, london(2026, 12, 10, 9)) == {"worker_reminders": 0, "manager_reminders": 1}
    assert run(JOB, london(2026, 12, 14, 9)) == {"worker_reminders": 1, "manager_reminders": 0}
    assert recipients(WORKER) == {world.spoke_worker.pk, world.other_spoke_worker.pk}
    assert recipients(MANAGERS) == {world.hub_manager.pk}
