"""The resource list: the hub's resources for hub staff, those shared with them for everyone
else, filtered and paged in the database at the same number of queries for one row as many."""

from __future__ import annotations

import pytest
from django.urls import reverse

from consultancy.models import Resource
from consultancy.services.resources import resource_withdraw

URL = reverse("consultancy:resource_list")
MANY = 30


def test_hub_staff_see_the_hubs_resources_with_where_they_are_shared(world, login, make_resource):
    """Given one resource for Ashdown and one for named agencies, then a spoke worker sees both
    with where each is shared, and the button to share another."""
    make_resource(title="Spotting the signs")
    make_resource(
        title="Disruption toolkit",
        audience=Resource.Audience.AGENCIES,
        agencies=[world.police],
    )

    html = login(world.spoke_worker).get(URL).content.decode()

    assert "Resources you share" in html
    assert "Spotting the signs" in html
    assert "Every partner in Ashdown" in html
    assert "Disruption toolkit" in html
    assert "Shire Police" in html
    assert "Share a resource" in html


def test_partners_see_only_whats_shared_with_them(world, login, make_resource):
    """Given a resource for Ashdown and one for Shire Police only, then Ashdown's practitioner
    sees the first only, with no way to share; Brackenford's sees neither."""
    make_resource(title="Spotting the signs")
    make_resource(
        title="Disruption toolkit", audience=Resource.Audience.AGENCIES, agencies=[world.police]
    )

    ashdown = login(world.practitioner).get(URL).content.decode()
    brackenford = login(world.other_la_practitioner).get(URL).content.decode()

    assert "Resources shared with you" in ashdown
    assert "Spotting the signs" in ashdown
    assert "Disruption toolkit" not in ashdown
    assert "Share a resource" not in ashdown
    assert "No resources have been shared with your agency yet." in brackenford


def test_withdrawn_resources_are_filtered_for_the_hub(world, login, make_resource):
    """Given a withdrawn resource, then the hub's list hides it until 'Withdrawn' is chosen."""
    resource = make_resource(title="Old leaflet")
    resource_withdraw(resource=resource, by=world.hub_manager, version=resource.version)
    client = login(world.hub_manager)

    assert "Old leaflet" not in client.get(URL).content.decode()
    assert "Old leaflet" in client.get(URL, {"state": "withdrawn"}).content.decode()


def test_search_and_kind_filters(world, login, make_resource):
    """Given two resources, then a title search finds one."""
    make_resource(title="Spotting the signs")
    make_resource(title="Safety planning template")

    html = login(world.practitioner).get(URL, {"search": "safety"}).content.decode()

    assert "Safety planning template" in html
    assert "Spotting the signs" not in html


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def _make(make_resource, world, n):
    for index in range(n):
        make_resource(
            title=f"Resource {index:02d}",
            audience=Resource.Audience.LOCAL_AUTHORITIES,
            local_authorities=[world.la_a],
        )


@pytest.mark.parametrize("n", [1, MANY])
def test_the_hub_list_is_constant_in_queries(
    world, login, make_resource, django_assert_num_queries, n
):
    """Given 1 or 30 resources, then the hub's list costs the same queries."""
    _make(make_resource, world, n)
    client = login(world.hub_manager)
    client.get(URL)  # per-process caches (content types) warm up first
    # session, user, memberships (with agencies) for the request, then for the page: count,
    # the page of resources (with current version and sharer), their local authorities,
    # their agencies.
    with django_assert_num_queries(HUB_QUERIES):
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize("n", [1, MANY])
def test_the_partner_list_is_constant_in_queries(
    world, login, make_resource, django_assert_num_queries, n
):
    """Given 1 or 30 resources shared with Ashdown, then a partner's list costs the same."""
    _make(make_resource, world, n)
    client = login(world.practitioner)
    client.get(URL)
    # session, user, memberships for the request; then count and one page of resources with
    # hub and current version.
    with django_assert_num_queries(PARTNER_QUERIES):
        assert client.get(URL).status_code == 200


HUB_QUERIES = 7
PARTNER_QUERIES = 5
