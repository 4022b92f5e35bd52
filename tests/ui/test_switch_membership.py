"""Switching the agency and role a user acts in: POST /home/switch/."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from partners.middleware import SESSION_MEMBERSHIP
from partners.models import Role
from tests import factories
from tests.ui.conftest import page_text

SWITCH = "/home/switch/"


def test_switch_url_is_named(db):
    """The identity bar posts to the switch_membership route."""
    assert reverse("switch_membership") == SWITCH


def test_switching_to_another_of_your_memberships(login, two_role_user):
    """Given two roles, when the user switches, then the session acts in the chosen one."""
    user, practitioner, police = two_role_user
    client = login(user)

    response = client.post(SWITCH, {"membership": police.pk})

    assert response.status_code == 302
    assert response["Location"] == reverse("role_home", kwargs={"role": Role.TEAM_MANAGER})
    assert client.session[SESSION_MEMBERSHIP] == police.pk
    home = client.get("/", follow=True)
    assert home.context["current_membership"] == police
    assert "You are now working as team manager, Shire Police." in page_text(home)


def test_switching_back(login, two_role_user):
    """Given a switch to the police role, when the user switches back, then the first applies."""
    user, practitioner, police = two_role_user
    client = login(user)
    client.post(SWITCH, {"membership": police.pk})

    response = client.post(SWITCH, {"membership": practitioner.pk})

    assert response["Location"] == reverse("role_home", kwargs={"role": Role.PRACTITIONER})
    assert client.session[SESSION_MEMBERSHIP] == practitioner.pk


def test_someone_elses_membership_is_not_found(world, login, two_role_user):
    """Given another user's membership id, when it is posted, then it is not found."""
    user, _, _ = two_role_user
    client = login(user)
    others = world.hub_manager.memberships.get()

    response = client.post(SWITCH, {"membership": others.pk})

    assert response.status_code == 404
    assert SESSION_MEMBERSHIP not in client.session


def test_an_ended_membership_is_not_found(world, login, no_role_user):
    """Given the user's own membership that has ended, when it is posted, then it is not found."""
    ended = no_role_user.memberships.get()
    response = login(no_role_user).post(SWITCH, {"membership": ended.pk})
    assert response.status_code == 404


def test_a_membership_in_a_disabled_agency_is_not_found(world, login, two_role_user):
    """Given the police agency is made inactive, then its membership can no longer be chosen."""
    user, _, police = two_role_user
    world.police.is_active = False
    world.police.save()
    response = login(user).post(SWITCH, {"membership": police.pk})
    assert response.status_code == 404


def test_a_missing_or_malformed_membership_is_not_found(world, login):
    """Given nothing usable is posted, then it is not found rather than an error."""
    client = login(world.hub_manager)
    assert client.post(SWITCH, {}).status_code == 404
    assert client.post(SWITCH, {"membership": "not-a-number"}).status_code == 404


def test_get_is_not_allowed(world, login):
    """Given a signed-in user, when the switch is requested with GET, then it is refused."""
    assert login(world.hub_manager).get(SWITCH).status_code == 405


def test_anonymous_is_sent_to_sign_in(world, client):
    """Given no one is signed in, when the switch is posted, then they are sent to sign in."""
    membership = world.hub_manager.memberships.get()
    response = client.post(SWITCH, {"membership": membership.pk})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_identity_bar_offers_the_switch_only_with_two_memberships(world, login, two_role_user):
    """Given one membership there is no switch; given two, both are offered."""
    single = login(world.practitioner).get("/", follow=True).content.decode()
    assert 'action="/home/switch/"' not in single

    user, practitioner, police = two_role_user
    double = login(user).get("/", follow=True).content.decode()
    assert 'action="/home/switch/"' in double
    assert f'<option value="{practitioner.pk}" selected>Practitioner, Ashdown Children' in double
    assert f'<option value="{police.pk}">Team manager, Shire Police</option>' in double


def test_a_membership_that_starts_tomorrow_is_not_offered(world, login, two_role_user):
    """Given a membership that has not started, then it is neither offered nor accepted."""
    user, _, _ = two_role_user
    future = factories.membership(
        user=user,
        agency=world.school,
        role=Role.PRACTITIONER,
        starts_on=timezone.localdate() + datetime.timedelta(days=1),
    )
    client = login(user)
    assert f'value="{future.pk}"' not in client.get("/", follow=True).content.decode()
    assert client.post(SWITCH, {"membership": future.pk}).status_code == 404
