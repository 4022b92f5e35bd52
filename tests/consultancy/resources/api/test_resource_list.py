"""GET /api/v1/resources/: the hub's resources for hub staff, those shared with the caller for
everyone else; paged in the database at constant queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from consultancy.models import Resource
from tests.api.conftest import assert_error

URL = reverse("api:resource-list")


def _titles(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["title"] for row in response.json()["results"]}


def test_anonymous_callers_get_401(client, db):
    assert_error(client.get(URL), 401, "not_authenticated")


@pytest.mark.parametrize(
    ("name", "sees_area", "sees_police"),
    [
        pytest.param("other_agency", False, False, id="Brackenford: neither"),
        pytest.param("other_hub_manager", False, False, id="another hub: neither"),
        pytest.param("partner", True, False, id="Ashdown's practitioner: the area's"),
        pytest.param("partnership_manager", True, False, id="Ashdown's partnership: the area's"),
        pytest.param("hub_colleague", True, True, id="hub staff: all the hub's"),
    ],
)
def test_who_sees_which(world, make_resource, actor, name, sees_area, sees_police):
    """Given one resource for Ashdown's partners and one for Shire Police only."""
    make_resource(title="For Ashdown")
    make_resource(
        title="For the police", audience=Resource.Audience.AGENCIES, agencies=[world.police]
    )

    titles = _titles(actor(name).get(URL))

    assert ("For Ashdown" in titles) is sees_area
    assert ("For the police" in titles) is sees_police


def test_rows_link_to_the_current_download(world, make_resource, actor):
    """Then each row carries the current version with where to download it."""
    resource = make_resource()

    (row,) = actor("partner").get(URL).json()["results"]

    assert row["current_version"]["number"] == 1
    assert row["current_version"]["download_url"] == reverse(
        "api:resource-download", args=[resource.pk]
    )
    assert "file" not in row["current_version"]


def test_a_bad_filter_is_400(world, actor):
    assert_error(actor("partner").get(URL, {"kind": "poster"}), 400, "invalid")


@pytest.mark.parametrize("n", [1, 30])
def test_constant_queries(world, make_resource, actor, django_assert_num_queries, n):
    """Given 1 or 30 resources, then the hub's list costs the same queries."""
    for index in range(n):
        make_resource(title=f"Resource {index:02d}")
    client = actor("hub_manager")
    client.get(URL)
    # session, user, memberships; count, the page (with hub and current version), its local
    # authorities and its agencies.
    with django_assert_num_queries(7):
        assert client.get(URL).status_code == 200
