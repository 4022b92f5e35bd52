"""consultancy.remind_unanswered: a request, or a follow-up question, with no answer for the
hub's working days; the responding worker is told, or the managers while nobody has it."""

from __future__ import annotations

import pytest

from notifications.models import Notification
from partners.services import reminder_settings_set
from tests.schedule.conftest import at, london, recipients, told

pytestmark = pytest.mark.django_db
JOB = "consultancy.remind_unanswered"
KIND = Notification.Kind.CONSULTANCY_UNANSWERED


def test_waiting_for_a_worker_goes_to_the_managers_after_three_working_days(
    world, make_request, run
):
    """Given an unnamed request on Thursday 3 December that nobody has taken, then the managers
    are told on Tuesday 8th (Friday, Monday, Tuesday), not before."""
    with at(london(2026, 12, 3, 14)):
        request = make_request()

    assert run(JOB, london(2026, 12, 7, 19))["reminders"] == 0
    assert run(JOB, london(2026, 12, 8, 7))["reminders"] == 1
    assert told(KIND) == [
        (
            world.hub_manager.pk,
            f"Consultancy request {request.reference} has had no answer for 3 working days or more",
        )
    ]


def test_with_a_worker_it_goes_to_them(world, make_request, run):
    with at(london(2026, 12, 3, 14)):
        make_request(status="assigned")

    run(JOB, london(2026, 12, 8, 9))

    assert recipients(KIND) == {world.spoke_worker.pk}


def test_advice_in_time_means_no_reminder(make_request, run):
    with at(london(2026, 12, 3, 14)):
        make_request(status="advised")

    assert run(JOB, london(2026, 12, 10, 9))["reminders"] == 0


def test_a_follow_up_question_is_reminded_in_its_turn(world, make_request, run):
    """Given advice and then a follow-up question on 14 December, then the worker is told of the
    follow-up on 17 December, separately from the original request."""
    with at(london(2026, 12, 3, 14)):
        request = make_request(status="advised")
    from consultancy.services import requests as services

    with at(london(2026, 12, 14, 10)):
        request.refresh_from_db()
        services.consultancy_follow_up(
            request=request,
            by=request.requester,
            text="Her mum does not want police involved. Does that change anything?",
            version=request.version,
        )

    assert run(JOB, london(2026, 12, 16, 19))["reminders"] == 0
    assert run(JOB, london(2026, 12, 17, 7))["reminders"] == 1
    [(who, message)] = told(KIND)
    assert who == world.spoke_worker.pk
    assert message.startswith("A follow-up question on consultancy request C")


def test_the_hubs_own_working_days(world, make_request, run):
    reminder_settings_set(
        hub=world.hub, by=world.hub_manager, version=1, consultancy_working_days=1
    )
    with at(london(2026, 12, 3, 14)):
        make_request()

    assert run(JOB, london(2026, 12, 4, 9))["reminders"] == 1
