"""POST /api/v1/referrals/{id}/withdraw/: the referrer or their team manager, before a decision."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from referrals.models import Referral
from tests.api.conftest import assert_error
from tests.referrals.api.conftest import detail_url, post, reloaded

S = Referral.Status


@pytest.mark.parametrize(
    ("status", "name", "code"),
    [
        pytest.param(S.SUBMITTED, "anonymous", 401, id="anonymous must authenticate"),
        pytest.param(S.SUBMITTED, "other_agency", 404, id="another agency cannot tell"),
        pytest.param(S.SUBMITTED, "colleague", 404, id="a colleague cannot tell"),
        pytest.param(S.SUBMITTED, "other_hub_manager", 404, id="another hub cannot tell"),
        pytest.param(S.SUBMITTED, "hub_manager", 403, id="the hub does not withdraw it"),
        pytest.param(S.ALLOCATED, "allocated_worker", 403, id="nor does the worker"),
        pytest.param(S.SUBMITTED, "referrer", 200, id="the referrer withdraws it"),
        pytest.param(S.SCREENING, "team_manager", 200, id="the team manager, while screened"),
        pytest.param(S.DECLINED, "referrer", 400, id="after the decision it is too late"),
        pytest.param(S.DRAFT, "referrer", 400, id="a draft is discarded, not withdrawn"),
    ],
)
def test_permissions(make_referral, actor, status, name, code):
    """Only the referrer's side may withdraw, and only before the hub decides."""
    referral = make_referral(status=status)

    response = post(
        actor(name),
        detail_url(referral, "withdraw"),
        {"version": referral.version, "reason": "The family moved out of the area."},
    )

    if code != 200:
        assert_error(response, code)
        assert reloaded(referral).status == status
        return
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "withdrawn"
    assert body["withdrawn_reason"] == "The family moved out of the area."
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REFERRAL_WITHDRAWN).exists()


def test_a_reason_is_required(make_referral, actor):
    """Given no reason, then 400 on the reason; not withdrawn."""
    referral = make_referral(status=S.SUBMITTED)

    response = post(actor("referrer"), detail_url(referral, "withdraw"), {"version": 2})

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"reason"}
    assert reloaded(referral).status == S.SUBMITTED


def test_a_stale_version_is_a_409(make_referral, actor):
    """Given screening started since the referrer looked, then withdrawing from then is 409."""
    referral = make_referral(status=S.SCREENING)

    response = post(
        actor("referrer"),
        detail_url(referral, "withdraw"),
        {"version": referral.version - 1, "reason": "No longer needed."},
    )

    assert_error(response, 409, "conflict")
    assert reloaded(referral).status == S.SCREENING
