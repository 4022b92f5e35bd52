"""GET /api/v1/agreements/{id}/."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories
from tests.api.conftest import assert_error


def url(pk: int) -> str:
    return reverse("api:agreement-detail", kwargs={"pk": pk})


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_hub_manager", 404, id="a hub not party cannot tell it exists"),
        pytest.param("other_la_practitioner", 404, id="an agency not party cannot tell"),
        pytest.param("practitioner", 200, id="a party agency"),
        pytest.param("hub_manager", 200, id="a party hub's manager"),
    ],
)
def test_permissions(world, caller, actor, status):
    """Only parties (and administrators) get the agreement; others cannot tell it exists."""
    agreement = factories.agreement(
        parties=[world.hub, world.csc_a], local_authority=world.la_a, by=world.hub_manager
    )

    response = caller(actor).get(url(agreement.pk))

    if status == 200:
        assert response.status_code == 200
        assert response.json()["id"] == agreement.pk
        assert response.json()["is_current"] is True
    else:
        assert_error(response, status)
