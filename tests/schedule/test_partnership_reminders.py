"""partners.remind_agreement_reviews and partners.remind_supervision."""

from __future__ import annotations

import datetime

import pytest

from notifications.models import Notification
from partners.models import InformationSharingAgreement
from partners.services import reminder_settings_set
from tests import factories
from tests.schedule.conftest import at, london, recipients, told

pytestmark = pytest.mark.django_db
AGREEMENTS = "partners.remind_agreement_reviews"
SUPERVISION = "partners.remind_supervision"
D = datetime.date


@pytest.fixture
def agreement(world):
    return factories.agreement(
        parties=[world.hub, world.csc_a, world.police],
        local_authority=world.la_a,
        by=world.hub_manager,
        title="Ashdown exploitation information sharing",
        review_due_on=D(2027, 1, 15),
    )


def test_an_agreement_review_is_reminded_30_days_before_once(world, agreement, run):
    assert run(AGREEMENTS, london(2026, 12, 15, 9))["reminders"] == 0
    assert run(AGREEMENTS, london(2026, 12, 16, 9))["reminders"] == 1
    assert run(AGREEMENTS, london(2027, 1, 20, 9))["reminders"] == 0

    assert told(Notification.Kind.AGREEMENT_REVIEW_DUE) == [
        (
            world.hub_manager.pk,
            "The review of the sharing agreement “Ashdown exploitation information sharing” is "
            "due on 15 January 2027",
        )
    ]


def test_only_the_managers_of_hubs_party_to_it_are_told(world, agreement, run):
    """Given an agreement the other hub is not party to, then its managers are not told."""
    run(AGREEMENTS, london(2026, 12, 20, 9))

    assert recipients(Notification.Kind.AGREEMENT_REVIEW_DUE) == {world.hub_manager.pk}


def test_a_new_review_date_is_a_new_reminder(world, agreement, run):
    run(AGREEMENTS, london(2026, 12, 20, 9))
    InformationSharingAgreement.objects.filter(pk=agreement.pk).update(review_due_on=D(2027, 7, 1))

    assert run(AGREEMENTS, london(2027, 5, 31, 9))["reminders"] == 0
    assert run(AGREEMENTS, london(2027, 6, 1, 9))["reminders"] == 1


def test_ended_agreements_are_not_reminded(world, agreement, run):
    InformationSharingAgreement.objects.filter(pk=agreement.pk).update(
        status=InformationSharingAgreement.Status.ENDED
    )

    assert run(AGREEMENTS, london(2027, 1, 10, 9))["reminders"] == 0


def test_the_hubs_own_notice_for_agreements(world, agreement, run):
    reminder_settings_set(
        hub=world.hub, by=world.hub_manager, version=1, agreement_review_notice_days=60
    )

    assert run(AGREEMENTS, london(2026, 11, 16, 9))["reminders"] == 1


def test_a_worker_without_supervision_for_four_weeks_is_flagged_to_the_managers(world, run):
    with at(london(2026, 11, 2, 10)):
        factories.supervision(
            worker=world.spoke_worker,
            hub=world.hub,
            supervisor=world.hub_manager,
            by=world.hub_manager,
            held_on=D(2026, 11, 2),
        )
    with at(london(2026, 11, 25, 10)):
        factories.supervision(
            worker=world.other_spoke_worker,
            hub=world.other_hub,
            supervisor=world.other_hub_manager,
            by=world.other_hub_manager,
            held_on=D(2026, 11, 25),
        )

    assert run(SUPERVISION, london(2026, 11, 30, 9))["reminders"] == 0
    assert run(SUPERVISION, london(2026, 12, 1, 9))["reminders"] == 1
    assert run(SUPERVISION, london(2026, 12, 8, 9))["reminders"] == 0
    assert told(Notification.Kind.SUPERVISION_OVERDUE) == [
        (
            world.hub_manager.pk,
            "Sam Spoke has had no supervision recorded since 2 November 2026: more than 4 weeks",
        )
    ]


def test_a_worker_never_supervised_counts_from_joining(world, run):
    """Given the world's workers joined on 1 October with no supervision, then both hubs'
    managers hear of their own workers on 30 October, four weeks on."""
    assert run(SUPERVISION, london(2026, 10, 29, 9))["reminders"] == 0
    assert run(SUPERVISION, london(2026, 10, 30, 9))["reminders"] == 2

    assert recipients(Notification.Kind.SUPERVISION_OVERDUE) == {
        world.hub_manager.pk,
        world.other_hub_manager.pk,
    }


def test_the_hubs_own_weeks_for_supervision(world, run):
    reminder_settings_set(hub=world.hub, by=world.hub_manager, version=1, supervision_weeks=6)
    with at(london(2026, 10, 20, 10)):
        factories.supervision(
            worker=world.other_spoke_worker,
            hub=world.other_hub,
            supervisor=world.other_hub_manager,
            by=world.other_hub_manager,
            held_on=D(2026, 10, 20),
        )

    assert run(SUPERVISION, london(2026, 11, 12, 9))["reminders"] == 0
    assert run(SUPERVISION, london(2026, 11, 13, 9))["reminders"] == 1
    assert recipients(Notification.Kind.SUPERVISION_OVERDUE) == {world.hub_manager.pk}
