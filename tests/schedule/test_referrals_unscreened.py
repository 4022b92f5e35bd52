"""referrals.remind_unscreened: a referral waiting to be screened, after the hub's working days."""

from __future__ import annotations

import pytest

from notifications.models import Notification
from partners.services import reminder_settings_set
from referrals import services as referral_services
from tests.schedule.conftest import at, london, recipients, told

pytestmark = pytest.mark.django_db
JOB = "referrals.remind_unscreened"
KIND = Notification.Kind.REFERRAL_UNSCREENED


@pytest.fixture
def submitted(make_referral):
    def _submitted(moment, **overrides):
        with at(moment):
            return make_referral(status="submitted", **overrides)

    return _submitted


def test_friday_afternoon_is_due_on_tuesday_not_monday(world, submitted, run):
    """Given a referral submitted on Friday afternoon, then the hub's managers are reminded on
    Tuesday (two working days on), not over the weekend or on Monday."""
    referral = submitted(london(2026, 12, 4, 16, 30))

    assert run(JOB, london(2026, 12, 5, 12)) == {"reminders": 0}
    assert run(JOB, london(2026, 12, 7, 18)) == {"reminders": 0}
    assert run(JOB, london(2026, 12, 8, 7, 5)) == {"reminders": 1}

    assert told(KIND) == [
        (
            world.hub_manager.pk,
            f"The referral {referral.reference} has waited 2 working days or more to be screened",
        )
    ]


def test_christmas_and_the_substitute_bank_holiday_are_not_counted(submitted, run):
    """Given a referral submitted on 23 December, then it is due on the 29th: Christmas Day,
    Boxing Day and the substitute holiday on Monday 28th are not working days."""
    submitted(london(2026, 12, 23, 10))

    assert run(JOB, london(2026, 12, 28, 19))["reminders"] == 0
    assert run(JOB, london(2026, 12, 29, 7))["reminders"] == 1


def test_a_weekend_submission_counts_from_monday(submitted, run):
    """Given a referral submitted on Saturday, then Monday is its first day: due Wednesday."""
    submitted(london(2026, 12, 5, 11))

    assert run(JOB, london(2026, 12, 8, 19))["reminders"] == 0
    assert run(JOB, london(2026, 12, 9, 7))["reminders"] == 1


def test_screening_started_in_time_means_no_reminder(world, submitted, run):
    """Given a referral whose screening started before it was due, then nobody is reminded."""
    referral = submitted(london(2026, 12, 7, 10))
    with at(london(2026, 12, 8, 9)):
        referral_services.referral_screening_start(
            referral=referral, by=world.hub_manager, version=referral.version
        )

    assert run(JOB, london(2026, 12, 10, 9))["reminders"] == 0


def test_an_urgent_referral_says_so(submitted, run):
    submitted(london(2026, 12, 7, 10), urgency="urgent")

    run(JOB, london(2026, 12, 9, 9))

    [(_, message)] = told(KIND)
    assert message.startswith("The urgent referral R")


def test_the_hubs_own_threshold_applies(world, submitted, make_referral, run):
    """Given a hub that wants referrals screened within one working day, then its referral is
    due a day sooner than another hub's at the default two."""
    reminder_settings_set(
        hub=world.hub, by=world.hub_manager, version=1, referral_screening_working_days=1
    )
    submitted(london(2026, 12, 7, 10))
    with at(london(2026, 12, 7, 10)):
        other = make_referral(status="submitted", hub=world.other_hub, local_authority=world.la_b)

    assert run(JOB, london(2026, 12, 8, 9))["reminders"] == 1
    assert recipients(KIND) == {world.hub_manager.pk}
    assert run(JOB, london(2026, 12, 9, 9))["reminders"] == 1
    assert recipients(KIND) == {world.hub_manager.pk, world.other_hub_manager.pk}
    assert other.hub == world.other_hub
