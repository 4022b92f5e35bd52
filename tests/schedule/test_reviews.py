"""cases.remind_reviews: every open case has a review to come; the worker is told as it nears,
the managers once it is overdue; intervals by risk, per hub."""

from __future__ import annotations

import datetime

import pytest

from audit.models import AuditEvent
from cases import record
from cases import services as case_services
from cases.models import CaseReview, RiskLevel
from notifications.models import Notification
from partners.services import reminder_settings_set
from tests.schedule.conftest import at, london, recipients, told

pytestmark = pytest.mark.django_db
JOB = "cases.remind_reviews"
DUE = Notification.Kind.REVIEW_DUE
OVERDUE = Notification.Kind.REVIEW_OVERDUE
D = datetime.date


@pytest.mark.parametrize(
    ("risk", "due"),
    [
        pytest.param(RiskLevel.HIGH, D(2026, 11, 30), id="high: 4 weeks"),
        pytest.param(RiskLevel.MEDIUM, D(2026, 12, 28), id="medium: 8 weeks"),
        pytest.param(RiskLevel.LOW, D(2027, 1, 25), id="low: 12 weeks"),
    ],
)
def test_the_first_review_falls_due_by_risk(open_case, risk, due):
    case = open_case(london(2026, 11, 2, 10), risk_level=risk)

    assert case.next_review_due == due
    assert list(case.reviews.values_list("due_on", flat=True)) == [due]


def test_the_worker_is_told_a_week_before_and_the_managers_once_overdue(world, open_case, run):
    """Given a high-risk case opened on 2 November (review due 30 November), then the worker is
    told from 23 November, the managers from 1 December, and each once."""
    case = open_case(london(2026, 11, 2, 10), risk_level=RiskLevel.HIGH)

    assert run(JOB, london(2026, 11, 22, 19))["worker_reminders"] == 0
    assert run(JOB, london(2026, 11, 23, 7))["worker_reminders"] == 1
    assert run(JOB, london(2026, 11, 30, 19))["manager_reminders"] == 0
    assert run(JOB, london(2026, 12, 1, 7)) == {
        "reviews_scheduled": 0,
        "worker_reminders": 0,
        "manager_reminders": 1,
    }
    assert run(JOB, london(2026, 12, 2, 7))["manager_reminders"] == 0

    assert told(DUE) == [
        (world.spoke_worker.pk, f"The review of case {case.pk} is due on 30 November 2026")
    ]
    assert told(OVERDUE) == [
        (
            world.hub_manager.pk,
            f"The review of case {case.pk} was due on 30 November 2026 and has not been recorded",
        )
    ]


def test_a_review_held_in_time_is_never_overdue(world, open_case, run):
    case = open_case(london(2026, 11, 2, 10), risk_level=RiskLevel.HIGH)
    with at(london(2026, 11, 27, 10)):
        record.review_record(
            review=case.reviews.get(),
            by=world.spoke_worker,
            held_on=D(2026, 11, 27),
            outcome="Risk stable; continue weekly sessions.",
        )

    assert run(JOB, london(2026, 12, 2, 9))["manager_reminders"] == 0
    # The next one, four weeks on, was scheduled by recording this one.
    assert CaseReview.objects.get(case=case, held_on=None).due_on == D(2026, 12, 25)


def test_an_open_case_with_no_review_to_come_gets_one_scheduled_and_audited(world, open_case, run):
    """Given an open case whose reviews were all removed from view (an old record, say), then
    the job schedules the next one from the last held review by the hub's interval, audits it
    with no actor, and sets the case's next review date."""
    case = open_case(london(2026, 11, 2, 10), risk_level=RiskLevel.MEDIUM)
    CaseReview.objects.filter(case=case).update(held_on=D(2026, 11, 9), outcome="Held early.")
    case.__class__.objects.filter(pk=case.pk).update(next_review_due=None)

    counts = run(JOB, london(2026, 11, 10, 9))

    assert counts["reviews_scheduled"] == 1
    review = CaseReview.objects.get(case=case, held_on=None)
    assert review.due_on == D(2027, 1, 4)
    case.refresh_from_db()
    assert case.next_review_due == D(2027, 1, 4)
    event = AuditEvent.objects.get(
        action=AuditEvent.Action.REVIEW_SCHEDULED, object_id=str(review.pk)
    )
    assert event.actor is None
    assert event.case_id == case.pk
    assert run(JOB, london(2026, 11, 11, 9))["reviews_scheduled"] == 0


def test_a_reopened_case_has_its_next_review_scheduled(world, open_case, run):
    case = open_case(london(2026, 11, 2, 10), risk_level=RiskLevel.HIGH)
    with at(london(2026, 11, 3, 10)):
        case = case_services.case_close(
            case=case,
            by=world.hub_manager,
            version=case.version,
            reason="moved_away",
            outcome="Moved to another area.",
        )
        CaseReview.objects.filter(case=case).delete()
    with at(london(2026, 11, 16, 10)):
        case = case_services.case_reopen(
            case=case, by=world.hub_manager, version=case.version, reason="Moved back."
        )

    assert CaseReview.objects.get(case=case, held_on=None).due_on == D(2026, 12, 14)
    assert run(JOB, london(2026, 11, 17, 9))["reviews_scheduled"] == 0


def test_intervals_come_from_the_hubs_settings(world, open_case):
    reminder_settings_set(
        hub=world.hub,
        by=world.hub_manager,
        version=1,
        review_weeks_high=2,
        review_weeks_medium=6,
        review_weeks_low=10,
    )

    high = open_case(london(2026, 11, 2, 10), risk_level=RiskLevel.HIGH)
    other_hub = open_case(london(2026, 11, 2, 10), risk_level=RiskLevel.HIGH, hub=world.other_hub)

    assert high.next_review_due == D(2026, 11, 16)
    assert other_hub.next_review_due == D(2026, 11, 30)


def test_the_hubs_notice_period_applies(world, open_case, run):
    reminder_settings_set(hub=world.hub, by=world.hub_manager, version=1, review_notice_days=2)
    open_case(london(2026, 11, 2, 10), risk_level=RiskLevel.HIGH)

    assert run(JOB, london(2026, 11, 27, 9))["worker_reminders"] == 0
    assert run(JOB, london(2026, 11, 28, 9))["worker_reminders"] == 1
    assert recipients(DUE) == {world.spoke_worker.pk}
