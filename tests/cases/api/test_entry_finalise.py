"""POST /api/v1/cases/{case_id}/entries/{id}/finalise/: the author finishes a draft."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.models import CaseworkEntry
from tests.api.conftest import assert_error
from tests.cases.api.conftest import post


def url(entry) -> str:
    return reverse("api:case-entry-finalise", kwargs={"case_id": entry.case_id, "pk": entry.pk})


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, id="an agency not shared with cannot tell"),
        pytest.param("hub_manager", 404, id="someone else's draft is not visible"),
        pytest.param("lead_worker", 200, id="the author finishes it"),
    ],
)
def test_permissions(entries, actor, name, status):
    """Only the author sees, and so finishes, a draft."""
    draft = entries["draft"]
    response = post(actor(name), url(draft), {"version": 1})

    draft.refresh_from_db()
    if status == 200:
        assert response.json()["status"] == "final"
        assert draft.status == CaseworkEntry.Status.FINAL
    else:
        assert_error(response, status)
        assert draft.status == CaseworkEntry.Status.DRAFT


def test_a_final_entry_cannot_be_finished_again(entries, actor):
    """Given a final entry, then 400 with the service's reason."""
    response = post(actor("lead_worker"), url(entries["ordinary"]), {"version": 1})

    assert assert_error(response, 400, "invalid")["fields"] == {
        "non_field_errors": ["This entry is already finished."]
    }


def test_not_the_author_is_403_on_a_final_entry(entries, actor):
    """Given the hub's manager on a final entry they can see, then 403."""
    assert_error(post(actor("hub_manager"), url(entries["ordinary"]), {"version": 1}), 403)


def test_a_stale_version_is_a_409(entries, actor):
    """Given version 3 of a draft still at 1, then 409."""
    assert_error(post(actor("lead_worker"), url(entries["draft"]), {"version": 3}), 409, "conflict")
