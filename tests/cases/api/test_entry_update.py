"""PATCH /api/v1/cases/{case_id}/entries/{id}/: the author changes an entry, naming the version."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases import casework
from cases.models import CaseworkEntry, CaseworkEntryRevision
from tests.api.conftest import assert_error
from tests.cases.api.conftest import log_entry, patch


def url(entry) -> str:
    return reverse("api:case-entry-detail", kwargs={"case_id": entry.case_id, "pk": entry.pk})


NEW = "Talked about online safety and a new friend met through a game."


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_hub", 404, id="another hub cannot tell"),
        pytest.param("joint", 403, id="a joint-scope agency may not change the hub's entry"),
        pytest.param("hub_manager", 403, id="not the author"),
        pytest.param("lead_worker", 200, id="the author"),
    ],
)
def test_permissions(entries, actor, name, status):
    """Only the author may change an entry; the earlier text is kept."""
    entry = entries["ordinary"]
    response = patch(actor(name), url(entry), {"version": 1, "summary": NEW})

    entry.refresh_from_db()
    if status == 200:
        assert response.json()["summary"] == NEW
        assert response.json()["version"] == 2
        revision = CaseworkEntryRevision.objects.get(entry=entry)
        assert revision.summary != NEW
    else:
        assert_error(response, status)
        assert entry.summary != NEW


def test_a_stale_version_is_a_409(world, entries, actor):
    """Given someone else's edit since version 1, then 409 and their text stays."""
    entry = entries["ordinary"]
    casework.entry_update(entry=entry, by=world.spoke_worker, version=1, summary="Theirs.")

    error = assert_error(
        patch(actor("lead_worker"), url(entry), {"version": 1, "summary": NEW}), 409, "conflict"
    )

    assert "summary" in error["message"]
    assert CaseworkEntry.objects.get(pk=entry.pk).summary == "Theirs."


def test_bad_input_is_a_400(entries, actor):
    """Given no version and an unknown attendance, then 400 on each."""
    response = patch(actor("lead_worker"), url(entries["ordinary"]), {"attendance": "maybe"})

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"version", "attendance"}


def test_a_joint_agency_changes_its_own_entry(world, case, actor):
    """Given an entry written at joint scope, then its author may change it."""
    client = actor("joint")
    entry = log_entry(case, world.practitioner)

    response = patch(client, url(entry), {"version": 1, "duration_minutes": 30})

    assert response.json()["duration_minutes"] == 30
