"""POST /api/v1/cases/{id}/close/: the case's hub and workers close it, naming the version."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from cases import services
from cases.models import Case
from tests.api.conftest import assert_error
from tests.cases.api.conftest import post


def url(pk: int) -> str:
    return reverse("api:case-close", kwargs={"pk": pk})


GOOD = {"version": 1, "closure_reason": "risk_reduced", "closure_outcome": "Back in school."}


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, id="an agency not shared with cannot tell"),
        pytest.param("joint", 403, id="joint scope may not close it"),
        pytest.param("team", 403, id="the placement team may not close it"),
        pytest.param("lead_worker", 200, id="the lead worker closes it"),
        pytest.param("hub_manager", 200, id="the hub's manager closes it"),
    ],
)
def test_permissions(case, actor, name, status):
    """Only the owning side may close; those who may see it are told 403, others 404."""
    response = post(actor(name), url(case.pk), GOOD)

    case.refresh_from_db()
    if status == 200:
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "closed"
        assert response.json()["version"] == 2
        assert case.status == Case.Status.CLOSED
    else:
        assert_error(response, status)
        assert case.status == Case.Status.OPEN


def test_bad_input_is_a_400_naming_each_field(case, actor):
    """Given no version, an unknown reason and no outcome, then 400 on each."""
    response = post(actor("hub_manager"), url(case.pk), {"closure_reason": "bored"})

    fields = assert_error(response, 400, "invalid")["fields"]
    assert fields.keys() == {"version", "closure_reason", "closure_outcome"}


def test_a_stale_version_is_a_409_saying_who_changed_what(world, case, actor):
    """Given the case reallocated since version 1, then closing from 1 is 409; still open."""
    services.case_allocate(
        case=case, by=world.hub_manager, version=1, lead_worker=world.hub_manager
    )

    error = assert_error(post(actor("hub_manager"), url(case.pk), GOOD), 409, "conflict")

    assert error["message"].startswith("Harriet Hub changed this record while you were working")
    assert "have not been saved" in error["message"]
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CASE_CLOSED).exists()


def test_closing_a_closed_case_is_a_400(world, case, actor):
    """Given a closed case, then closing it again is refused with the service's reason."""
    services.case_close(
        case=case, by=world.hub_manager, version=1, reason="other", outcome="Moved."
    )

    response = post(actor("hub_manager"), url(case.pk), {**GOOD, "version": 2})

    assert assert_error(response, 400, "invalid")["fields"] == {
        "non_field_errors": ["This case is already closed."]
    }
