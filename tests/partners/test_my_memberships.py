"""Everyone's own page of memberships and placements, past and present."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import Role, SpokePlacement
from tests import factories
from tests.conftest import World
from tests.partners.conftest import Login, as_actor, assert_sent_to_log_in


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(login: Login) -> None:
    """Anonymous visitors are sent to log in."""
    assert_sent_to_log_in(login(None).get(reverse("partners:my_memberships")))


@pytest.mark.parametrize(
    "actor",
    [
        "spoke_worker",
        "hub_manager",
        "practitioner",
        "partnership_manager",
        "commissioner",
        "administrator",
    ],
)
def test_every_signed_in_user_sees_their_own_memberships(
    world: World, login: Login, actor: str
) -> None:
    """Each user sees exactly their own memberships, whatever their role."""
    user = world.by_role(actor)

    response = as_actor(world, login, actor).get(reverse("partners:my_memberships"))

    assert response.status_code == 200
    assert [m.user_id for m in response.context["memberships"]] == [user.pk]


def test_a_user_with_no_membership_still_gets_the_page(world: World, login: Login) -> None:
    """Given a user with no membership, the page says so rather than failing."""
    response = login(factories.user()).get(reverse("partners:my_memberships"))

    assert response.status_code == 200
    assert "You have no memberships" in response.content.decode()


def test_past_and_present_memberships_and_placements_are_shown(world: World, login: Login) -> None:
    """Given an ended membership and an ended placement, both are listed beside current ones."""
    today = timezone.localdate()
    earlier = today - datetime.timedelta(days=400)
    ended = factories.membership(
        user=world.spoke_worker,
        agency=world.other_hub,
        role=Role.SPOKE_WORKER,
        starts_on=earlier,
        ends_on=today - datetime.timedelta(days=100),
    )
    old_placement = factories.placement(
        worker=world.spoke_worker,
        hub=world.other_hub,
        local_authority=world.la_b,
        location_model=SpokePlacement.LocationModel.OUTREACH,
        by=world.other_hub_manager,
        starts_on=earlier,
        ends_on=today - datetime.timedelta(days=100),
    )

    response = login(world.spoke_worker).get(reverse("partners:my_memberships"))

    assert ended in response.context["memberships"]
    assert set(response.context["placements"]) == {world.placement, old_placement}
    content = response.content.decode()
    assert "Ended" in content
    assert "Current" in content
