"""GET /api/v1/cases/{case_id}/entries/{id}/: one entry, audited; restricted ones exist only
inside the owning agency."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from tests.api.conftest import assert_error


def url(entry) -> str:
    return reverse("api:case-entry-detail", kwargs={"case_id": entry.case_id, "pk": entry.pk})


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, id="an agency not shared with cannot tell"),
        pytest.param("summary", 403, id="summary scope has no casework"),
        pytest.param("full", 200, id="full scope"),
        pytest.param("joint", 200, id="joint scope"),
        pytest.param("hub_manager", 200, id="the hub's manager"),
    ],
)
def test_permissions(entries, actor, name, status):
    """Full access or more reads an ordinary entry; the read is audited."""
    entry = entries["ordinary"]
    response = actor(name).get(url(entry))

    events = AuditEvent.objects.filter(action=AuditEvent.Action.ENTRY_VIEWED)
    if status == 200:
        assert response.json()["summary"] == entry.summary
        assert [(e.object_id, e.case_id) for e in events] == [(str(entry.pk), entry.case_id)]
    else:
        assert_error(response, status)
        assert not events.exists()


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("full", 404, id="full scope cannot tell it exists"),
        pytest.param("joint", 404, id="joint scope cannot tell it exists"),
        pytest.param("team", 200, id="the placement team, inside the hub"),
        pytest.param("hub_manager", 200, id="the hub's manager"),
    ],
)
def test_a_restricted_entry_exists_only_inside_the_owning_agency(entries, actor, name, status):
    """Given a restricted entry, then another agency gets 404 with nothing of its text."""
    entry = entries["restricted"]
    response = actor(name).get(url(entry))

    if status == 404:
        assert_error(response, 404, "not_found")
        assert "kept inside the hub" not in response.content.decode()
        assert not AuditEvent.objects.filter(action=AuditEvent.Action.ENTRY_VIEWED).exists()
    else:
        assert response.json()["restricted"] is True


def test_a_draft_is_seen_only_by_its_author(entries, actor, login, world):
    """Given a draft, then its author reads it and the hub's manager gets 404."""
    draft = entries["draft"]

    assert actor("lead_worker").get(url(draft)).json()["status"] == "draft"
    assert_error(login(world.hub_manager).get(url(draft)), 404)


def test_an_entry_of_another_case_is_404(world, entries, actor):
    """Given the entry's id under a case it does not belong to, then 404."""
    from tests.cases.api.conftest import open_case

    other = open_case(world)
    path = reverse(
        "api:case-entry-detail", kwargs={"case_id": other.pk, "pk": entries["ordinary"].pk}
    )

    assert_error(actor("hub_manager").get(path), 404)
