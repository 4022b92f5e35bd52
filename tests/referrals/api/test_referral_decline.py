"""POST /api/v1/referrals/{id}/decline/: the hub declines, saying why; the referrer is told."""

from __future__ import annotations

import pytest

from notifications.models import Notification
from referrals.models import Referral
from tests.api.conftest import assert_error
from tests.referrals.api.conftest import detail_url, post, reloaded

S = Referral.Status
REASON = "Below the threshold: early help is already involved."


@pytest.mark.parametrize(
    ("status", "name", "code"),
    [
        pytest.param(S.SCREENING, "anonymous", 401, id="anonymous must authenticate"),
        pytest.param(S.SCREENING, "other_agency", 404, id="another agency cannot tell"),
        pytest.param(S.SCREENING, "other_hub_manager", 404, id="another hub cannot tell"),
        pytest.param(S.SCREENING, "referrer", 403, id="the referrer does not decide"),
        pytest.param(S.SCREENING, "team_manager", 403, id="nor does the team manager"),
        pytest.param(S.SCREENING, "hub_manager", 200, id="the hub's manager declines"),
        pytest.param(S.ACCEPTED, "hub_manager", 400, id="already accepted"),
        pytest.param(S.WITHDRAWN, "hub_manager", 400, id="withdrawn"),
    ],
)
def test_permissions(world, make_referral, actor, status, name, code):
    """Only the hub's managers decline, and only while screening; the referrer is told."""
    referral = make_referral(status=status)

    response = post(
        actor(name),
        detail_url(referral, "decline"),
        {"version": referral.version, "reason": REASON},
    )

    if code != 200:
        assert_error(response, code)
        assert reloaded(referral).status == status
        return
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "declined"
    told = Notification.objects.get(recipient=world.practitioner)
    assert referral.reference in told.message
    assert "Jordan" not in told.message


def test_a_reason_is_required(make_referral, actor):
    """Given a blank reason, then 400 on it; still being screened."""
    referral = make_referral(status=S.SCREENING)

    response = post(
        actor("hub_manager"),
        detail_url(referral, "decline"),
        {"version": referral.version, "reason": " "},
    )

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"reason"}
    assert reloaded(referral).status == S.SCREENING


def test_the_referrer_sees_the_decision_and_its_reason(make_referral, actor):
    """Given a declined referral, then the referrer sees the status and the reason."""
    referral = make_referral(status=S.SCREENING)
    post(
        actor("hub_manager"),
        detail_url(referral, "decline"),
        {"version": referral.version, "reason": REASON},
    )

    body = actor("referrer").get(detail_url(referral)).json()

    assert (body["status"], body["decision_reason"]) == ("declined", REASON)
    assert body["decided_at"] is not None


def test_a_stale_version_is_a_409(make_referral, actor):
    """Given a version that is not the current one, then 409; still being screened."""
    referral = make_referral(status=S.SCREENING)

    response = post(
        actor("hub_manager"),
        detail_url(referral, "decline"),
        {"version": referral.version - 1, "reason": REASON},
    )

    assert_error(response, 409, "conflict")
    assert reloaded(referral).status == S.SCREENING
