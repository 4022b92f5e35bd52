"""Fixtures for the resource tests: files of every accepted type, made in memory, and resources
of the world's hub shared through the services.

- `upload(name, content)` — an uploaded file as a browser or API client sends it.
- `make_resource(...)` — a resource of the world's hub, shared by its manager with every partner
  in Ashdown unless told otherwise.
- callers by how they stand to such a resource: `hub_manager` (the hub's manager: changes it),
  `sharer` (the spoke worker who shared it when `by="sharer"`), `hub_colleague` (another spoke
  worker of the hub: sees it, may not change it), `partner` (Ashdown children's services'
  practitioner: sees the current version), `partnership_manager` (Ashdown's safeguarding
  partnership), `other_agency` (Brackenford's practitioner: not shared with them),
  `other_hub_manager` (the other hub's manager).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.models import User
from consultancy.models import Resource
from consultancy.services.resources import resource_create
from partners.models import Role
from tests import factories
from tests.conftest import World

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def office_zip(folder: str) -> bytes:
    """A minimal Office Open XML package: the content types and one part in its folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<document/>")
    return buffer.getvalue()


def open_document(mimetype: str) -> bytes:
    """A minimal OpenDocument package: its `mimetype` entry first, as the standard asks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def upload(name: str = "guide.pdf", content: bytes = PDF, content_type: str = "") -> Any:
    return SimpleUploadedFile(name, content, content_type=content_type or "application/pdf")


@pytest.fixture
def make_resource(world: World) -> Callable[..., Resource]:
    def make(
        *,
        by: User | None = None,
        title: str = "Spotting the signs: a guide for schools",
        audience: str = Resource.Audience.LOCAL_AUTHORITIES,
        local_authorities: Any = None,
        agencies: Any = (),
        name: str = "spotting-the-signs.pdf",
        content: bytes = PDF,
    ) -> Resource:
        return resource_create(
            by=by or world.hub_manager,
            hub=world.hub,
            title=title,
            kind=Resource.Kind.GUIDE,
            audience=audience,
            upload=upload(name, content),
            description="For designated safeguarding leads.",
            local_authorities=[world.la_a] if local_authorities is None else local_authorities,
            agencies=agencies,
            change_note="First edition.",
        )

    return make


@pytest.fixture
def sharer(world: World) -> User:
    return factories.member(agency=world.hub, role=Role.SPOKE_WORKER, full_name="Orla Outreach")


@pytest.fixture
def hub_colleague(world: World) -> User:
    return factories.member(agency=world.hub, role=Role.SPOKE_WORKER, full_name="Hal Colleague")


@pytest.fixture
def user_called(world: World, sharer: User, hub_colleague: User) -> Callable[[str], User]:
    def _user(name: str) -> User:
        return {
            "hub_manager": world.hub_manager,
            "sharer": sharer,
            "hub_colleague": hub_colleague,
            "partner": world.practitioner,
            "team_manager": world.team_manager,
            "partnership_manager": world.partnership_manager,
            "other_agency": world.other_la_practitioner,
            "other_hub_manager": world.other_hub_manager,
        }[name]

    return _user


@pytest.fixture
def actor(
    user_called: Callable[[str], User], login: Callable[[User | None], Client]
) -> Callable[[str], Client]:
    """A logged-in client for one of the callers above, or nobody for 'anonymous'."""

    def _actor(name: str) -> Client:
        return login(None if name == "anonymous" else user_called(name))

    return _actor
