"""POST /api/v1/placements/: hub managers create placements for their hub."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from partners.models import SpokePlacement
from tests.api.conftest import assert_error

URL = reverse("api:placement-list")


def body(world: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "worker": world.spoke_worker.pk,
        "hub": world.hub.pk,
        "local_authority": world.la_b.pk,
        "host_agency": world.csc_b.pk,
        "location_model": "co_located_statutory",
        "starts_on": "2026-04-01",
        "champion_name": "Jo Example",
    }
    data.update(changes)
    return data


def post(client, data):
    return client.post(URL, data, content_type="application/json")


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("spoke_worker", 403, id="a spoke worker may not create placements"),
        pytest.param("practitioner", 403, id="a host practitioner may not either"),
        pytest.param("hub_manager", 201, id="the hub's manager creates one"),
    ],
)
def test_permissions(world, caller, actor, status):
    """Only a hub manager may create; others are refused before their input is read."""
    before = SpokePlacement.objects.count()

    response = post(caller(actor), body(world))

    if status == 201:
        assert response.status_code == 201
        assert SpokePlacement.objects.count() == before + 1
    else:
        assert_error(response, status)
        assert SpokePlacement.objects.count() == before


def test_another_hubs_manager_cannot_name_this_hub_or_its_worker(world, caller):
    """Given a manager of another hub naming this hub and worker, then 400: unknown to them."""
    response = post(caller("other_hub_manager"), body(world))

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"hub", "worker"}


def test_created_placement_is_returned_and_audited(world, caller):
    """Given a valid placement, then 201 with the record, and an audit event for it."""
    response = post(caller("hub_manager"), body(world))

    created = response.json()
    placement = SpokePlacement.objects.get(pk=created["id"])
    assert created["local_authority"]["id"] == world.la_b.pk
    assert created["host_agency"]["id"] == world.csc_b.pk
    assert created["champion_name"] == "Jo Example"
    assert placement.hub_id == world.hub.pk
    event = AuditEvent.objects.filter(action=AuditEvent.Action.PLACEMENT_CREATED).latest("sequence")
    assert event.object_id == str(placement.pk)
    assert event.actor_id == world.hub_manager.pk


def test_rules_of_the_service_come_back_as_field_errors(world, caller):
    """Given an outreach placement with a host agency, then 400 on host_agency; nothing saved."""
    before = SpokePlacement.objects.count()

    response = post(caller("hub_manager"), body(world, location_model="outreach"))

    fields = assert_error(response, 400, "invalid")["fields"]
    assert fields == {"host_agency": ["Outreach placements have no host agency."]}
    assert SpokePlacement.objects.count() == before


def test_missing_and_malformed_fields_are_named(world, caller):
    """Given no worker and a date that is not a date, then 400 naming both."""
    data = body(world, starts_on="first of April")
    del data["worker"]

    fields = assert_error(post(caller("hub_manager"), data), 400, "invalid")["fields"]

    assert fields.keys() == {"worker", "starts_on"}


def test_malformed_json_is_a_400(world, caller):
    """Given a body that is not JSON, then 400 in the error shape."""
    response = caller("hub_manager").post(URL, "{not json", content_type="application/json")

    assert_error(response, 400, "parse_error")
