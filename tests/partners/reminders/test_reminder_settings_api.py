"""/api/v1/reminder-settings/: read by a hub's managers and spoke workers, changed by its
managers; another hub's is 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partners.models import Role
from partners.selectors import reminder_settings_of
from partners.services import reminder_settings_set
from tests import factories
from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db
LIST = reverse("api:reminder-settings-list")


def _detail(hub) -> str:
    return reverse("api:reminder-settings-detail", kwargs={"pk": hub.pk})


def test_anonymous_callers_get_401(client, world):
    assert_error(client.get(LIST), 401, "not_authenticated")
    assert_error(
        client.patch(_detail(world.hub), {"version": 1}, content_type="application/json"), 401
    )


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("other_hub_manager", 404, id="another hub's manager cannot tell it exists"),
        pytest.param("practitioner", 404, id="a practitioner neither"),
        pytest.param("spoke_worker", 403, id="a spoke worker reads but may not change"),
        pytest.param("hub_manager", 200, id="the hub's manager changes them"),
    ],
)
def test_who_may_change_them(world, login, name, status):
    response = login(world.by_role(name)).patch(
        _detail(world.hub), {"version": 1, "no_contact_days": 10}, content_type="application/json"
    )

    if status == 200:
        assert response.status_code == 200, response.content
        assert response.json()["no_contact_days"] == 10
        assert response.json()["is_default"] is False
        assert response.json()["version"] == 2
    else:
        assert_error(response, status)
        assert reminder_settings_of(hub_id=world.hub.pk).pk is None


def test_a_spoke_worker_reads_their_hubs_defaults(world, login):
    response = login(world.spoke_worker).get(_detail(world.hub))

    assert response.status_code == 200
    body = response.json()
    assert body["is_default"] is True
    assert body["updated_at"] is None
    assert (body["referral_screening_working_days"], body["review_weeks_low"]) == (2, 12)


def test_bad_values_are_400_in_the_one_error_shape(world, login):
    response = login(world.hub_manager).patch(
        _detail(world.hub),
        {"version": 1, "no_contact_days": 1, "review_weeks_high": 20},
        content_type="application/json",
    )

    error = assert_error(response, 400, "invalid")
    assert set(error["fields"]) == {"no_contact_days", "review_weeks_high"}


def test_the_rule_across_fields_is_400_too(world, login):
    response = login(world.hub_manager).patch(
        _detail(world.hub),
        {"version": 1, "first_contact_working_days": 9, "first_contact_escalation_working_days": 4},
        content_type="application/json",
    )

    error = assert_error(response, 400, "invalid")
    assert "first_contact_escalation_working_days" in error["fields"]


def test_a_stale_version_is_409(world, login):
    reminder_settings_set(hub=world.hub, by=world.hub_manager, version=1, no_contact_days=21)

    response = login(world.hub_manager).patch(
        _detail(world.hub), {"version": 1, "no_contact_days": 7}, content_type="application/json"
    )

    assert_error(response, 409, "conflict")
    assert reminder_settings_of(hub_id=world.hub.pk).no_contact_days == 21


def test_the_list_is_one_page_in_constant_queries(world, login, django_assert_num_queries):
    """Given a manager of one hub and then of four, the list costs the same queries."""
    client = login(world.hub_manager)
    client.get(LIST)  # the first request of a session also saves it
    # Session, user, memberships, count, the page of hubs, their saved settings.
    with django_assert_num_queries(6):
        assert client.get(LIST).json()["count"] == 1
    for number in range(3):
        hub = factories.agency(kind="cse_hub", name=f"Extra CSE Hub {number}")
        factories.membership(user=world.hub_manager, agency=hub, role=Role.HUB_MANAGER)
    client = login(world.hub_manager)
    client.get(LIST)
    with django_assert_num_queries(6):
        assert client.get(LIST).json()["count"] == 4
