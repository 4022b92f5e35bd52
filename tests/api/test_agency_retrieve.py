"""GET /api/v1/agencies/{id}/."""

from __future__ import annotations

from django.urls import reverse

from partners import services
from tests import factories
from tests.api.conftest import assert_error


def url(pk: int) -> str:
    return reverse("api:agency-detail", kwargs={"pk": pk})


def test_anonymous_callers_get_401(client, world):
    """Given no credentials, then 401."""
    assert_error(client.get(url(world.hub.pk)), 401, "not_authenticated")


def test_a_user_with_no_membership_gets_404(world, login):
    """Given a user with no membership in force, then 404."""
    assert_error(login(factories.user()).get(url(world.hub.pk)), 404, "not_found")


def test_a_closed_agency_is_404_to_members(world, login):
    """Given a closed agency, then members get 404, as if it did not exist."""
    services.agency_update(agency=world.school, by=None, is_active=False)

    assert_error(login(world.practitioner).get(url(world.school.pk)), 404, "not_found")


def test_a_closed_agency_is_visible_to_administrators(world, login):
    """Given a closed agency, then an administrator still gets it."""
    services.agency_update(agency=world.school, by=None, is_active=False)

    response = login(world.administrator).get(url(world.school.pk))

    assert response.status_code == 200
    assert response.json()["is_active"] is False


def test_a_member_gets_the_agency(world, login):
    """Given a member of another agency, then the agency with its explicit fields."""
    response = login(world.practitioner).get(url(world.police.pk))

    assert response.status_code == 200
    assert set(response.json()) == {
        "id",
        "name",
        "sector",
        "kind",
        "local_authorities",
        "email",
        "phone",
        "is_active",
    }
    assert response.json()["kind"] == "police"
