"""GET /api/v1/cases/{case_id}/risk-assessments/: the history of a case's risk."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases import record
from tests.api.conftest import assert_error


def url(case_id: int) -> str:
    return reverse("api:case-risk-assessment-list", kwargs={"case_id": case_id})


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, id="an agency not shared with cannot tell"),
        pytest.param("summary", 403, id="summary scope has the current risk only"),
        pytest.param("full", 200, id="full scope"),
        pytest.param("hub_manager", 200, id="the hub's manager"),
    ],
)
def test_permissions(world, case, actor, name, status):
    """Full access or more reads the history, newest first."""
    record.risk_assess(
        case=case, by=world.hub_manager, version=1, level="high", indicators=[], rationale="Worse."
    )
    response = actor(name).get(url(case.pk))

    if status == 200:
        levels = [row["level"] for row in response.json()["results"]]
        assert levels == ["high", "medium"]
    else:
        assert_error(response, status)
