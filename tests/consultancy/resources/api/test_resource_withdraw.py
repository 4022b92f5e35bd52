"""POST /api/v1/resources/{id}/withdraw/."""

from __future__ import annotations

import pytest
from django.urls import reverse

from consultancy.models import Resource
from tests.api.conftest import assert_error


def _post(client, resource, version):
    return client.post(
        reverse("api:resource-withdraw", args=[resource.pk]),
        {"version": version},
        content_type="application/json",
    )


@pytest.mark.parametrize(
    ("name", "code"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, id="not shared: cannot tell"),
        pytest.param("partner", 403, id="a partner may not"),
        pytest.param("hub_manager", 200, id="the hub's manager withdraws it"),
    ],
)
def test_permissions(world, make_resource, actor, name, code):
    resource = make_resource()

    response = _post(actor(name), resource, resource.version)

    if code != 200:
        assert_error(response, code)
        assert not Resource.objects.get(pk=resource.pk).is_withdrawn
        return
    assert response.json()["withdrawn"] is True


def test_twice_is_400(world, make_resource, actor):
    resource = make_resource()
    client = actor("hub_manager")
    _post(client, resource, resource.version)

    assert_error(_post(client, resource, resource.version + 1), 400, "invalid")


def test_stale_is_409(world, make_resource, actor):
    resource = make_resource()

    assert_error(_post(actor("hub_manager"), resource, 0), 409, "conflict")
