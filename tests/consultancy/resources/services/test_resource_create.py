"""resource_create: a resource with its first version, stored under a random name, audited;
nothing at all is saved when any check fails."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from audit.models import AuditEvent
from consultancy.models import Resource, ResourceVersion
from consultancy.services.resources import resource_create
from tests.consultancy.resources.conftest import PDF, upload


def _create(world, **overrides):
    values = {
        "by": world.hub_manager,
        "hub": world.hub,
        "title": "Spotting the signs",
        "kind": Resource.Kind.GUIDE,
        "audience": Resource.Audience.LOCAL_AUTHORITIES,
        "upload": upload("Spotting the signs (final).pdf", PDF),
        "local_authorities": [world.la_a],
    }
    return resource_create(**{**values, **overrides})


def test_a_resource_is_shared_with_its_first_version(world):
    """Given a PDF for every partner in Ashdown, then the resource has version 1 as its
    current version, recorded with its original name, type, size and digest."""
    resource = _create(world, change_note="First edition.")

    version = resource.current_version
    assert version is not None
    assert version.number == 1
    assert version.original_name == "Spotting the signs (final).pdf"
    assert version.content_type == "application/pdf"
    assert version.size == len(PDF)
    assert version.sha256 == hashlib.sha256(PDF).hexdigest()
    assert version.change_note == "First edition."
    assert list(resource.local_authorities.all()) == [world.la_a]


def test_the_file_is_stored_under_a_random_name(world):
    """Given an upload with a telling name, then the stored name is random and the bytes are
    those uploaded."""
    version = _create(world).current_version

    assert "Spotting" not in version.file.name
    assert version.file.name.startswith(f"resources/{version.resource_id}/")
    with default_storage.open(version.file.name, "rb") as stored:
        assert stored.read() == PDF


def test_creating_is_audited_with_ids_only(world):
    """Then one RESOURCE_CREATED event names the version, audience and areas, never the title."""
    resource = _create(world)

    event = AuditEvent.objects.get(action=AuditEvent.Action.RESOURCE_CREATED)
    assert event.object_id == str(resource.pk)
    assert event.metadata["local_authority_ids"] == [world.la_a.pk]
    assert event.metadata["version_id"] == resource.current_version_id
    assert "Spotting" not in str(event.metadata)


def test_named_agencies(world):
    """Given named agencies, then the resource is shared with those and no area."""
    resource = _create(
        world,
        audience=Resource.Audience.AGENCIES,
        local_authorities=[world.la_a],
        agencies=[world.police, world.school],
    )

    assert set(resource.agencies.all()) == {world.police, world.school}
    assert not resource.local_authorities.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"title": "  "}, "title", id="no title"),
        pytest.param({"kind": "poster"}, "kind", id="unknown kind"),
        pytest.param({"audience": "everyone"}, "audience", id="unknown audience"),
        pytest.param({"local_authorities": []}, "local_authorities", id="no area"),
        pytest.param(
            {"audience": Resource.Audience.AGENCIES, "agencies": []}, "agencies", id="no agency"
        ),
        pytest.param({"upload": upload("guide.pdf", b"not a pdf")}, "upload", id="wrong type"),
        pytest.param({"upload": upload("guide.pdf", b"")}, "upload", id="empty file"),
        pytest.param({"change_note": "x" * 301}, "change_note", id="long change note"),
    ],
)
def test_bad_input_saves_nothing(world, overrides, field):
    """Given one bad value, then it is refused on its field and nothing is stored."""
    with pytest.raises(ValidationError) as refused:
        _create(world, **overrides)

    assert field in refused.value.message_dict
    assert not Resource.objects.exists()
    assert not ResourceVersion.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.RESOURCE_CREATED).exists()


def test_areas_and_agencies_must_be_the_hubs(world):
    """Given the other hub's only area or an agency outside the hub's area, then refused."""
    from tests import factories

    elsewhere = factories.local_authority(name="Farthing")
    far_agency = factories.agency(
        name="Farthing Children's Services", local_authorities=[elsewhere]
    )

    with pytest.raises(ValidationError) as by_area:
        _create(world, local_authorities=[elsewhere])
    with pytest.raises(ValidationError) as by_agency:
        _create(world, audience=Resource.Audience.AGENCIES, agencies=[far_agency])

    assert "local_authorities" in by_area.value.message_dict
    assert "agencies" in by_agency.value.message_dict


def test_a_file_over_the_limit_is_refused(world, settings):
    """Given a limit smaller than the file, then refused with the limit, nothing saved."""
    settings.CSE_HUB_RESOURCE_MAX_BYTES = 10

    with pytest.raises(ValidationError) as refused:
        _create(world)

    assert "smaller than 10" in refused.value.message_dict["upload"][0]
    assert not Resource.objects.exists()
