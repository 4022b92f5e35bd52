"""A sweep's cost does not grow with what it finds: reminders are issued a chunk at a time."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification, Reminder
from ops.jobs import job_run
from tests.schedule.conftest import at, london

pytestmark = pytest.mark.django_db
JOB = "cases.remind_no_contact"


def _quiet_cases(open_case, contact, count: int, *, start: int = 0) -> None:
    for number in range(start, start + count):
        case = open_case(london(2026, 10, 5, 10), first_name=f"Quiet{number}")
        contact(case, london(2026, 10, 6, 10))


def _queries_of_a_sweep() -> int:
    with at(london(2026, 11, 2, 9)), CaptureQueriesContext(connection) as captured:
        job_run(name=JOB)
    return len(captured.captured_queries)


@pytest.fixture(autouse=True)
def _status_row(world) -> None:
    # The first run of a job inserts its status row; later runs update it.
    _queries_of_a_sweep()


def test_the_no_contact_sweep_costs_the_same_for_one_case_or_forty(world, open_case, contact):
    _quiet_cases(open_case, contact, 1)
    one = _queries_of_a_sweep()
    Notification.objects.all().delete()
    Reminder.objects.all().delete()
    _quiet_cases(open_case, contact, 39, start=1)

    assert _queries_of_a_sweep() == one
    assert Notification.objects.filter(kind=Notification.Kind.NO_RECENT_CONTACT).count() == 40


def test_a_sweep_with_nothing_new_reads_and_writes_a_fixed_few(world, open_case, contact):
    _quiet_cases(open_case, contact, 20)
    _queries_of_a_sweep()

    # The job's status as it starts and ends (a savepoint, a read and a write each), the hubs,
    # their settings, the cases due, the managers, the workers, and the one check of the chunk
    # against the reminders already issued.
    assert _queries_of_a_sweep() == 14
