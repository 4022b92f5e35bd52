"""POST /api/v1/referrals/{id}/confirm-new/: none of the possible matches is this young person."""

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
        pytest.param(S.SCREENING, "anonymous", 401, id="anonymous must authenticate"),
        pytest.param(S.SCREENING, "other_agency", 404, id="another agency cannot tell"),
        pytest.param(S.SCREENING, "other_hub_manager", 404, id="another hub cannot tell"),
        pytest.param(S.SCREENING, "referrer", 403, id="the referrer does not match"),
        pytest.param(S.SCREENING, "team_manager", 403, id="nor does the team manager"),
        pytest.param(S.SCREENING, "hub_manager", 200, id="the hub's manager confirms"),
        pytest.param(S.ACCEPTED, "hub_manager", 200, id="still, once accepted"),
        pytest.param(S.ALLOCATED, "hub_manager", 400, id="after allocation"),
        pytest.param(S.SIGNPOSTED, "hub_manager", 400, id="after signposting"),
    ],
)
def test_permissions(make_referral, actor, status, name, code):
    """Only the hub's managers confirm a new young person, while screening or accepted."""
    referral = make_referral(status=status)
    before = referral.match_decision

    response = post(actor(name), detail_url(referral, "confirm-new"), {"version": referral.version})

    if code != 200:
        assert_error(response, code)
        assert reloaded(referral).match_decision == before
        return
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["match_decision"] == "new"
    assert body["young_person"] is None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REFERRAL_MATCH_NEW).exists()


def test_confirming_new_undoes_a_link(make_referral, known_young_person, actor):
    """Given a referral linked to a known young person, then confirming new unlinks it."""
    referral = make_referral(status=S.SCREENING, young_person=known_young_person())

    response = post(
        actor("hub_manager"), detail_url(referral, "confirm-new"), {"version": referral.version}
    )

    assert response.json()["match_decision"] == "new"
    assert reloaded(referral).young_person_id is None


def test_a_stale_version_is_a_409(make_referral, actor):
    """Given a version that is not the current one, then 409; nothing decided."""
    referral = make_referral(status=S.SCREENING)

    response = post(
        actor("hub_manager"), detail_url(referral, "confirm-new"), {"version": referral.version - 1}
    )

    assert_error(response, 409, "conflict")
    assert reloaded(referral).match_decision == ""
