"""Who may open each resource page, in the fixed order: anonymous, other agency (404), not
allowed (403), allowed (2xx)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from consultancy.models import Resource


def _url(name: str, resource: Resource) -> str:
    if name == "resource_version_download":
        return reverse(f"consultancy:{name}", kwargs={"pk": resource.pk, "number": 1})
    return reverse(f"consultancy:{name}", kwargs={"pk": resource.pk})


@pytest.mark.parametrize(
    ("page", "name", "code"),
    [
        pytest.param("resource_detail", "anonymous", 302, id="detail: anonymous signs in"),
        pytest.param("resource_detail", "other_agency", 404, id="detail: not shared, cannot tell"),
        pytest.param("resource_detail", "other_hub_manager", 404, id="detail: another hub"),
        pytest.param("resource_detail", "partner", 200, id="detail: a partner in Ashdown"),
        pytest.param("resource_detail", "partnership_manager", 200, id="detail: the partnership"),
        pytest.param("resource_detail", "hub_colleague", 200, id="detail: hub staff"),
        pytest.param("resource_edit", "anonymous", 302, id="edit: anonymous signs in"),
        pytest.param("resource_edit", "other_agency", 404, id="edit: not shared, cannot tell"),
        pytest.param("resource_edit", "partner", 403, id="edit: a partner may not"),
        pytest.param("resource_edit", "hub_colleague", 403, id="edit: nor another worker"),
        pytest.param("resource_edit", "sharer", 200, id="edit: whoever shared it"),
        pytest.param("resource_edit", "hub_manager", 200, id="edit: the hub's manager"),
        pytest.param("resource_version_new", "other_agency", 404, id="version: cannot tell"),
        pytest.param("resource_version_new", "partner", 403, id="version: a partner may not"),
        pytest.param("resource_version_new", "sharer", 200, id="version: whoever shared it"),
        pytest.param("resource_withdraw", "other_hub_manager", 404, id="withdraw: another hub"),
        pytest.param("resource_withdraw", "hub_colleague", 403, id="withdraw: another worker"),
        pytest.param("resource_withdraw", "hub_manager", 200, id="withdraw: the hub's manager"),
        pytest.param("resource_download", "anonymous", 302, id="download: anonymous signs in"),
        pytest.param("resource_download", "other_agency", 404, id="download: not shared"),
        pytest.param("resource_download", "partner", 200, id="download: a partner"),
        pytest.param("resource_version_download", "partner", 404, id="old version: not partners"),
        pytest.param("resource_version_download", "hub_colleague", 200, id="old version: hub"),
    ],
)
def test_who_may_open_which_page(world, sharer, make_resource, actor, page, name, code):
    """A resource of the hub shared with every partner in Ashdown, by one of its workers."""
    resource = make_resource(by=sharer)

    response = actor(name).get(_url(page, resource))

    assert response.status_code == code


def test_a_partner_never_sees_the_hubs_record(world, make_resource, actor):
    """Given a resource with a version history, then a partner's page has the download but not
    the versions table nor where it is shared."""
    resource = make_resource()

    html = actor("partner").get(resource.get_absolute_url()).content.decode()

    assert "Download spotting-the-signs.pdf" in html
    assert "Versions" not in html
    assert "Who may see it" not in html
    assert "Upload a new version" not in html


def test_a_withdrawn_resource_is_gone_for_partners(world, make_resource, actor):
    """Given a withdrawn resource, then a partner gets 404 for its page and its file."""
    from consultancy.services.resources import resource_withdraw

    resource = make_resource()
    resource_withdraw(resource=resource, by=world.hub_manager, version=resource.version)
    client = actor("partner")

    assert client.get(resource.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("consultancy:resource_download", args=[resource.pk])).status_code == 404
    )
