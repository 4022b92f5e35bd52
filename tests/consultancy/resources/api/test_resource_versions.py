"""GET and POST /api/v1/resources/{id}/versions/: the hub's history, and a new file."""

from __future__ import annotations

import pytest
from django.urls import reverse

from consultancy.models import Resource
from tests.api.conftest import assert_error
from tests.consultancy.resources.conftest import PDF, upload


def _url(resource):
    return reverse("api:resource-versions", args=[resource.pk])


@pytest.mark.parametrize(
    ("name", "code"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, id="not shared: cannot tell"),
        pytest.param("partner", 403, id="a partner sees the current version only"),
        pytest.param("hub_colleague", 200, id="hub staff see every version"),
    ],
)
def test_who_lists_versions(world, make_resource, actor, name, code):
    resource = make_resource()

    response = actor(name).get(_url(resource))

    if code != 200:
        assert_error(response, code)
        return
    (version,) = response.json()
    assert version["number"] == 1
    assert version["uploaded_by"]["id"] == world.hub_manager.pk


@pytest.mark.parametrize(
    ("name", "code"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_hub_manager", 404, id="another hub: cannot tell"),
        pytest.param("partner", 403, id="a partner may not"),
        pytest.param("hub_colleague", 403, id="nor another worker"),
        pytest.param("hub_manager", 201, id="the hub's manager uploads"),
    ],
)
def test_who_uploads(world, make_resource, actor, name, code):
    resource = make_resource()

    response = actor(name).post(
        _url(resource),
        {"version": resource.version, "file": upload("v2.pdf", PDF), "change_note": "Second."},
    )

    if code != 201:
        assert_error(response, code)
        assert Resource.objects.get(pk=resource.pk).versions.get().number == 1
        return
    assert response.status_code == 201, response.content
    assert response.json()["current_version"]["number"] == 2


def test_a_wrong_type_is_400(world, make_resource, actor):
    resource = make_resource()

    error = assert_error(
        actor("hub_manager").post(
            _url(resource),
            {
                "version": resource.version,
                "file": upload("v2.pdf", b"\x89PNG\r\n\x1a\n"),
                "change_note": "x",
            },
        ),
        400,
        "invalid",
    )

    assert "not a PDF" in error["fields"]["upload"][0]


def test_a_stale_version_is_409(world, make_resource, actor):
    resource = make_resource()

    response = actor("hub_manager").post(
        _url(resource), {"version": 0, "file": upload("v2.pdf", PDF), "change_note": "x"}
    )

    assert_error(response, 409, "conflict")
