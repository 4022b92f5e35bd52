"""resource_version_upload: a new file becomes the current version; older ones stay."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from cases.services import StaleVersionError
from consultancy.models import Resource
from consultancy.services.resources import resource_version_upload
from tests.consultancy.resources.conftest import PDF, upload


def test_a_new_version_becomes_current(world, make_resource):
    """Given version 1, when version 2 is uploaded, then it is current and both are kept."""
    resource = make_resource()

    new = resource_version_upload(
        resource=resource,
        by=world.hub_manager,
        upload=upload("signs-v2.pdf", PDF + b"% second edition\n"),
        change_note="New helpline numbers.",
        version=resource.version,
    )

    resource = Resource.objects.get(pk=resource.pk)
    assert new.number == 2
    assert resource.current_version == new
    assert list(resource.versions.values_list("number", flat=True)) == [2, 1]
    event = AuditEvent.objects.get(action=AuditEvent.Action.RESOURCE_VERSION_UPLOADED)
    assert event.metadata["number"] == 2


def test_a_wrong_type_keeps_the_current_version(world, make_resource):
    """Given a file that is not what its name says, then refused and version 1 stays current."""
    resource = make_resource()

    with pytest.raises(ValidationError) as refused:
        resource_version_upload(
            resource=resource,
            by=world.hub_manager,
            upload=upload("signs.pdf", b"GIF89a"),
            change_note="Typo fixed.",
            version=resource.version,
        )

    assert "upload" in refused.value.message_dict
    assert Resource.objects.get(pk=resource.pk).versions.get().number == 1


def test_any_named_django_file_is_accepted(world, make_resource):
    """Given a ContentFile with a name rather than an upload (as data loading passes), then it
    is checked and stored like an upload, even without a change note."""
    from django.core.files.base import ContentFile

    resource = make_resource()

    new = resource_version_upload(
        resource=resource,
        by=world.hub_manager,
        upload=ContentFile(PDF, name="signs.pdf"),
        version=resource.version,
    )

    assert new.number == 2
    assert new.change_note == ""


def test_a_stale_version_is_refused(world, make_resource):
    """Given the resource changed since the caller looked, then StaleVersionError."""
    resource = make_resource()

    with pytest.raises(StaleVersionError):
        resource_version_upload(
            resource=resource,
            by=world.hub_manager,
            upload=upload(),
            change_note="Again.",
            version=resource.version + 1,
        )
