"""GET /api/v1/cases/{case_id}/involvements/: who is involved (part of even a summary)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases import record
from tests.api.conftest import assert_error


def url(case_id: int) -> str:
    return reverse("api:case-involvement-list", kwargs={"case_id": case_id})


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, id="an agency not shared with cannot tell"),
        pytest.param("other_hub", 404, id="another hub cannot tell"),
        pytest.param("summary", 200, id="summary scope sees who is involved"),
        pytest.param("hub_manager", 200, id="the hub's manager"),
    ],
)
def test_permissions(world, case, actor, name, status):
    """Anyone who sees the case sees who is involved."""
    record.involvement_add(
        case=case,
        by=world.hub_manager,
        agency=world.police,
        professional_name="DC Rowan Example",
        is_lead_professional=True,
    )
    response = actor(name).get(url(case.pk))

    if status == 200:
        rows = response.json()["results"]
        assert [(r["agency"]["id"], r["is_lead_professional"]) for r in rows] == [
            (world.police.pk, True)
        ]
    else:
        assert_error(response, status)
