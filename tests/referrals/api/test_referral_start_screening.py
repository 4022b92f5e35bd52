"""POST /api/v1/referrals/{id}/start-screening/: the receiving hub's manager starts screening."""

from __future__ import annotations

import pytest

from referrals.models import Referral
from tests.api.conftest import assert_error
from tests.referrals.api.conftest import detail_url, post, reloaded

S = Referral.Status


@pytest.mark.parametrize(
    ("status", "name", "code"),
    [
        pytest.param(S.SUBMITTED, "anonymous", 401, id="anonymous must authenticate"),
        pytest.param(S.SUBMITTED, "other_agency", 404, id="another agency cannot tell"),
        pytest.param(S.SUBMITTED, "other_hub_manager", 404, id="another hub cannot tell"),
        pytest.param(S.SUBMITTED, "unallocated_worker", 404, id="a hub worker cannot tell"),
        pytest.param(S.SUBMITTED, "referrer", 403, id="the referrer does not screen"),
        pytest.param(S.SUBMITTED, "team_manager", 403, id="nor does the team manager"),
        pytest.param(S.SUBMITTED, "hub_manager", 200, id="the hub's manager screens"),
        pytest.param(S.SCREENING, "hub_manager", 400, id="already being screened"),
        pytest.param(S.WITHDRAWN, "hub_manager", 400, id="withdrawn"),
    ],
)
def test_permissions(world, make_referral, actor, status, name, code):
    """Only the receiving hub's managers may screen, and only a referral waiting for it."""
    referral = make_referral(status=status)

    response = post(
        actor(name), detail_url(referral, "start-screening"), {"version": referral.version}
    )

    if code != 200:
        assert_error(response, code)
        assert reloaded(referral).status == status
        return
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["view"] == "hub"
    assert body["status"] == "screening"
    assert body["screened_by"]["id"] == world.hub_manager.pk
    assert body["screening_started_at"] is not None


def test_a_stale_version_is_a_409(make_referral, actor):
    """Given a version that is not the current one, then 409; still waiting."""
    referral = make_referral(status=S.SUBMITTED)

    response = post(
        actor("hub_manager"),
        detail_url(referral, "start-screening"),
        {"version": referral.version - 1},
    )

    assert_error(response, 409, "conflict")
    assert reloaded(referral).status == S.SUBMITTED
