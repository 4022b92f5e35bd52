"""POST /api/v1/cases/{case_id}/entries/{id}/entered-in-error/: the author or the hub's
managers mark an entry entered in error; it is never deleted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.models import CaseworkEntry
from tests.api.conftest import assert_error
from tests.cases.api.conftest import post


def url(entry) -> str:
    return reverse(
        "api:case-entry-entered-in-error", kwargs={"case_id": entry.case_id, "pk": entry.pk}
    )


REASON = {"reason": "Logged on the wrong young person's case."}


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_hub", 404, id="another hub cannot tell"),
        pytest.param("full", 403, id="full scope may not"),
        pytest.param("team", 403, id="the placement team may not"),
        pytest.param("hub_manager", 200, id="the hub's manager"),
        pytest.param("lead_worker", 200, id="the author"),
    ],
)
def test_permissions(entries, actor, name, status):
    """The author or the hub's managers mark it; it stays on the record with the reason."""
    entry = entries["ordinary"]
    response = post(actor(name), url(entry), REASON)

    entry.refresh_from_db()
    if status == 200:
        assert response.json()["entered_in_error_reason"] == REASON["reason"]
        assert entry.is_entered_in_error
    else:
        assert_error(response, status)
        assert not entry.is_entered_in_error
    assert CaseworkEntry.objects.filter(pk=entry.pk).exists()


def test_a_reason_is_required(entries, actor):
    """Given a blank reason, then 400 on reason."""
    response = post(actor("lead_worker"), url(entries["ordinary"]), {"reason": ""})

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"reason"}
