"""GET /api/v1/me/: the caller, their memberships in force and their current placements."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import Role, SpokePlacement
from tests import factories
from tests.api.conftest import assert_error

URL = reverse("api:me")


def test_anonymous_callers_get_401(client, db):
    """Given no credentials, then 401."""
    assert_error(client.get(URL), 401, "not_authenticated")


@pytest.mark.parametrize(
    "actor", ["spoke_worker", "practitioner", "partnership_manager", "administrator"]
)
def test_every_signed_in_user_sees_themselves(world, login, actor):
    """Given any signed-in user, then they get their own record and nobody else's."""
    user = world.by_role(actor)

    response = login(user).get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == user.pk
    assert body["email"] == user.email
    assert body["full_name"] == user.full_name


def test_shows_memberships_in_force_with_agency_and_role(world, login):
    """Given a current and an ended membership, then only the current one is listed."""
    user = world.spoke_worker
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    factories.membership(
        user=user,
        agency=world.other_hub,
        role=Role.SPOKE_WORKER,
        starts_on=yesterday - datetime.timedelta(days=30),
        ends_on=yesterday,
    )

    body = login(user).get(URL).json()

    assert body["job_title"] == user.job_title
    assert [(m["agency"]["id"], m["role"]) for m in body["memberships"]] == [
        (world.hub.pk, Role.SPOKE_WORKER)
    ]
    assert body["memberships"][0]["agency"]["name"] == world.hub.name


def test_shows_current_placements_only(world, login):
    """Given a current and an ended placement, then only the current one is listed."""
    today = timezone.localdate()
    factories.placement(
        worker=world.spoke_worker,
        hub=world.hub,
        local_authority=world.la_b,
        location_model=SpokePlacement.LocationModel.OUTREACH,
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today - datetime.timedelta(days=30),
        by=world.hub_manager,
    )

    body = login(world.spoke_worker).get(URL).json()

    assert [p["id"] for p in body["placements"]] == [world.placement.pk]
    placement = body["placements"][0]
    assert placement["local_authority"]["id"] == world.la_a.pk
    assert placement["host_agency"]["id"] == world.csc_a.pk
    assert placement["is_active"] is True


def test_a_user_with_no_placements_gets_an_empty_list(world, login):
    """Given a practitioner, then placements is empty rather than missing."""
    body = login(world.practitioner).get(URL).json()

    assert body["placements"] == []


def test_a_session_without_two_factor_is_refused_in_the_error_shape(world, client):
    """Given a session user who has not set up two-factor, then 403 telling them to set it up."""
    user = factories.member(agency=world.hub, role=Role.SPOKE_WORKER, mfa=False)
    client.force_login(user)

    error = assert_error(client.get(URL), 403, "two_factor_setup_required")
    assert "in the browser" in error["message"]


def test_queries_are_constant_however_many_memberships_and_placements(
    world, login, django_assert_num_queries
):
    """Given 1 and then 11 placements and a second membership, the queries are the same."""
    client = login(world.spoke_worker)
    client.get(URL)  # the first request records the session's first use; not measured

    # session, user, memberships in force with their agencies (once, shared with the
    # middleware), current placements with worker, hub, LA and host agency
    with django_assert_num_queries(4):
        assert len(client.get(URL).json()["placements"]) == 1
    factories.membership(user=world.spoke_worker, agency=world.other_hub, role=Role.SPOKE_WORKER)
    for _ in range(10):
        factories.placement(
            worker=world.spoke_worker,
            hub=world.hub,
            local_authority=world.la_b,
            location_model=SpokePlacement.LocationModel.HUB_BASED,
            by=world.hub_manager,
        )
    with django_assert_num_queries(4):
        body = client.get(URL).json()
    assert len(body["placements"]) == 11
    assert len(body["memberships"]) == 2
