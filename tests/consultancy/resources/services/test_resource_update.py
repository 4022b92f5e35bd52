"""resource_update: details and who may see it change from the version the caller saw."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from cases.services import StaleVersionError
from consultancy.models import Resource
from consultancy.services.resources import resource_update, resource_withdraw


def test_details_and_audience_change_and_are_audited(world, make_resource):
    """Given a resource for Ashdown, when it is retitled and shared with named agencies, then
    both change, the version moves on and the event names the fields."""
    resource = make_resource()

    changed = resource_update(
        resource=resource,
        by=world.hub_manager,
        version=resource.version,
        title="Spotting the signs (2026)",
        audience=Resource.Audience.AGENCIES,
        agencies=[world.police],
    )

    assert changed.title == "Spotting the signs (2026)"
    assert changed.version == resource.version + 1
    assert list(changed.agencies.all()) == [world.police]
    assert not changed.local_authorities.exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.RESOURCE_CHANGED)
    assert set(event.metadata["fields"]) == {"title", "audience", "agencies", "local_authorities"}


def test_nothing_changed_is_not_a_change(world, make_resource):
    """Given the same values, then no new version and no event."""
    resource = make_resource()

    same = resource_update(
        resource=resource, by=world.hub_manager, version=resource.version, title=resource.title
    )

    assert same.version == resource.version
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.RESOURCE_CHANGED).exists()


def test_a_stale_version_is_refused(world, make_resource):
    """Given someone changed it since, then StaleVersionError and nothing saved."""
    resource = make_resource()
    resource_update(resource=resource, by=world.hub_manager, version=1, title="Newer")

    with pytest.raises(StaleVersionError):
        resource_update(resource=resource, by=world.hub_manager, version=1, title="Older")

    assert Resource.objects.get(pk=resource.pk).title == "Newer"


def test_a_withdrawn_resource_cannot_change(world, make_resource):
    """Given a withdrawn resource, then a change is refused saying so."""
    resource = make_resource()
    resource = resource_withdraw(resource=resource, by=world.hub_manager, version=1)

    with pytest.raises(ValidationError, match="withdrawn"):
        resource_update(resource=resource, by=world.hub_manager, version=2, title="Again")
