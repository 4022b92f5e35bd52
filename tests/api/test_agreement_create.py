"""POST /api/v1/agreements/: hub managers create agreements their hub is party to."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from partners.models import InformationSharingAgreement
from tests.api.conftest import assert_error

URL = reverse("api:agreement-list")


def body(world: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "title": "Ashdown joint working",
        "local_authority": world.la_a.pk,
        "parties": [world.hub.pk, world.csc_a.pk],
        "scope": "Identity, risk and involvement of young people referred to the hub.",
        "lawful_basis": "public_task",
        "signed_on": "2026-02-02",
        "review_due_on": "2027-02-02",
        "status": "active",
    }
    data.update(changes)
    return data


def post(client, data):
    return client.post(URL, data, content_type="application/json")


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("practitioner", 403, id="a practitioner may not create agreements"),
        pytest.param("spoke_worker", 403, id="a spoke worker may not either"),
        pytest.param("hub_manager", 201, id="a hub manager creates one"),
    ],
)
def test_permissions(world, caller, actor, status):
    """Only a hub manager may create; others are refused before their input is read."""
    response = post(caller(actor), body(world))

    if status == 201:
        assert response.status_code == 201
        assert InformationSharingAgreement.objects.count() == 1
    else:
        assert_error(response, status)
        assert not InformationSharingAgreement.objects.exists()


def test_created_agreement_is_returned_and_audited(world, caller):
    """Given a valid agreement, then 201 with parties and creator, and an audit event."""
    response = post(caller("hub_manager"), body(world))

    created = response.json()
    assert {p["id"] for p in created["parties"]} == {world.hub.pk, world.csc_a.pk}
    assert created["created_by"] == world.hub_manager.pk
    event = AuditEvent.objects.get(action=AuditEvent.Action.AGREEMENT_CREATED)
    assert event.object_id == str(created["id"])
    assert event.actor_id == world.hub_manager.pk


def test_the_managers_own_hub_must_be_a_party(world, caller):
    """Given parties that leave out the manager's hub, then 400 on parties; nothing saved."""
    response = post(caller("hub_manager"), body(world, parties=[world.csc_a.pk, world.police.pk]))

    fields = assert_error(response, 400, "invalid")["fields"]
    assert fields == {"parties": ["Include a hub you manage among the parties."]}
    assert not InformationSharingAgreement.objects.exists()


def test_rules_of_the_service_come_back_as_field_errors(world, caller):
    """Given an active agreement with no signing date, then 400 on signed_on; nothing saved."""
    response = post(caller("hub_manager"), body(world, signed_on=None))

    fields = assert_error(response, 400, "invalid")["fields"]
    assert fields == {"signed_on": ["Enter the date an active agreement was signed."]}
    assert not InformationSharingAgreement.objects.exists()


def test_one_party_is_not_an_agreement(world, caller):
    """Given only the manager's hub, then 400 on parties from the service's rule."""
    response = post(caller("hub_manager"), body(world, parties=[world.hub.pk]))

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"parties"}


def test_missing_fields_are_named(world, caller):
    """Given an empty body, then 400 naming every required field."""
    fields = assert_error(post(caller("hub_manager"), {}), 400, "invalid")["fields"]

    assert {"title", "local_authority", "parties", "scope", "lawful_basis"} <= fields.keys()
