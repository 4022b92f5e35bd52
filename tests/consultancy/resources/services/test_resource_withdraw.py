"""resource_withdraw: partners stop seeing it; the hub keeps the record."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from consultancy import policies
from consultancy.services.resources import resource_withdraw


def test_withdrawing_hides_it_from_partners_only(world, make_resource):
    """Given a resource shared in Ashdown, when withdrawn, then Ashdown's practitioner no longer
    sees it and the hub still does; the withdrawal is audited."""
    resource = make_resource()
    assert policies.shared_resources(world.practitioner).filter(pk=resource.pk).exists()

    withdrawn = resource_withdraw(resource=resource, by=world.hub_manager, version=1)

    assert withdrawn.is_withdrawn
    assert not policies.visible_resources(world.practitioner).filter(pk=resource.pk).exists()
    assert policies.visible_resources(world.spoke_worker).filter(pk=resource.pk).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.RESOURCE_WITHDRAWN).exists()


def test_withdrawing_twice_is_refused(world, make_resource):
    """Given a withdrawn resource, then withdrawing again is refused."""
    resource = resource_withdraw(resource=make_resource(), by=world.hub_manager, version=1)

    with pytest.raises(ValidationError, match="already been withdrawn"):
        resource_withdraw(resource=resource, by=world.hub_manager, version=resource.version)
