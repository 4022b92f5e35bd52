"""The case plan: goals with the young person's view, versioned against lost updates."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from cases import record
from cases.models import CasePlan, PlanGoal
from cases.services import StaleVersionError

GOALS: list[dict[str, Any]] = [
    {
        "description": "Go to college three days a week.",
        "young_persons_view": "I like the art course.",
        "status": PlanGoal.Status.IN_PROGRESS,
        "target_on": datetime.date(2027, 3, 1),
    },
    {"description": "Know two safe adults to call.", "young_persons_view": "", "status": ""},
]


def write(world, case, **overrides):
    fields = {
        "case": case,
        "by": world.spoke_worker,
        "version": 0,
        "summary": "Keep Jordan safe at weekends and back in education.",
        "young_persons_view": "I want my phone back.",
        "goals": GOALS,
    }
    fields.update(overrides)
    return record.plan_update(**fields)


def test_the_first_plan_is_written_with_its_goals(world, case):
    """Given a case without a plan, when a plan is written from version 0, then it has the
    goals in order with the young person's view, version 1, and an audit event."""
    plan = write(world, case)

    assert plan.version == 1
    goals = list(plan.goals.all())
    assert [g.description for g in goals] == [g["description"] for g in GOALS]
    assert goals[0].young_persons_view == "I like the art course."
    assert goals[1].status == PlanGoal.Status.NOT_STARTED
    event = AuditEvent.objects.filter(action=AuditEvent.Action.PLAN_CHANGED).get()
    assert event.case_id == case.pk


def test_goals_are_changed_added_and_removed(world, case):
    """Given a plan, when it is saved with the first goal achieved, the second dropped and
    a new one, then the goals are exactly those."""
    plan = write(world, case)
    first = plan.goals.first()

    plan = write(
        world,
        case,
        version=1,
        goals=[
            {"id": first.pk, "description": first.description, "status": "achieved"},
            {"description": "Sexual health appointment."},
        ],
    )

    assert plan.version == 2
    assert [(g.description, g.status) for g in plan.goals.all()] == [
        (first.description, PlanGoal.Status.ACHIEVED),
        ("Sexual health appointment.", PlanGoal.Status.NOT_STARTED),
    ]


def test_bad_goals_are_refused_and_nothing_is_saved(world, case):
    """Given a goal without a description, when the plan is written, then the goals error
    names the goal and no plan exists."""
    with pytest.raises(ValidationError) as caught:
        write(world, case, goals=[GOALS[0], {"description": " ", "status": "dreaming"}])

    assert caught.value.message_dict["goals"] == [
        "Goal 2: describe the goal.",
        "Goal 2: choose the goal's status.",
    ]
    assert not CasePlan.objects.exists()
    assert not PlanGoal.objects.exists()


def test_a_goal_of_another_plan_is_refused(world, case, open_case):
    """Given another case's plan, when its goal's id is sent with this plan, then it is
    refused."""
    other = write(world, open_case())

    with pytest.raises(ValidationError, match="does not belong"):
        write(world, case, goals=[{"id": other.goals.first().pk, "description": "Mine."}])


def test_a_stale_plan_is_refused(world, case):
    """Given a plan changed since it was opened, when it is saved from the old version, then
    it is refused and the other change stands."""
    write(world, case)
    write(world, case, version=1, summary="Their summary.")

    with pytest.raises(StaleVersionError, match="changed this record"):
        write(world, case, version=1, summary="My summary.")
    assert CasePlan.objects.get().summary == "Their summary."


def test_two_first_plans_do_not_both_win(world, case):
    """Given a plan written from version 0, when another first plan is saved, then it is
    refused as stale."""
    write(world, case)

    with pytest.raises(StaleVersionError):
        write(world, case, version=0)
