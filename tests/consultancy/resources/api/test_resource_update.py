"""PATCH /api/v1/resources/{id}/: the hub's managers and whoever shared it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from consultancy.models import Resource
from tests.api.conftest import assert_error


def _patch(client, resource, data):
    return client.patch(
        reverse("api:resource-detail", args=[resource.pk]), data, content_type="application/json"
    )


@pytest.mark.parametrize(
    ("name", "code"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, id="not shared: cannot tell"),
        pytest.param("partner", 403, id="a partner may not"),
        pytest.param("hub_colleague", 403, id="nor another worker"),
        pytest.param("sharer", 200, id="whoever shared it"),
        pytest.param("hub_manager", 200, id="the hub's manager"),
    ],
)
def test_permissions(world, sharer, make_resource, actor, name, code):
    resource = make_resource(by=sharer)

    response = _patch(actor(name), resource, {"version": resource.version, "title": "Renamed"})

    if code != 200:
        assert_error(response, code)
        assert Resource.objects.get(pk=resource.pk).title != "Renamed"
        return
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Renamed"


def test_bad_audience_is_400(world, make_resource, actor):
    """Given named agencies with none named, then 400 on agencies."""
    resource = make_resource()

    error = assert_error(
        _patch(
            actor("hub_manager"), resource, {"version": resource.version, "audience": "agencies"}
        ),
        400,
        "invalid",
    )

    assert "agencies" in error["fields"]


def test_stale_version_is_409(world, make_resource, actor):
    resource = make_resource()

    response = _patch(actor("hub_manager"), resource, {"version": 0, "title": "Renamed"})

    assert_error(response, 409, "conflict")
