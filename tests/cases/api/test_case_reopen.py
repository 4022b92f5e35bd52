"""POST /api/v1/cases/{id}/reopen/: the case's hub and workers reopen a closed case."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from cases import services
from cases.models import Case
from tests.api.conftest import assert_error
from tests.cases.api.conftest import post


def url(pk: int) -> str:
    return reverse("api:case-reopen", kwargs={"pk": pk})


@pytest.fixture
def closed(world, case):
    return services.case_close(
        case=case, by=world.hub_manager, version=1, reason="disengaged", outcome="Stopped meeting."
    )


GOOD = {"version": 2, "reason": "Referred again by school after a new missing episode."}


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_hub", 404, id="another hub cannot tell"),
        pytest.param("team", 403, id="the placement team may not reopen it"),
        pytest.param("hub_manager", 200, id="the hub's manager reopens it"),
    ],
)
def test_permissions(closed, actor, name, status):
    """Only the owning side may reopen."""
    response = post(actor(name), url(closed.pk), GOOD)

    closed.refresh_from_db()
    if status == 200:
        assert response.json()["status"] == "open"
        assert closed.status == Case.Status.OPEN
        event = AuditEvent.objects.get(action=AuditEvent.Action.CASE_REOPENED)
        assert event.reason == GOOD["reason"]
    else:
        assert_error(response, status)
        assert closed.status == Case.Status.CLOSED


def test_a_reason_is_required(closed, actor):
    """Given no reason, then 400 on reason."""
    response = post(actor("hub_manager"), url(closed.pk), {"version": 2})

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"reason"}


def test_a_stale_version_is_a_409(closed, actor):
    """Given version 1 after the close made it 2, then 409 and the case stays closed."""
    assert_error(
        post(actor("hub_manager"), url(closed.pk), {**GOOD, "version": 1}), 409, "conflict"
    )
    closed.refresh_from_db()
    assert closed.status == Case.Status.CLOSED
