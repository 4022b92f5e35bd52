"""Opening, closing, reopening and allocating a case; identity changes; stale versions."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from cases import services
from cases.models import (
    Case,
    CaseReview,
    CaseWorker,
    Indicator,
    RiskAssessment,
    RiskLevel,
    YoungPerson,
)
from partners.models import Role
from tests import factories


def test_opening_a_case_makes_the_person_the_case_and_the_first_assessment(world, case):
    """Given a new young person, when a hub manager opens a case, then all three are recorded."""
    assert case.young_person.owning_agency == world.hub
    assert case.status == Case.Status.OPEN
    assert case.version == 1
    assessment = RiskAssessment.objects.get(case=case)
    assert assessment.level == RiskLevel.MEDIUM
    assert assessment.indicators == ["missing_episodes", "older_partner"]
    assert case.next_review_due == timezone.localdate() + datetime.timedelta(weeks=8)
    assert list(CaseReview.objects.filter(case=case).values_list("due_on", flat=True)) == [
        case.next_review_due
    ]
    event = AuditEvent.objects.get(action=AuditEvent.Action.CASE_OPENED)
    assert (event.case_id, event.actor_id) == (case.pk, world.hub_manager.pk)
    assert "Alex" not in str(event.metadata)


def test_unknown_risk_indicators_are_refused(world):
    """An indicator code that is not on the list is refused, naming it."""
    with pytest.raises(ValidationError, match="made_up"):
        services.case_open(
            by=world.hub_manager,
            hub=world.hub,
            local_authority=world.la_a,
            risk_level=RiskLevel.LOW,
            rationale="x",
            indicators=["made_up"],
            young_person_data={"first_name": "A", "last_name": "B"},
        )
    assert not Case.objects.exists()


def test_a_retired_risk_indicator_is_refused(world):
    """An indicator administrators have retired is no longer accepted for a new case."""
    Indicator.objects.filter(code="older_partner").update(is_active=False)

    with pytest.raises(ValidationError, match="older_partner"):
        services.case_open(
            by=world.hub_manager,
            hub=world.hub,
            local_authority=world.la_a,
            risk_level=RiskLevel.LOW,
            rationale="x",
            indicators=["older_partner"],
            young_person_data={"first_name": "A", "last_name": "B"},
        )
    assert not Case.objects.exists()


def test_a_case_is_owned_by_a_hub(world):
    """Opening a case for a statutory agency is refused and nothing is saved."""
    with pytest.raises(ValidationError):
        services.case_open(
            by=world.hub_manager,
            hub=world.csc_a,
            local_authority=world.la_a,
            risk_level=RiskLevel.LOW,
            rationale="x",
            young_person_data={"first_name": "A", "last_name": "B"},
        )
    assert not YoungPerson.objects.exists()
    assert not Case.objects.exists()


def test_the_lead_worker_must_work_for_the_hub(world):
    """A lead worker from another hub is refused and nothing is half-saved."""
    with pytest.raises(ValidationError) as error:
        services.case_open(
            by=world.hub_manager,
            hub=world.hub,
            local_authority=world.la_a,
            risk_level=RiskLevel.HIGH,
            rationale="x",
            young_person_data={"first_name": "A", "last_name": "B"},
            lead_worker=world.other_spoke_worker,
        )
    assert "lead_worker" in error.value.message_dict
    assert not YoungPerson.objects.exists()


def test_closing_needs_a_reason_and_outcome_and_sets_retention(world, case):
    """Given an open case, when closed with reason and outcome, then retention is set."""
    closed = services.case_close(
        case=case,
        by=world.spoke_worker,
        version=case.version,
        reason=Case.ClosureReason.RISK_REDUCED,
        outcome="Safe at home, engaged with college, no missing episodes for three months.",
    )

    assert closed.status == Case.Status.CLOSED
    assert closed.version == 2
    assert closed.retention_until is not None
    assert closed.next_review_due is None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CASE_CLOSED, case_id=case.pk)


def test_closing_without_an_outcome_is_refused(world, case):
    """An empty outcome is refused with a field error and the case stays open."""
    with pytest.raises(ValidationError) as error:
        services.case_close(
            case=case,
            by=world.spoke_worker,
            version=case.version,
            reason=Case.ClosureReason.OTHER,
            outcome="  ",
        )
    assert "closure_outcome" in error.value.message_dict
    case.refresh_from_db()
    assert case.is_open


def test_reopening_needs_a_reason(world, case):
    """A closed case reopens with a reason, audited with it; a review falls due again."""
    case = services.case_close(
        case=case,
        by=world.spoke_worker,
        version=1,
        reason=Case.ClosureReason.DISENGAGED,
        outcome="Declined further contact.",
    )
    with pytest.raises(ValidationError):
        services.case_reopen(case=case, by=world.hub_manager, version=case.version, reason="")

    reopened = services.case_reopen(
        case=case, by=world.hub_manager, version=case.version, reason="New missing episode."
    )

    assert reopened.is_open
    assert reopened.next_review_due is not None
    event = AuditEvent.objects.get(action=AuditEvent.Action.CASE_REOPENED)
    assert event.reason == "New missing episode."


def test_a_stale_version_is_refused_and_says_who_changed_what(world, case):
    """Given two people working from version 1, then the second change is refused, not lost."""
    services.case_allocate(
        case=case, by=world.hub_manager, version=1, lead_worker=world.spoke_worker, co_workers=[]
    )

    with pytest.raises(services.StaleVersionError) as error:
        services.case_close(
            case=case,
            by=world.spoke_worker,
            version=1,
            reason=Case.ClosureReason.OTHER,
            outcome="Closing from a stale page.",
        )

    assert "Harriet Hub" in str(error.value)
    case.refresh_from_db()
    assert case.is_open
    assert case.version == 2


def test_allocating_sets_the_lead_and_ends_dropped_co_workers(world, case):
    """Co-workers no longer named are ended, new ones start, and the lead is set."""
    second = factories.member(agency=world.hub, role=Role.SPOKE_WORKER)
    third = factories.member(agency=world.hub, role=Role.SPOKE_WORKER)
    case = services.case_allocate(
        case=case,
        by=world.hub_manager,
        version=1,
        lead_worker=world.spoke_worker,
        co_workers=[second],
    )

    case = services.case_allocate(
        case=case, by=world.hub_manager, version=2, lead_worker=second, co_workers=[third]
    )

    assert case.lead_worker == second
    live = CaseWorker.objects.filter(case=case, ends_on__isnull=True)
    assert list(live.values_list("worker_id", flat=True)) == [third.pk]
    assert CaseWorker.objects.filter(case=case, worker=second, ends_on__isnull=False).exists()


def test_young_person_changes_are_audited_by_field_name_only(world, case):
    """Changing safe-contact rules is audited with the field names, never the values."""
    services.young_person_update(
        case=case, by=world.spoke_worker, do_not_text=True, safe_contact_times="After 4pm"
    )

    person = YoungPerson.objects.get(pk=case.young_person_id)
    assert person.do_not_text
    event = AuditEvent.objects.get(action=AuditEvent.Action.YOUNG_PERSON_CHANGED)
    assert sorted(event.metadata["fields"]) == ["do_not_text", "safe_contact_times"]
    assert "4pm" not in str(event.metadata)


def test_reading_a_record_is_audited_with_the_case(world, case):
    """A read writes an event naming the case, for its access history."""
    services.case_read_record(
        by=world.practitioner, case=case, action=AuditEvent.Action.CASE_VIEWED
    )

    event = AuditEvent.objects.get(action=AuditEvent.Action.CASE_VIEWED)
    assert (event.actor_id, event.case_id) == (world.practitioner.pk, case.pk)
