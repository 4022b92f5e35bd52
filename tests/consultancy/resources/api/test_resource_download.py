"""GET /api/v1/resources/{id}/download/ and .../versions/{n}/download/: audited attachments."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from tests.api.conftest import assert_error
from tests.consultancy.resources.conftest import PDF


@pytest.mark.parametrize(
    ("name", "code"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, id="not shared: cannot tell"),
        pytest.param("other_hub_manager", 404, id="another hub: cannot tell"),
        pytest.param("partner", 200, id="a partner downloads it"),
        pytest.param("hub_colleague", 200, id="hub staff download it"),
    ],
)
def test_permissions(world, make_resource, actor, name, code):
    resource = make_resource()

    response = actor(name).get(reverse("api:resource-download", args=[resource.pk]))

    if code != 200:
        assert_error(response, code)
        assert not AuditEvent.objects.filter(action=AuditEvent.Action.RESOURCE_DOWNLOADED).exists()
        return
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.RESOURCE_DOWNLOADED).count() == 1


def test_a_client_asking_for_the_files_type_gets_it(world, make_resource, actor):
    """Given Accept: application/pdf, then the file, not 406."""
    resource = make_resource()

    response = actor("partner").get(
        reverse("api:resource-download", args=[resource.pk]), HTTP_ACCEPT="application/pdf"
    )

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("name", "code"),
    [
        pytest.param("partner", 404, id="a partner: not older versions"),
        pytest.param("hub_colleague", 200, id="hub staff: any version"),
    ],
)
def test_version_download(world, make_resource, actor, name, code):
    resource = make_resource()

    response = actor(name).get(reverse("api:resource-version-download", args=[resource.pk, 1]))

    if code != 200:
        assert_error(response, code)
        return
    assert b"".join(response.streaming_content) == PDF
