"""Sharing a resource, a new version, changing and withdrawing it through the pages: a clear
message on the form for bad input, 409 for a stale version, nothing half-saved."""

from __future__ import annotations

from django.urls import reverse

from audit.models import AuditEvent
from consultancy.models import Resource
from tests.consultancy.resources.conftest import PDF, upload

NEW = reverse("consultancy:resource_new")


def _post(world, **overrides):
    data = {
        "hub": world.hub.pk,
        "title": "Spotting the signs",
        "kind": Resource.Kind.GUIDE,
        "description": "For designated safeguarding leads.",
        "audience": Resource.Audience.LOCAL_AUTHORITIES,
        "local_authorities": [world.la_a.pk],
        "upload": upload("signs.pdf", PDF),
        "change_note": "",
    }
    data.update(overrides)
    return data


def test_the_empty_form(world, login):
    """Then the form offers the hub's areas and partner agencies, and the accepted types."""
    html = login(world.spoke_worker).get(NEW).content.decode()

    assert "Share a resource" in html
    assert "Ashdown" in html
    assert "Shire Police" in html
    assert 'type="file"' in html
    assert "PDF, Word, Excel" in html
    assert "Northbrook CSE Hub</option>" not in html  # one hub: chosen for them


def test_sharing_a_resource(world, login):
    """Given a valid form, then the resource is shared and the page says so."""
    response = login(world.spoke_worker).post(NEW, _post(world))

    resource = Resource.objects.get()
    assert response.status_code == 302
    assert response["Location"] == resource.get_absolute_url()
    assert resource.created_by == world.spoke_worker
    assert resource.versions.get().original_name == "signs.pdf"


def test_a_wrong_type_is_a_message_on_the_form(world, login):
    """Given an HTML file called .pdf, then 400 with the message at the file field, and
    nothing saved."""
    response = login(world.spoke_worker).post(
        NEW, _post(world, upload=upload("signs.pdf", b"<html><script></script></html>"))
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "is called .pdf but is not a PDF file" in html
    assert 'href="#id_upload"' in html
    assert not Resource.objects.exists()


def test_a_file_too_large_is_a_message_on_the_form(world, login, settings):
    """Given a limit below the file's size, then 400 saying the limit."""
    settings.CSE_HUB_RESOURCE_MAX_BYTES = 20

    response = login(world.spoke_worker).post(NEW, _post(world))

    assert response.status_code == 400
    assert "must be smaller than 20" in response.content.decode()
    assert not Resource.objects.exists()


def test_no_file_and_no_area(world, login):
    """Given no file and no local authority, then both are asked for."""
    data = _post(world, local_authorities=[])
    del data["upload"]

    html = login(world.spoke_worker).post(NEW, data).content.decode()

    assert "Choose a file to upload." in html
    assert "Choose at least one local authority to share it in." in html


def test_partners_may_not_share(world, login):
    """Given a practitioner, then the form is 403."""
    assert login(world.practitioner).get(NEW).status_code == 403


def test_a_new_version(world, login, make_resource):
    """Given a resource, when its sharer uploads a new file with a note, then it is version 2."""
    resource = make_resource()
    url = reverse("consultancy:resource_version_new", args=[resource.pk])

    response = login(world.hub_manager).post(
        url,
        {
            "version": resource.version,
            "upload": upload("signs-2026.pdf", PDF + b"%v2\n"),
            "change_note": "Updated helplines.",
        },
    )

    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.current_version.number == 2


def test_a_stale_version_is_409_with_a_message(world, login, make_resource):
    """Given the resource changed since the form was opened, then 409 and the message."""
    resource = make_resource()
    url = reverse("consultancy:resource_edit", args=[resource.pk])

    response = login(world.hub_manager).post(
        url,
        {
            "version": resource.version - 1,
            "title": "Changed",
            "kind": Resource.Kind.GUIDE,
            "audience": Resource.Audience.LOCAL_AUTHORITIES,
            "local_authorities": [world.la_a.pk],
        },
    )

    assert response.status_code == 409
    assert "changed this record while you were working on it" in response.content.decode()
    assert Resource.objects.get(pk=resource.pk).title != "Changed"


def test_changing_who_may_see_it(world, login, make_resource):
    """Given a resource for Ashdown, when shared with Shire Police only, then it is."""
    resource = make_resource()
    url = reverse("consultancy:resource_edit", args=[resource.pk])

    response = login(world.hub_manager).post(
        url,
        {
            "version": resource.version,
            "title": resource.title,
            "kind": resource.kind,
            "description": resource.description,
            "audience": Resource.Audience.AGENCIES,
            "agencies": [world.police.pk],
        },
    )

    assert response.status_code == 302
    assert list(Resource.objects.get(pk=resource.pk).agencies.all()) == [world.police]


def test_withdrawing(world, login, make_resource):
    """Given a resource, when its hub's manager withdraws it, then it is withdrawn."""
    resource = make_resource()
    url = reverse("consultancy:resource_withdraw", args=[resource.pk])

    response = login(world.hub_manager).post(url, {"version": resource.version})

    assert response.status_code == 302
    assert Resource.objects.get(pk=resource.pk).is_withdrawn
    assert AuditEvent.objects.filter(action=AuditEvent.Action.RESOURCE_WITHDRAWN).exists()


def test_a_new_version_asks_what_changed(world, login, make_resource):
    """Given no note of what changed, then the form asks for one and nothing is uploaded."""
    resource = make_resource()
    url = reverse("consultancy:resource_version_new", args=[resource.pk])

    response = login(world.hub_manager).post(
        url, {"version": resource.version, "upload": upload("v2.pdf", PDF), "change_note": ""}
    )

    assert response.status_code == 400
    assert "Say what changed in this version." in response.content.decode()
    assert resource.versions.count() == 1
