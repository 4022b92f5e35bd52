"""GET /api/v1/placements/{id}/."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.api.conftest import assert_error


def url(pk: int) -> str:
    return reverse("api:placement-detail", kwargs={"pk": pk})


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_hub_manager", 404, id="another hub cannot tell it exists"),
        pytest.param("other_la_practitioner", 404, id="another LA's agency cannot tell"),
        pytest.param("spoke_worker", 200, id="the worker"),
        pytest.param("practitioner", 200, id="the host agency"),
        pytest.param("hub_manager", 200, id="the hub's manager"),
    ],
)
def test_permissions(world, caller, actor, status):
    """Only those the policy lets see the placement get it; others cannot tell it exists."""
    response = caller(actor).get(url(world.placement.pk))

    if status == 200:
        assert response.status_code == 200
        assert response.json()["id"] == world.placement.pk
    else:
        assert_error(response, status)


def test_not_visible_and_missing_answer_alike(world, caller):
    """Given a placement another hub cannot see, then its answer equals a missing record's."""
    client = caller("other_hub_manager")

    hidden = client.get(url(world.placement.pk))
    missing = client.get(url(999_999))

    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
