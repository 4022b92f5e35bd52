"""POST /api/v1/cases/{id}/allocate/: set the lead worker and co-workers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.api.conftest import assert_error
from tests.cases.api.conftest import post


def url(pk: int) -> str:
    return reverse("api:case-allocate", kwargs={"pk": pk})


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, id="an agency not shared with cannot tell"),
        pytest.param("full", 403, id="full scope may not allocate"),
        pytest.param("hub_manager", 200, id="the hub's manager allocates"),
    ],
)
def test_permissions(world, case, team_worker, actor, name, status):
    """Only the owning side may allocate."""
    data = {"version": 1, "lead_worker": team_worker.pk, "co_workers": [world.spoke_worker.pk]}
    response = post(actor(name), url(case.pk), data)

    case.refresh_from_db()
    if status == 200:
        body = response.json()
        assert body["lead_worker"]["id"] == team_worker.pk
        assert [w["id"] for w in body["co_workers"]] == [world.spoke_worker.pk]
        assert case.lead_worker_id == team_worker.pk
    else:
        assert_error(response, status)
        assert case.lead_worker_id == world.spoke_worker.pk


def test_a_worker_of_another_hub_is_refused(world, case, actor):
    """Given the other hub's worker as lead, then 400 on lead_worker; nothing changes."""
    data = {"version": 1, "lead_worker": world.other_spoke_worker.pk}

    response = post(actor("hub_manager"), url(case.pk), data)

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"lead_worker"}
    case.refresh_from_db()
    assert case.version == 1


def test_a_stale_version_is_a_409(world, case, actor):
    """Given a version the case has moved past, then 409."""
    data = {"version": 7, "lead_worker": world.spoke_worker.pk}

    assert_error(post(actor("hub_manager"), url(case.pk), data), 409, "conflict")
