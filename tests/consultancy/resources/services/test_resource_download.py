"""resource_download: the version to send, audited as downloaded in the caller's transaction."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from consultancy.services.resources import resource_download, resource_version_upload
from tests.consultancy.resources.conftest import PDF, upload


def test_the_current_version_by_default_and_audited(world, make_resource):
    """Given two versions, then a download without a number is the current one, audited with
    the version's id and no file name."""
    resource = make_resource()
    second = resource_version_upload(
        resource=resource,
        by=world.hub_manager,
        upload=upload("v2.pdf", PDF + b"%2\n"),
        change_note="Second.",
        version=resource.version,
    )
    resource.refresh_from_db()

    sent = resource_download(resource=resource, by=world.practitioner)

    assert sent == second
    event = AuditEvent.objects.get(action=AuditEvent.Action.RESOURCE_DOWNLOADED)
    assert event.actor == world.practitioner
    assert event.metadata == {"version_id": second.pk, "number": 2, "current": True}


def test_an_older_version_by_number(world, make_resource):
    """Given a number, then that version, audited as not current."""
    resource = make_resource()

    sent = resource_download(resource=resource, by=world.hub_manager, number=1)

    assert sent.number == 1


def test_no_such_version_is_refused_and_not_audited(world, make_resource):
    """Given a number the resource does not have, then refused, with no download recorded."""
    resource = make_resource()

    with pytest.raises(ValidationError):
        resource_download(resource=resource, by=world.hub_manager, number=7)

    assert not AuditEvent.objects.filter(action=AuditEvent.Action.RESOURCE_DOWNLOADED).exists()
