"""Allocating a referral opens the case, or joins the young person's open one, in one go.

The screening indicators become the first risk assessment's; the case remembers the referral;
a referral about a young person the hub already works with joins their open case rather than
opening a second; accepting and allocating at once either does both or nothing. First contact is
the case's first attended session, and the referral reports it.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils import timezone

from audit.models import AuditEvent
from cases import casework
from cases.models import Case, CaseworkEntry, Indicator, RiskAssessment, YoungPerson
from cases.services import StaleVersionError
from notifications.models import Notification
from referrals import services
from referrals.models import Referral

S = Referral.Status


def _allocate(referral: Referral, world, **overrides) -> Referral:
    fields = {
        "referral": referral,
        "by": world.hub_manager,
        "version": referral.version,
        "worker": world.spoke_worker,
        "risk_level": "high",
        "rationale": "Three missing episodes this month.",
    }
    fields.update(overrides)
    return services.referral_allocate(**fields)


def test_allocating_a_new_young_person_opens_their_case(world, make_referral):
    """Given an accepted referral confirmed as a new young person, when the hub allocates it, then
    a case opens for the hub in the referral's LA, led by the worker at the risk chosen, the young
    person as the referrer described them, and the referral and case point at each other."""
    referral = make_referral(status=S.ACCEPTED, match="new", known_as="JJ")

    allocated = _allocate(referral, world)

    case = Case.objects.select_related("young_person").get()
    assert allocated.status == S.ALLOCATED
    assert allocated.case == case
    assert allocated.young_person == case.young_person
    assert allocated.allocated_worker == world.spoke_worker
    assert allocated.allocated_by == world.hub_manager
    assert case.referral_id == referral.pk
    assert case.owning_agency == world.hub
    assert case.local_authority == world.la_a
    assert case.lead_worker == world.spoke_worker
    assert case.risk_level == "high"
    person = case.young_person
    assert (person.first_name, person.last_name, person.preferred_name) == (
        "Jordan",
        "Sample",
        "JJ",
    )
    assert person.date_of_birth == referral.date_of_birth
    assert person.gender == referral.gender
    assert person.owning_agency == world.hub


def test_the_screening_indicators_become_the_first_risk_assessment(world, make_referral):
    """Given a referral screened for missing episodes and an older partner, when it is allocated,
    then the case's first risk assessment records those indicators, the level and rationale."""
    referral = make_referral(
        status=S.ACCEPTED, match="new", indicators=["older_partner", "missing_episodes"]
    )

    allocated = _allocate(referral, world)

    (assessment,) = RiskAssessment.objects.filter(case=allocated.case)
    assert assessment.indicators == ["missing_episodes", "older_partner"]
    assert assessment.level == "high"
    assert assessment.rationale == "Three missing episodes this month."
    assert assessment.assessed_by == world.hub_manager


def test_an_indicator_retired_since_screening_is_not_carried(world, make_referral):
    """Given a referral whose indicator an administrator has since retired, when it is allocated,
    then the case opens with the indicators still in use."""
    referral = make_referral(
        status=S.ACCEPTED, match="new", indicators=["missing_episodes", "self_harm"]
    )
    Indicator.objects.filter(code="self_harm").update(is_active=False)

    allocated = _allocate(referral, world)

    assert RiskAssessment.objects.get(case=allocated.case).indicators == ["missing_episodes"]


def test_a_known_young_person_with_an_open_case_joins_it(world, make_referral, known_young_person):
    """Given a referral linked to a young person whose case is open with a lead worker, when it
    is allocated, then no case opens: the referral joins the open case and its lead worker, and
    the case's risk history is untouched."""
    person = known_young_person(lead_worker="hub_manager")
    existing = Case.objects.get(young_person=person)
    referral = make_referral(status=S.ACCEPTED, young_person=person)

    allocated = _allocate(referral, world, worker=world.spoke_worker)

    assert Case.objects.count() == 1
    assert YoungPerson.objects.count() == 1
    assert allocated.case == existing
    assert allocated.young_person == person
    assert allocated.allocated_worker == world.hub_manager
    assert RiskAssessment.objects.filter(case=existing).count() == 1
    event = AuditEvent.objects.get(action=AuditEvent.Action.REFERRAL_ALLOCATED)
    assert event.metadata["joined_open_case"] is True
    assert event.case_id == existing.pk


def test_joining_an_open_case_with_no_lead_worker_allocates_it(
    world, make_referral, known_young_person
):
    """Given a referral linked to a young person whose open case has no lead worker, when it is
    allocated to a worker, then the case gets that worker as its lead."""
    person = known_young_person(lead_worker=None)
    referral = make_referral(status=S.ACCEPTED, young_person=person)

    allocated = _allocate(referral, world)

    case = Case.objects.get()
    assert case.lead_worker == world.spoke_worker
    assert allocated.case == case
    assert allocated.allocated_worker == world.spoke_worker


def test_a_known_young_person_whose_case_closed_gets_a_new_case(
    world, make_referral, known_young_person
):
    """Given a referral linked to a young person whose only case is closed, when it is allocated,
    then a new case opens for the same young person (not a duplicate person)."""
    person = known_young_person(case="closed")
    referral = make_referral(status=S.ACCEPTED, young_person=person)

    allocated = _allocate(referral, world)

    assert YoungPerson.objects.count() == 1
    assert Case.objects.count() == 2
    assert allocated.case is not None
    assert allocated.case.young_person == person
    assert allocated.case.is_open
    assert allocated.case.referral_id == referral.pk


def test_allocating_before_the_match_is_decided_is_refused(world, make_referral):
    """Given an accepted referral the hub has not yet matched, when it is allocated, then it is
    refused with what to do first, and no case opens."""
    referral = make_referral(status=S.ACCEPTED)

    with pytest.raises(ValidationError) as refused:
        _allocate(referral, world)

    assert list(refused.value.message_dict) == ["young_person"]
    assert "link the referral to them or confirm they are new" in str(refused.value)
    assert not Case.objects.exists()
    assert Referral.objects.get(pk=referral.pk).status == S.ACCEPTED


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"worker": None}, "worker", id="no worker"),
        pytest.param({"worker": "other_spoke_worker"}, "worker", id="another hub's worker"),
        pytest.param({"risk_level": "severe"}, "risk_level", id="unknown risk level"),
        pytest.param({"rationale": "  "}, "rationale", id="no rationale"),
    ],
)
def test_accept_and_allocate_failing_leaves_the_referral_in_screening(
    world, make_referral, overrides, field
):
    """Given a referral being screened, when the hub accepts and allocates it with a bad worker,
    risk level or rationale, then it is refused on that field and nothing is saved: the referral
    is still being screened and undecided, no case or young person exists, nobody is told."""
    referral = make_referral(status=S.SCREENING, match="new")
    row = model_to_dict(Referral.objects.get(pk=referral.pk))
    events = AuditEvent.objects.count()
    notified = Notification.objects.count()
    if isinstance(overrides.get("worker"), str):
        overrides = {"worker": world.by_role(overrides["worker"])}

    with pytest.raises(ValidationError) as refused:
        services.referral_accept_and_allocate(
            referral=referral,
            by=world.hub_manager,
            version=referral.version,
            reason="Meets the threshold.",
            **{
                "worker": world.spoke_worker,
                "risk_level": "medium",
                "rationale": "Missing episodes.",
                **overrides,
            },
        )

    assert field in refused.value.message_dict
    after = Referral.objects.get(pk=referral.pk)
    assert model_to_dict(after) == row
    assert after.status == S.SCREENING
    assert after.decided_at is None
    assert not Case.objects.exists()
    assert not YoungPerson.objects.exists()
    assert AuditEvent.objects.count() == events
    assert Notification.objects.count() == notified


def test_accept_and_allocate_does_both(world, make_referral):
    """Given a referral being screened, when the hub accepts and allocates it, then it is decided
    and allocated with both times, the reason kept, and the case open."""
    referral = make_referral(status=S.SCREENING, match="new")

    done = services.referral_accept_and_allocate(
        referral=referral,
        by=world.hub_manager,
        version=referral.version,
        reason="Meets the threshold.",
        worker=world.spoke_worker,
        risk_level="medium",
        rationale="Missing episodes.",
    )

    assert done.status == S.ALLOCATED
    assert done.decision_reason == "Meets the threshold."
    assert done.decided_at is not None
    assert done.allocated_at is not None
    assert done.case is not None
    assert done.case.lead_worker == world.spoke_worker
    actions = list(
        AuditEvent.objects.filter(object_type="referrals.referral", object_id=str(referral.pk))
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == [
        AuditEvent.Action.REFERRAL_ACCEPTED,
        AuditEvent.Action.REFERRAL_ALLOCATED,
    ]


def test_a_decision_from_a_stale_version_is_refused(world, make_referral):
    """Given a referral whose screening notes another manager changed, when a decision starts
    from the version before, then it is refused and the referral is still being screened."""
    referral = make_referral(status=S.SCREENING)
    services.referral_screening_notes_update(
        referral=referral, by=world.hub_manager, version=referral.version, notes="Rang school."
    )

    with pytest.raises(StaleVersionError):
        services.referral_decline(
            referral=referral, by=world.hub_manager, version=referral.version, reason="No."
        )

    assert Referral.objects.get(pk=referral.pk).status == S.SCREENING


def test_first_contact_is_the_first_attended_session_on_the_case(world, make_referral):
    """Given an allocated referral, when the worker first records an attempt and then an attended
    session, then the referral's first contact is the session's time, not the attempt's, and a
    later session does not move it."""
    referral = make_referral(status=S.ALLOCATED)
    assert referral.first_contact_at is None
    logged = []

    for kind, attendance in (
        (CaseworkEntry.Kind.ATTEMPTED_CONTACT, CaseworkEntry.Attendance.DID_NOT_ATTEND),
        (CaseworkEntry.Kind.ONE_TO_ONE, CaseworkEntry.Attendance.ATTENDED),
        (CaseworkEntry.Kind.ONE_TO_ONE, CaseworkEntry.Attendance.ATTENDED),
    ):
        entry = casework.entry_create(
            case=Case.objects.get(pk=referral.case_id),
            by=world.spoke_worker,
            kind=kind,
            occurred_at=timezone.now(),
            attendance=attendance,
            summary="Met at school.",
            duration_minutes=30,
        )
        logged.append(entry.occurred_at)
        referral = Referral.objects.select_related("case").get(pk=referral.pk)
        if len(logged) == 1:
            assert referral.first_contact_at is None

    assert referral.first_contact_at == logged[1]
    assert referral.first_contact_at >= referral.allocated_at


def test_reading_a_referral_is_audited_by_id(world, make_referral):
    """Given a referral, when its read is recorded, then an audit event names the reader, the
    referral and its case, and nothing the referral says."""
    referral = make_referral(status=S.ALLOCATED, first_name="Zephyrine")

    services.referral_read_record(
        referral=referral, by=world.hub_manager, action=AuditEvent.Action.REFERRAL_VIEWED
    )

    event = AuditEvent.objects.filter(action=AuditEvent.Action.REFERRAL_VIEWED).get()
    assert event.actor == world.hub_manager
    assert event.object_id == str(referral.pk)
    assert event.case_id == referral.case_id
    assert "Zephyrine" not in str(event.metadata)
