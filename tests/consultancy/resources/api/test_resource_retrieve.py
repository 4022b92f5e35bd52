"""GET /api/v1/resources/{id}/: a partner's shape or the hub's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.api.conftest import assert_error

PARTNER_FIELDS = {
    "view",
    "id",
    "title",
    "kind",
    "description",
    "hub",
    "current_version",
    "withdrawn",
}


@pytest.mark.parametrize(
    ("name", "code", "view"),
    [
        pytest.param("anonymous", 401, None, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, None, id="not shared: cannot tell"),
        pytest.param("other_hub_manager", 404, None, id="another hub: cannot tell"),
        pytest.param("partner", 200, "partner", id="a partner: the current file"),
        pytest.param("hub_colleague", 200, "hub", id="hub staff: the record"),
    ],
)
def test_permissions_and_shapes(world, make_resource, actor, name, code, view):
    resource = make_resource()

    response = actor(name).get(reverse("api:resource-detail", args=[resource.pk]))

    if code != 200:
        assert_error(response, code)
        return
    body = response.json()
    assert body["view"] == view
    if view == "partner":
        assert set(body) == PARTNER_FIELDS
    else:
        assert {"audience", "local_authorities", "versions", "version"} <= set(body)


def test_missing_is_404(world, actor):
    assert_error(actor("hub_manager").get(reverse("api:resource-detail", args=[999999])), 404)
