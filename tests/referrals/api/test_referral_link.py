"""POST /api/v1/referrals/{id}/link/: the referral is about a young person the hub knows."""

from __future__ import annotations

import datetime

import pytest

from audit.models import AuditEvent
from cases import services as case_services
from cases.models import RiskLevel
from referrals.models import Referral
from tests.api.conftest import assert_error
from tests.referrals.api.conftest import detail_url, post, reloaded

S = Referral.Status
NOT_KNOWN = {"young_person": ["Choose a young person known to this hub."]}


@pytest.mark.parametrize(
    ("status", "name", "code"),
    [
        pytest.param(S.SCREENING, "anonymous", 401, id="anonymous must authenticate"),
        pytest.param(S.SCREENING, "other_agency", 404, id="another agency cannot tell"),
        pytest.param(S.SCREENING, "other_hub_manager", 404, id="another hub cannot tell"),
        pytest.param(S.SCREENING, "referrer", 403, id="the referrer does not match"),
        pytest.param(S.SCREENING, "team_manager", 403, id="nor does the team manager"),
        pytest.param(S.SCREENING, "hub_manager", 200, id="the hub's manager links"),
        pytest.param(S.SUBMITTED, "hub_manager", 400, id="before screening starts"),
        pytest.param(S.DECLINED, "hub_manager", 400, id="after declining"),
    ],
)
def test_permissions(make_referral, known_young_person, actor, status, name, code):
    """Only the hub's managers link, while screening or accepted; otherwise nothing changes."""
    person = known_young_person()
    referral = make_referral(status=status)

    response = post(
        actor(name),
        detail_url(referral, "link"),
        {"version": referral.version, "young_person": person.pk},
    )

    if code != 200:
        assert_error(response, code)
        assert reloaded(referral).young_person_id is None
        return
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["match_decision"] == "linked"
    assert body["young_person"]["id"] == person.pk
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REFERRAL_MATCH_LINKED).exists()


def test_another_hubs_young_person_and_a_missing_one_are_refused_alike(world, make_referral, actor):
    """Given a young person of the other hub and an id that does not exist, then the same
    400, so the answer never tells whether a young person exists elsewhere."""
    theirs = case_services.case_open(
        by=world.other_hub_manager,
        hub=world.other_hub,
        local_authority=world.la_b,
        risk_level=RiskLevel.LOW,
        rationale="Another hub's case.",
        young_person_data={
            "first_name": "Robin",
            "last_name": "Elsewhere",
            "date_of_birth": datetime.date(2011, 1, 1),
        },
    ).young_person
    referral = make_referral(status=S.SCREENING)
    client = actor("hub_manager")

    for young_person in (theirs.pk, theirs.pk + 1000):
        response = post(
            client,
            detail_url(referral, "link"),
            {"version": referral.version, "young_person": young_person},
        )
        assert assert_error(response, 400, "invalid")["fields"] == NOT_KNOWN
    assert reloaded(referral).young_person_id is None


def test_a_stale_version_is_a_409(make_referral, known_young_person, actor):
    """Given a version that is not the current one, then 409; not linked."""
    person = known_young_person()
    referral = make_referral(status=S.SCREENING)

    response = post(
        actor("hub_manager"),
        detail_url(referral, "link"),
        {"version": referral.version - 1, "young_person": person.pk},
    )

    assert_error(response, 409, "conflict")
    assert reloaded(referral).young_person_id is None
