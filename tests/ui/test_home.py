"""The way in: / sends each user to the home page of their role; /home/<role>/ shows it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partners.middleware import SESSION_MEMBERSHIP
from partners.models import Role
from tests.ui.conftest import h1_of, page_text

ROLE_PAGES = [
    pytest.param("spoke_worker", Role.SPOKE_WORKER, "Spoke worker home", id="spoke worker"),
    pytest.param("hub_manager", Role.HUB_MANAGER, "Hub manager home", id="hub manager"),
    pytest.param("practitioner", Role.PRACTITIONER, "Practitioner home", id="practitioner"),
    pytest.param("team_manager", Role.TEAM_MANAGER, "Team manager home", id="team manager"),
    pytest.param(
        "partnership_manager",
        Role.PARTNERSHIP_MANAGER,
        "Partnership manager home",
        id="partnership manager",
    ),
    pytest.param("commissioner", Role.COMMISSIONER, "Commissioner home", id="commissioner"),
    pytest.param(
        "administrator", Role.ADMINISTRATOR, "System administrator home", id="administrator"
    ),
]


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    """Given no one is signed in, when they open /, then they are sent to sign in and back."""
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/"


def test_anonymous_visitor_cannot_open_a_role_home(client, db):
    """Given no one is signed in, when they open a role's home, then they are sent to sign in."""
    response = client.get(reverse("role_home", kwargs={"role": Role.HUB_MANAGER}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(("who", "role", "heading"), ROLE_PAGES)
def test_home_redirects_to_the_role_home(world, login, who, role, heading):
    """Given a user in a role, when they open /, then they land on that role's home page."""
    client = login(world.by_role(who))
    response = client.get("/", follow=True)
    assert response.redirect_chain == [(reverse("role_home", kwargs={"role": role}), 302)]
    assert response.status_code == 200
    assert h1_of(response) == heading
    assert response.templates[0].name == f"home/{role}.html"


def test_user_with_no_active_membership_is_told_to_contact_an_administrator(login, no_role_user):
    """Given a user whose membership has ended, when they open /, then they are told why."""
    response = login(no_role_user).get("/")
    assert response.status_code == 200
    assert h1_of(response) == "You do not have an active role"
    assert "Contact your system administrator" in page_text(response)
    assert "No active role" in page_text(response)


def test_user_with_no_active_membership_has_no_role_home(login, no_role_user):
    """Given a user whose practitioner membership has ended, then that home is not found."""
    response = login(no_role_user).get(reverse("role_home", kwargs={"role": Role.PRACTITIONER}))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("who", "role"),
    [
        pytest.param("spoke_worker", Role.HUB_MANAGER, id="spoke worker asks for hub manager"),
        pytest.param("practitioner", Role.TEAM_MANAGER, id="practitioner asks for team manager"),
        pytest.param("hub_manager", Role.ADMINISTRATOR, id="hub manager asks for administrator"),
        pytest.param("administrator", "not_a_role", id="a role that does not exist"),
    ],
)
def test_role_home_is_not_found_for_a_role_not_held(world, login, who, role):
    """Given a user without a role, when they open its home page, then it is not found."""
    response = login(world.by_role(who)).get(reverse("role_home", kwargs={"role": role}))
    assert response.status_code == 404
    assert h1_of(response) == "Page not found"


def test_role_home_shows_the_page_as_the_membership_with_that_role(login, two_role_user):
    """Given two roles, when the other role's home is opened, then the page is shown as it."""
    user, practitioner, police = two_role_user
    client = login(user)

    response = client.get(reverse("role_home", kwargs={"role": Role.TEAM_MANAGER}))

    assert response.status_code == 200
    assert h1_of(response) == "Team manager home"
    assert response.context["current_membership"] == police
    assert "Team manager, Shire Police" in page_text(response)
    # Display only: the membership chosen for the session is unchanged.
    assert client.session.get(SESSION_MEMBERSHIP) is None
    assert client.get("/")["Location"] == reverse("role_home", kwargs={"role": Role.PRACTITIONER})


def test_head_request_to_home_is_allowed(world, login):
    """Given a signed-in user, when a HEAD request is made to /, then it redirects as GET."""
    response = login(world.hub_manager).head("/")
    assert response.status_code == 302


def test_post_to_home_is_not_allowed(world, login):
    """Given a signed-in user, when something is posted to /, then the method is refused."""
    response = login(world.hub_manager).post("/")
    assert response.status_code == 405
