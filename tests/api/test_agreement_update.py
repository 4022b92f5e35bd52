"""PATCH /api/v1/agreements/{id}/: managers of a party hub change an agreement."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from partners.models import InformationSharingAgreement
from tests import factories
from tests.api.conftest import assert_error


def url(pk: int) -> str:
    return reverse("api:agreement-detail", kwargs={"pk": pk})


def patch(client, pk, data):
    return client.patch(url(pk), data, content_type="application/json")


@pytest.fixture
def agreement(world):
    return factories.agreement(
        parties=[world.hub, world.csc_a], local_authority=world.la_a, by=world.hub_manager
    )


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_hub_manager", 404, id="a hub not party cannot tell it exists"),
        pytest.param("practitioner", 403, id="a party agency sees it but may not change it"),
        pytest.param("spoke_worker", 403, id="a party hub's worker may not change it"),
        pytest.param("hub_manager", 200, id="a party hub's manager changes it"),
    ],
)
def test_permissions(world, caller, agreement, actor, status):
    """Only a party hub's managers may change it; other parties 403, non-parties 404."""
    response = patch(caller(actor), agreement.pk, {"status": "under_review"})

    stored = InformationSharingAgreement.objects.get(pk=agreement.pk).status
    if status == 200:
        assert response.status_code == 200
        assert response.json()["status"] == "under_review"
        assert stored == "under_review"
    else:
        assert_error(response, status)
        assert stored == "active"


def test_parties_can_be_changed_and_the_change_is_audited(world, caller, agreement):
    """Given a new party added, then the parties are replaced and the change audited."""
    response = patch(
        caller("hub_manager"),
        agreement.pk,
        {"parties": [world.hub.pk, world.csc_a.pk, world.police.pk]},
    )

    assert {p["id"] for p in response.json()["parties"]} == {
        world.hub.pk,
        world.csc_a.pk,
        world.police.pk,
    }
    event = AuditEvent.objects.get(action=AuditEvent.Action.AGREEMENT_CHANGED)
    assert event.metadata == {"fields": ["parties"]}


def test_the_managers_hub_cannot_be_removed_from_the_parties(world, caller, agreement):
    """Given parties without the manager's hub, then 400 on parties; unchanged."""
    response = patch(
        caller("hub_manager"), agreement.pk, {"parties": [world.csc_a.pk, world.police.pk]}
    )

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"parties"}
    assert set(agreement.parties.values_list("pk", flat=True)) == {world.hub.pk, world.csc_a.pk}


def test_rules_of_the_service_come_back_as_field_errors(world, caller, agreement):
    """Given a review date before signing, then 400 on review_due_on; unchanged."""
    response = patch(caller("hub_manager"), agreement.pk, {"review_due_on": "2025-01-01"})

    fields = assert_error(response, 400, "invalid")["fields"]
    assert fields == {"review_due_on": ["The review must be due after signing."]}
    assert str(InformationSharingAgreement.objects.get(pk=agreement.pk).review_due_on) == (
        "2027-01-05"
    )
