"""GET /api/v1/agencies/: agencies in the partnership, filterable by kind, sector and LA."""

from __future__ import annotations

from django.urls import reverse

from partners import services
from partners.models import Agency, Role
from tests import factories
from tests.api.conftest import assert_error

URL = reverse("api:agency-list")


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def test_anonymous_callers_get_401(client, db):
    """Given no credentials, then 401."""
    assert_error(client.get(URL), 401, "not_authenticated")


def test_a_user_with_no_membership_sees_none(world, login):
    """Given a user with no membership in force, then the list is empty."""
    assert login(factories.user()).get(URL).json()["count"] == 0


def test_members_see_active_agencies_but_not_closed_ones(world, login):
    """Given a closed agency, then members do not see it and administrators do."""
    services.agency_update(agency=world.school, by=None, is_active=False)

    seen_by_practitioner = ids(login(world.practitioner).get(URL))
    seen_by_administrator = ids(login(world.administrator).get(URL))

    assert world.hub.pk in seen_by_practitioner
    assert world.school.pk not in seen_by_practitioner
    assert world.school.pk in seen_by_administrator


def test_rows_carry_sector_kind_and_local_authorities(world, login):
    """Given the hub, then its row names its sector, kind and local authorities."""
    response = login(world.practitioner).get(URL, {"kind": Agency.Kind.CSE_HUB})

    hub = next(row for row in response.json()["results"] if row["id"] == world.hub.pk)
    assert hub["sector"] == Agency.Sector.VOLUNTARY
    assert [la["name"] for la in hub["local_authorities"]] == ["Ashdown", "Brackenford"]


def test_filters_by_kind_sector_and_local_authority(world, login):
    """Given filters, then only agencies matching all of them."""
    client = login(world.practitioner)

    hubs = ids(client.get(URL, {"kind": "cse_hub"}))
    statutory_in_b = ids(client.get(URL, {"sector": "statutory", "local_authority": world.la_b.pk}))

    assert hubs == {world.hub.pk, world.other_hub.pk}
    assert statutory_in_b == {world.csc_b.pk, world.police.pk}


def test_bad_filters_are_a_400_naming_each(world, login):
    """Given a kind that does not exist and a non-numeric LA, then 400 naming both."""
    response = login(world.practitioner).get(URL, {"kind": "bakery", "local_authority": "abc"})

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"kind", "local_authority"}


def test_list_queries_are_constant(db, login, django_assert_num_queries):
    """Given 1 and then 21 agencies, each with local authorities, the queries are the same."""
    la = factories.local_authority()
    client = login(
        factories.member(agency=factories.agency(local_authorities=[la]), role=Role.PRACTITIONER)
    )
    client.get(URL)  # the first request records the session's first use; not measured

    # session, user, memberships in force, count, page of agencies, their local authorities
    with django_assert_num_queries(6):
        assert client.get(URL).json()["count"] == 1
    for _ in range(20):
        factories.agency(local_authorities=[la, factories.local_authority()])
    with django_assert_num_queries(6):
        assert client.get(URL).json()["count"] == 21
