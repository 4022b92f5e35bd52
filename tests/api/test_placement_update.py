"""PATCH /api/v1/placements/{id}/: the hub's managers change a placement."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from partners.models import SpokePlacement
from tests.api.conftest import assert_error


def url(pk: int) -> str:
    return reverse("api:placement-detail", kwargs={"pk": pk})


def patch(client, pk, data):
    return client.patch(url(pk), data, content_type="application/json")


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_hub_manager", 404, id="another hub cannot tell it exists"),
        pytest.param("practitioner", 403, id="the host agency sees it but may not change it"),
        pytest.param("spoke_worker", 403, id="the worker sees it but may not change it"),
        pytest.param("hub_manager", 200, id="the hub's manager changes it"),
    ],
)
def test_permissions(world, caller, actor, status):
    """Only the hub's managers may change; those who may see it are told 403, others 404."""
    response = patch(caller(actor), world.placement.pk, {"champion_name": "Alex Example"})

    champion = SpokePlacement.objects.get(pk=world.placement.pk).champion_name
    if status == 200:
        assert response.status_code == 200
        assert response.json()["champion_name"] == "Alex Example"
        assert champion == "Alex Example"
    else:
        assert_error(response, status)
        assert champion == "Chris Champion"


def test_change_is_audited_with_the_fields_changed(world, caller):
    """Given an end date set, then an audit event lists the changed field."""
    response = patch(caller("hub_manager"), world.placement.pk, {"ends_on": "2027-03-31"})

    assert response.json()["ends_on"] == "2027-03-31"
    event = AuditEvent.objects.filter(action=AuditEvent.Action.PLACEMENT_CHANGED).get()
    assert event.metadata == {"fields": ["ends_on"]}
    assert event.object_id == str(world.placement.pk)


def test_rules_of_the_service_come_back_as_field_errors(world, caller):
    """Given a co-located placement losing its host agency, then 400 on host_agency; unchanged."""
    response = patch(caller("hub_manager"), world.placement.pk, {"host_agency": None})

    fields = assert_error(response, 400, "invalid")["fields"]
    assert fields == {"host_agency": ["Choose the agency the worker is co-located with."]}
    assert SpokePlacement.objects.get(pk=world.placement.pk).host_agency_id == world.csc_a.pk


def test_a_bad_value_is_named(world, caller):
    """Given a location model that does not exist, then 400 naming it."""
    response = patch(caller("hub_manager"), world.placement.pk, {"location_model": "moon"})

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"location_model"}


def test_moving_to_a_hub_the_manager_does_not_manage_is_refused(world, caller):
    """Given another hub's id, then 400 on hub, as if no such hub existed."""
    response = patch(caller("hub_manager"), world.placement.pk, {"hub": world.other_hub.pk})

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"hub"}


def test_put_is_not_offered(world, caller):
    """Given a PUT, then 405: changes are partial."""
    response = caller("hub_manager").put(
        url(world.placement.pk), {}, content_type="application/json"
    )

    assert_error(response, 405, "method_not_allowed")
