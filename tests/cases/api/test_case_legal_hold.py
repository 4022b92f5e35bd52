"""POST /api/v1/cases/{id}/legal-hold/: the hub's managers hold a case from anonymisation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Case
from tests.api.conftest import assert_error
from tests.cases.api.conftest import post


def url(pk: int) -> str:
    return reverse("api:case-legal-hold", kwargs={"pk": pk})


HOLD = {"version": 1, "legal_hold": True, "reason": "Needed for the criminal trial in March."}


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, id="an agency not shared with cannot tell"),
        pytest.param("other_hub", 404, id="another hub cannot tell"),
        pytest.param("joint", 403, id="a joint share may not hold it"),
        pytest.param("lead_worker", 403, id="the lead worker may not hold it"),
        pytest.param("hub_manager", 200, id="the hub's manager holds it"),
    ],
)
def test_permissions(case, actor, name, status):
    response = post(actor(name), url(case.pk), HOLD)

    case.refresh_from_db()
    if status == 200:
        assert response.status_code == 200, response.content
        assert response.json()["legal_hold"] is True
        assert case.legal_hold is True
        event = AuditEvent.objects.get(action=AuditEvent.Action.LEGAL_HOLD_PLACED)
        assert event.reason == HOLD["reason"]
    else:
        assert_error(response, status)
        assert case.legal_hold is False


def test_no_reason_is_a_400(case, actor):
    error = assert_error(
        post(actor("hub_manager"), url(case.pk), {**HOLD, "reason": ""}), 400, "invalid"
    )
    assert "reason" in error["fields"]


def test_holding_a_held_case_is_a_400_and_a_stale_version_409(case, actor):
    client = actor("hub_manager")
    assert post(client, url(case.pk), HOLD).status_code == 200

    assert_error(post(client, url(case.pk), {**HOLD, "version": 2}), 400, "invalid")
    assert_error(post(client, url(case.pk), {**HOLD, "legal_hold": False}), 409, "conflict")
    lifted = post(client, url(case.pk), {**HOLD, "legal_hold": False, "version": 2})
    assert lifted.status_code == 200
    assert Case.objects.get(pk=case.pk).legal_hold is False
