"""POST /api/v1/referrals/{id}/screening-notes/: the hub's own notes, never the referrer's."""

from __future__ import annotations

import pytest

from referrals.models import Referral
from tests.api.conftest import assert_error
from tests.referrals.api.conftest import detail_url, post, reloaded

S = Referral.Status
NOTES = "Known to police from a missing episode in March."


@pytest.mark.parametrize(
    ("status", "name", "code"),
    [
        pytest.param(S.SCREENING, "anonymous", 401, id="anonymous must authenticate"),
        pytest.param(S.SCREENING, "other_agency", 404, id="another agency cannot tell"),
        pytest.param(S.SCREENING, "other_hub_manager", 404, id="another hub cannot tell"),
        pytest.param(S.SCREENING, "referrer", 403, id="the referrer does not screen"),
        pytest.param(S.SCREENING, "team_manager", 403, id="nor does the team manager"),
        pytest.param(S.SCREENING, "hub_manager", 200, id="the hub's manager writes notes"),
        pytest.param(S.ACCEPTED, "hub_manager", 200, id="still, once accepted"),
        pytest.param(S.SUBMITTED, "hub_manager", 400, id="before screening starts"),
        pytest.param(S.DECLINED, "hub_manager", 400, id="after declining"),
    ],
)
def test_permissions(make_referral, actor, status, name, code):
    """Only the hub's managers may write notes, while screening or before allocation."""
    referral = make_referral(status=status)

    response = post(
        actor(name),
        detail_url(referral, "screening-notes"),
        {"version": referral.version, "notes": NOTES},
    )

    if code != 200:
        assert_error(response, code)
        assert reloaded(referral).screening_notes == ""
        return
    assert response.status_code == 200, response.content
    assert response.json()["screening_notes"] == NOTES
    assert reloaded(referral).screening_notes == NOTES


def test_the_referrer_never_sees_the_notes(make_referral, actor):
    """Given notes written, then the referrer's and team manager's view has no trace of them."""
    referral = make_referral(status=S.SCREENING)
    post(
        actor("hub_manager"),
        detail_url(referral, "screening-notes"),
        {"version": referral.version, "notes": NOTES},
    )

    for name in ("referrer", "team_manager"):
        body = actor(name).get(detail_url(referral)).json()
        assert "screening_notes" not in body
        assert NOTES not in str(body)


def test_a_stale_version_is_a_409(make_referral, actor):
    """Given a version that is not the current one, then 409; no notes saved."""
    referral = make_referral(status=S.SCREENING)

    response = post(
        actor("hub_manager"),
        detail_url(referral, "screening-notes"),
        {"version": referral.version - 1, "notes": NOTES},
    )

    assert_error(response, 409, "conflict")
    assert reloaded(referral).screening_notes == ""
