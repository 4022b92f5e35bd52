"""GET /api/v1/placements/: placements the caller may see, filterable."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import SpokePlacement
from tests import factories
from tests.api.conftest import assert_error

URL = reverse("api:placement-list")


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def ended(world):
    """An ended outreach placement of the same worker, in the other local authority."""
    today = timezone.localdate()
    return factories.placement(
        worker=world.spoke_worker,
        hub=world.hub,
        local_authority=world.la_b,
        location_model=SpokePlacement.LocationModel.OUTREACH,
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today - datetime.timedelta(days=10),
        by=world.hub_manager,
    )


def test_anonymous_callers_get_401(client, db):
    """Given no credentials, then 401."""
    assert_error(client.get(URL), 401, "not_authenticated")


@pytest.mark.parametrize(
    ("actor", "sees"),
    [
        pytest.param("other_hub_manager", False, id="another hub cannot see it"),
        pytest.param("other_la_practitioner", False, id="another LA's agency cannot see it"),
        pytest.param("commissioner", False, id="a commissioner sees aggregates only"),
        pytest.param("spoke_worker", True, id="the worker sees their own"),
        pytest.param("hub_manager", True, id="the hub's manager"),
        pytest.param("practitioner", True, id="the host agency"),
        pytest.param("partnership_manager", True, id="the LA's partnership"),
        pytest.param("administrator", True, id="an administrator"),
    ],
)
def test_who_sees_the_placement(world, caller, actor, sees):
    """Given the world's placement, then it is listed exactly for those the policy allows."""
    assert (world.placement.pk in ids(caller(actor).get(URL))) is sees


def test_rows_carry_the_worker_hub_la_host_and_champion(world, caller):
    """Given the world's placement, then its row has the nested summaries and the champion."""
    row = caller("hub_manager").get(URL).json()["results"][0]

    assert row["worker"] == {"id": world.spoke_worker.pk, "full_name": "Sam Spoke"}
    assert row["hub"]["id"] == world.hub.pk
    assert row["local_authority"]["gss_code"] == world.la_a.gss_code
    assert row["host_agency"]["id"] == world.csc_a.pk
    assert row["location_model"] == "co_located_statutory"
    assert row["champion_name"] == "Chris Champion"
    assert row["is_active"] is True


def test_filters_by_local_authority_location_model_and_active(world, caller, ended):
    """Given an active and an ended placement, then each filter picks the right one."""
    client = caller("hub_manager")

    assert ids(client.get(URL, {"local_authority": world.la_b.pk})) == {ended.pk}
    assert ids(client.get(URL, {"location_model": "co_located_statutory"})) == {world.placement.pk}
    assert ids(client.get(URL, {"active": "true"})) == {world.placement.pk}
    assert ids(client.get(URL, {"active": "false"})) == {ended.pk}
    assert ids(client.get(URL)) == {world.placement.pk, ended.pk}


def test_bad_filters_are_a_400_naming_each(world, caller):
    """Given values that cannot be read, then 400 naming every bad filter."""
    response = caller("hub_manager").get(
        URL, {"active": "perhaps", "location_model": "moon", "local_authority": "-1"}
    )

    fields = assert_error(response, 400, "invalid")["fields"]
    assert fields.keys() == {"active", "location_model", "local_authority"}


def test_list_queries_are_constant(world, login, django_assert_num_queries):
    """Given 1 and then 26 placements, the list costs the same queries."""
    client = login(world.hub_manager)
    client.get(URL)  # the first request records the session's first use; not measured

    # session, user, memberships in force, count, page of placements joined to worker, hub,
    # local authority and host agency
    with django_assert_num_queries(5):
        assert client.get(URL).json()["count"] == 1
    for _ in range(25):
        factories.placement(
            worker=world.spoke_worker,
            hub=world.hub,
            local_authority=world.la_b,
            host_agency=world.police,
            location_model=SpokePlacement.LocationModel.HYBRID,
            by=world.hub_manager,
        )
    with django_assert_num_queries(5):
        assert client.get(URL).json()["count"] == 26
