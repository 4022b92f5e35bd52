"""Reviews: scheduled, held, and the next one due by the case's risk."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from cases import record
from cases.models import CaseReview, RiskLevel
from cases.selectors import pending_review


def test_scheduling_a_review_sets_the_next_review_date(world, case):
    """Given a case, when a review is scheduled sooner than due, then the case's next review
    is that date and the schedule is audited."""
    day = timezone.localdate() + datetime.timedelta(days=10)

    review = record.review_schedule(case=case, by=world.hub_manager, due_on=day)

    case.refresh_from_db()
    assert case.next_review_due == day
    assert pending_review(case=case) == review
    event = AuditEvent.objects.filter(action=AuditEvent.Action.REVIEW_SCHEDULED).get()
    assert event.case_id == case.pk


@pytest.mark.parametrize(
    "due_on",
    [
        pytest.param(timezone.localdate() - datetime.timedelta(days=1), id="in the past"),
        pytest.param("next week", id="not a date"),
    ],
)
def test_a_bad_review_date_is_refused(world, case, due_on):
    """Given a bad date, when a review is scheduled, then it is refused and nothing saved."""
    with pytest.raises(ValidationError) as caught:
        record.review_schedule(case=case, by=world.hub_manager, due_on=due_on)

    assert "due_on" in caught.value.message_dict
    # Only the review that opening the case scheduled.
    assert CaseReview.objects.filter(case=case).count() == 1


def test_recording_a_review_schedules_the_next_by_risk(world, case):
    """Given a scheduled review of a medium-risk case, when it is recorded as held today,
    then the next review is due in eight weeks, on the case and as a review not yet held."""
    today = timezone.localdate()
    review = record.review_schedule(case=case, by=world.hub_manager, due_on=today)

    held = record.review_record(
        review=review, by=world.hub_manager, held_on=today, outcome="Keep at medium risk."
    )

    expected = today + datetime.timedelta(weeks=8)
    assert (held.held_on, held.next_due_on, held.recorded_by) == (
        today,
        expected,
        world.hub_manager,
    )
    case.refresh_from_db()
    assert case.next_review_due == expected
    pending = pending_review(case=case)
    assert pending is not None
    assert pending.due_on == expected
    event = AuditEvent.objects.filter(action=AuditEvent.Action.REVIEW_RECORDED).get()
    assert event.case_id == case.pk


def test_a_high_risk_review_is_four_weeks_on(world, open_case):
    """Given a high-risk case, when a review is held, then the next is in four weeks."""
    case = open_case(risk_level=RiskLevel.HIGH)
    today = timezone.localdate()
    review = record.review_schedule(case=case, by=world.hub_manager, due_on=today)

    held = record.review_record(review=review, by=world.hub_manager, held_on=today, outcome="Ok.")

    assert held.next_due_on == today + datetime.timedelta(weeks=4)


def test_a_review_is_recorded_once_and_needs_an_outcome(world, case):
    """Given a review, when it is recorded without an outcome, then it is refused and stays
    not held; once held, recording it again is refused."""
    today = timezone.localdate()
    review = record.review_schedule(case=case, by=world.hub_manager, due_on=today)

    with pytest.raises(ValidationError) as caught:
        record.review_record(review=review, by=world.hub_manager, held_on=today, outcome="")
    assert "outcome" in caught.value.message_dict
    review.refresh_from_db()
    assert review.held_on is None

    record.review_record(review=review, by=world.hub_manager, held_on=today, outcome="Done.")
    with pytest.raises(ValidationError, match="already been recorded"):
        record.review_record(review=review, by=world.hub_manager, held_on=today, outcome="x")
    assert CaseReview.objects.filter(case=case).count() == 2
