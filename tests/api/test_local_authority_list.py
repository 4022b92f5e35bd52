"""GET /api/v1/local-authorities/: reference data for every professional with a membership."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partners.models import LocalAuthority, Role
from tests import factories
from tests.api.conftest import assert_error

URL = reverse("api:local-authority-list")


def names(response) -> list[str]:
    return [row["name"] for row in response.json()["results"]]


def test_anonymous_callers_get_401(client, db):
    """Given no credentials, then 401."""
    assert_error(client.get(URL), 401, "not_authenticated")


def test_a_user_with_no_membership_sees_none(world, login):
    """Given a user with no membership in force, then the list is empty."""
    response = login(factories.user()).get(URL)

    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize("actor", ["practitioner", "spoke_worker", "commissioner"])
def test_members_see_every_local_authority_by_name(world, login, actor):
    """Given any membership, then every local authority is listed in name order."""
    response = login(world.by_role(actor)).get(URL)

    assert response.status_code == 200
    assert names(response) == ["Ashdown", "Brackenford"]
    assert set(response.json()["results"][0]) == {"id", "name", "gss_code", "region"}


def test_filters_by_region(world, login):
    """Given ?region=, then only local authorities in that region."""
    factories.local_authority(name="Coldwater", region=LocalAuthority.Region.LONDON)

    response = login(world.practitioner).get(URL, {"region": "london"})

    assert names(response) == ["Coldwater"]


def test_an_unknown_region_is_a_400_naming_the_filter(world, login):
    """Given ?region= with a value that is not a region, then 400 naming the field."""
    response = login(world.practitioner).get(URL, {"region": "atlantis"})

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"region"}


def test_pages_are_bounded(world, login):
    """Given ?page_size=1, then one row and a link to the next page; a page past the end is 404."""
    client = login(world.practitioner)

    body = client.get(URL, {"page_size": 1}).json()

    assert body["count"] == 2
    assert len(body["results"]) == 1
    assert body["next"] is not None
    assert_error(client.get(URL, {"page": 9}), 404, "not_found")


def test_list_queries_are_constant(db, login, django_assert_num_queries):
    """Given 1 and then 31 local authorities, then the list costs the same queries."""
    agency = factories.agency(local_authorities=[factories.local_authority()])
    client = login(factories.member(agency=agency, role=Role.PRACTITIONER))
    client.get(URL)  # the first request records the session's first use; not measured

    # session, user, memberships in force, count, page of local authorities
    with django_assert_num_queries(5):
        assert client.get(URL).json()["count"] == 1
    for _ in range(30):
        factories.local_authority()
    with django_assert_num_queries(5):
        assert client.get(URL).json()["count"] == 31
