"""GET /api/v1/local-authorities/{id}/."""

from __future__ import annotations

from django.urls import reverse

from tests import factories
from tests.api.conftest import assert_error


def url(pk: int) -> str:
    return reverse("api:local-authority-detail", kwargs={"pk": pk})


def test_anonymous_callers_get_401(client, world):
    """Given no credentials, then 401."""
    assert_error(client.get(url(world.la_a.pk)), 401, "not_authenticated")


def test_a_user_with_no_membership_gets_404(world, login):
    """Given a user with no membership in force, then 404, as if it did not exist."""
    assert_error(login(factories.user()).get(url(world.la_a.pk)), 404, "not_found")


def test_a_member_gets_the_local_authority(world, login):
    """Given a member of any agency, then the local authority with its code and region."""
    response = login(world.other_la_practitioner).get(url(world.la_a.pk))

    assert response.status_code == 200
    assert response.json() == {
        "id": world.la_a.pk,
        "name": "Ashdown",
        "gss_code": world.la_a.gss_code,
        "region": world.la_a.region,
    }


def test_a_missing_id_is_404(world, login):
    """Given an id that does not exist, then 404 in the error shape."""
    assert_error(login(world.practitioner).get(url(999_999)), 404, "not_found")
