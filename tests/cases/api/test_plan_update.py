"""PUT /api/v1/cases/{case_id}/plan/: the owning side writes the plan, naming its version."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases import record
from cases.models import CasePlan
from tests.api.conftest import assert_error
from tests.cases.api.conftest import put


def url(case_id: int) -> str:
    return reverse("api:case-plan", kwargs={"case_id": case_id})


PLAN = {
    "version": 0,
    "summary": "Weekly one-to-one sessions; joint visit each month.",
    "young_persons_view": "I want to see my sister more.",
    "goals": [{"description": "Keep a safety plan on her phone", "target_on": "2027-01-31"}],
}


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_hub", 404, id="another hub cannot tell"),
        pytest.param("joint", 403, id="joint scope may not write the plan"),
        pytest.param("lead_worker", 200, id="the lead worker writes it"),
    ],
)
def test_permissions(case, actor, name, status):
    """Only the owning side writes the plan."""
    response = put(actor(name), url(case.pk), PLAN)

    if status == 200:
        plan = response.json()
        assert plan["version"] == 1
        assert plan["goals"][0]["target_on"] == "2027-01-31"
        assert plan["goals"][0]["status"] == "not_started"
    else:
        assert_error(response, status)
        assert not CasePlan.objects.exists()


def test_goals_are_changed_by_id_and_dropped_when_not_sent(world, case, actor):
    """Given a plan with two goals, when one is sent back changed, then the other is removed."""
    plan = record.plan_update(
        case=case,
        by=world.spoke_worker,
        version=0,
        summary="First plan.",
        young_persons_view="",
        goals=[{"description": "One"}, {"description": "Two"}],
    )
    first = plan.goals.get(description="One")
    data = {
        "version": 1,
        "summary": "Second plan.",
        "goals": [{"id": first.pk, "description": "One", "status": "achieved"}],
    }

    body = put(actor("hub_manager"), url(case.pk), data).json()

    assert [(g["id"], g["status"]) for g in body["goals"]] == [(first.pk, "achieved")]


def test_bad_input_is_a_400(case, actor):
    """Given no summary and a goal without a description, then 400 on each."""
    data = {"version": 0, "goals": [{"status": "achieved"}]}

    fields = assert_error(put(actor("hub_manager"), url(case.pk), data), 400, "invalid")["fields"]

    assert fields.keys() == {"summary", "goals"}


def test_a_stale_version_is_a_409(world, case, actor):
    """Given the plan written since (version 1), then writing from 0 again is 409."""
    record.plan_update(
        case=case,
        by=world.spoke_worker,
        version=0,
        summary="Theirs.",
        young_persons_view="",
        goals=[],
    )

    assert_error(put(actor("hub_manager"), url(case.pk), PLAN), 409, "conflict")
    assert CasePlan.objects.get().summary == "Theirs."
