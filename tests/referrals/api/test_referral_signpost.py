"""POST /api/v1/referrals/{id}/signpost/: the hub points the referrer to another service."""

from __future__ import annotations

import pytest

from referrals.models import Referral
from tests.api.conftest import assert_error
from tests.referrals.api.conftest import detail_url, post, reloaded

S = Referral.Status
GOOD = {"reason": "Needs a substance misuse service first.", "signposted_to": "Ashdown Compass"}


@pytest.mark.parametrize(
    ("status", "name", "code"),
    [
        pytest.param(S.SCREENING, "anonymous", 401, id="anonymous must authenticate"),
        pytest.param(S.SCREENING, "other_agency", 404, id="another agency cannot tell"),
        pytest.param(S.SCREENING, "other_hub_manager", 404, id="another hub cannot tell"),
        pytest.param(S.SCREENING, "referrer", 403, id="the referrer does not decide"),
        pytest.param(S.SCREENING, "team_manager", 403, id="nor does the team manager"),
        pytest.param(S.SCREENING, "hub_manager", 200, id="the hub's manager signposts"),
        pytest.param(S.DECLINED, "hub_manager", 400, id="already declined"),
    ],
)
def test_permissions(make_referral, actor, status, name, code):
    """Only the hub's managers signpost, and only while screening."""
    referral = make_referral(status=status)

    response = post(
        actor(name), detail_url(referral, "signpost"), {"version": referral.version, **GOOD}
    )

    if code != 200:
        assert_error(response, code)
        assert reloaded(referral).status == status
        return
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["signposted_to"]) == ("signposted", "Ashdown Compass")


def test_the_service_and_the_reason_are_required(make_referral, actor):
    """Given neither, then 400 on each; still being screened."""
    referral = make_referral(status=S.SCREENING)

    response = post(
        actor("hub_manager"), detail_url(referral, "signpost"), {"version": referral.version}
    )

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"reason", "signposted_to"}
    assert reloaded(referral).status == S.SCREENING


def test_the_referrer_sees_where_it_was_signposted(make_referral, actor):
    """Given a signposted referral, then the referrer sees the service and the reason."""
    referral = make_referral(status=S.SCREENING)
    post(
        actor("hub_manager"),
        detail_url(referral, "signpost"),
        {"version": referral.version, **GOOD},
    )

    body = actor("referrer").get(detail_url(referral)).json()

    assert body["signposted_to"] == "Ashdown Compass"
    assert body["decision_reason"] == GOOD["reason"]


def test_a_stale_version_is_a_409(make_referral, actor):
    """Given a version that is not the current one, then 409; still being screened."""
    referral = make_referral(status=S.SCREENING)

    response = post(
        actor("hub_manager"),
        detail_url(referral, "signpost"),
        {"version": referral.version - 1, **GOOD},
    )

    assert_error(response, 409, "conflict")
    assert reloaded(referral).status == S.SCREENING
