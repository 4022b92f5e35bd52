"""GET /api/v1/cases/{case_id}/plan/: the case plan and goals (empty, version 0, until written)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases import record
from tests.api.conftest import assert_error


def url(case_id: int) -> str:
    return reverse("api:case-plan", kwargs={"case_id": case_id})


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, id="an agency not shared with cannot tell"),
        pytest.param("summary", 403, id="summary scope has no plan"),
        pytest.param("full", 200, id="full scope"),
        pytest.param("lead_worker", 200, id="the lead worker"),
    ],
)
def test_permissions(world, case, actor, name, status):
    """Full access or more reads the plan with its goals in order."""
    record.plan_update(
        case=case,
        by=world.spoke_worker,
        version=0,
        summary="Weekly sessions and a return to college.",
        young_persons_view="I want my own money.",
        goals=[
            {"description": "Attend college three days a week", "status": "in_progress"},
            {"description": "Know who to call when unsafe"},
        ],
    )
    response = actor(name).get(url(case.pk))

    if status == 200:
        plan = response.json()
        assert plan["version"] == 1
        assert [g["description"] for g in plan["goals"]] == [
            "Attend college three days a week",
            "Know who to call when unsafe",
        ]
    else:
        assert_error(response, status)


def test_a_case_without_a_plan_answers_an_empty_one(case, actor):
    """Given no plan yet, then an empty plan with version 0 to start from."""
    plan = actor("hub_manager").get(url(case.pk)).json()

    assert plan == {
        "summary": "",
        "young_persons_view": "",
        "goals": [],
        "updated_by": None,
        "updated_at": None,
        "version": 0,
    }
