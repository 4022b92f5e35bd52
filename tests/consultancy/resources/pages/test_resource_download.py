"""Downloading a resource's file: an attachment of its recorded type, never sniffed, audited."""

from __future__ import annotations

from django.urls import reverse

from audit.models import AuditEvent
from tests.consultancy.resources.conftest import PDF


def test_a_partner_downloads_the_current_file(world, login, make_resource):
    """Given a PDF shared with Ashdown, when Ashdown's practitioner downloads it, then the
    bytes come as an attachment with the original name, the recorded type and nosniff, and
    the download is audited."""
    resource = make_resource(name="Spotting the signs.pdf")

    response = login(world.practitioner).get(
        reverse("consultancy:resource_download", args=[resource.pk])
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Spotting the signs.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    event = AuditEvent.objects.get(action=AuditEvent.Action.RESOURCE_DOWNLOADED)
    assert event.actor == world.practitioner
    assert event.object_id == str(resource.pk)


def test_a_refused_download_is_not_audited(world, login, make_resource):
    """Given a caller the resource is not shared with, then 404 and no download recorded."""
    resource = make_resource()

    response = login(world.other_la_practitioner).get(
        reverse("consultancy:resource_download", args=[resource.pk])
    )

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.RESOURCE_DOWNLOADED).exists()


def test_an_unknown_version_is_404(world, login, make_resource):
    """Given a version number the resource does not have, then 404 for the hub too."""
    resource = make_resource()

    response = login(world.hub_manager).get(
        reverse("consultancy:resource_version_download", args=[resource.pk, 9])
    )

    assert response.status_code == 404
