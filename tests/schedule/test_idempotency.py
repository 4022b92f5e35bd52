"""Running any job twice, or on two workers at the same moment, tells each person once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from notifications import services as notification_services
from notifications.models import Notification, Reminder
from ops.jobs import GROUPS, job_run
from tests.conftest import require_service
from tests.schedule.conftest import at, london

MOMENT = london(2026, 12, 1, 9)


def _due_everywhere(world, open_case, contact, make_referral, make_request) -> None:
    """Something due for every reminder job at MOMENT."""
    from partners.models import InformationSharingAgreement
    from tests import factories

    quiet = open_case(london(2026, 10, 5, 10))
    contact(quiet, london(2026, 10, 6, 10))
    open_case(london(2026, 11, 2, 10))  # no first contact, review due
    with at(london(2026, 11, 20, 10)):
        make_referral(status="submitted")
        make_request()
    factories.agreement(
        parties=[world.hub, world.csc_a],
        local_authority=world.la_a,
        by=world.hub_manager,
        status=InformationSharingAgreement.Status.ACTIVE,
        review_due_on=london(2026, 12, 20).date(),
    )


def _counts() -> tuple[int, int]:
    return Notification.objects.count(), Reminder.objects.count()


@pytest.mark.django_db
def test_every_reminder_job_run_twice_tells_nobody_twice(
    world, open_case, contact, make_referral, make_request
):
    _due_everywhere(world, open_case, contact, make_referral, make_request)
    with at(MOMENT):
        first = {name: dict(job_run(name=name)) for name in GROUPS["reminders"]}
        after_first = _counts()
        second = {name: dict(job_run(name=name)) for name in GROUPS["reminders"]}

    issued = {
        name: sum(v for k, v in counts.items() if "reminders" in k)
        for name, counts in first.items()
    }
    assert all(issued[name] > 0 for name in issued if name != "cases.remind_shares_ending"), issued
    assert all(
        value == 0
        for counts in second.values()
        for key, value in counts.items()
        if key != "reviews_scheduled"
    ), second
    assert _counts() == after_first
    # Each person once per key.
    keys = list(Notification.objects.values_list("recipient_id", "key"))
    assert len(keys) == len(set(keys))


def _on_two_workers(work: Callable[[], Any]) -> list[BaseException]:
    """Run `work` on two threads (each with its own database connection) at the same moment."""
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait(timeout=10)
            work()
        except BaseException as error:  # noqa: BLE001 - reported to the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("job", GROUPS["reminders"])
def test_two_workers_running_a_job_at_once_tell_each_person_once(
    job, world, open_case, contact, make_referral, make_request
):
    require_service(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    _due_everywhere(world, open_case, contact, make_referral, make_request)

    with at(MOMENT):
        errors = _on_two_workers(lambda: job_run(name=job))

    assert errors == []
    keys = list(Notification.objects.values_list("recipient_id", "key"))
    assert len(keys) == len(set(keys))
    reminders = list(Reminder.objects.values_list("kind", "object_id", "occurrence"))
    assert len(reminders) == len(set(reminders))


@pytest.mark.django_db(transaction=True)
def test_when_both_workers_miss_each_others_reminder_the_constraint_decides(
    world, open_case, contact, make_referral, make_request, monkeypatch
):
    """Given two workers that both read "not yet issued" (the race a pre-check cannot close),
    then the unique reminder row lets one of them tell people, and the other nobody."""
    require_service(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    _due_everywhere(world, open_case, contact, make_referral, make_request)
    monkeypatch.setattr(notification_services, "reminders_issued", lambda **kwargs: set())

    with at(MOMENT):
        errors = _on_two_workers(lambda: job_run(name="cases.remind_no_contact"))

    assert errors == []
    assert Notification.objects.filter(kind=Notification.Kind.NO_RECENT_CONTACT).count() == 1
    assert Reminder.objects.filter(kind=Notification.Kind.NO_RECENT_CONTACT).count() == 1
    world.spoke_worker.refresh_from_db()
    assert (
        world.spoke_worker.unread_notifications
        == Notification.objects.filter(recipient=world.spoke_worker, read_at=None).count()
    )
